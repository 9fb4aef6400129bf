// Assay slim torch: what c10/cuda/CUDAException.h provides (CUDA error checks).
#pragma once
#include <assay/torch_slim.h>
#include <cuda_runtime_api.h>

#define C10_CUDA_CHECK(expr)                                                                      \
    do {                                                                                          \
        const cudaError_t assay_err_ = (expr);                                                    \
        if (C10_UNLIKELY(assay_err_ != cudaSuccess)) {                                            \
            throw ::c10::Error(::c10::str("CUDA error: ", cudaGetErrorString(assay_err_)));        \
        }                                                                                         \
    } while (false)
#define C10_CUDA_KERNEL_LAUNCH_CHECK() C10_CUDA_CHECK(cudaGetLastError())
#define C10_CUDA_CHECK_WARN(expr) ((void)(expr))
