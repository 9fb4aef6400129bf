// Assay slim torch: what c10/cuda/CUDAFunctions.h provides (device queries).
#pragma once
#include <assay/cuda_exception.h>

namespace c10 {
namespace cuda {
inline int device_count() {
    int n = 0;
    C10_CUDA_CHECK(cudaGetDeviceCount(&n));
    return n;
}
inline int current_device() {
    int device = 0;
    C10_CUDA_CHECK(cudaGetDevice(&device));
    return device;
}
inline void set_device(int device) { C10_CUDA_CHECK(cudaSetDevice(device)); }
inline void device_synchronize() { C10_CUDA_CHECK(cudaDeviceSynchronize()); }
}  // namespace cuda
}  // namespace c10
