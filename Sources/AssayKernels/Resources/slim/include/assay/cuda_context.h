// Assay slim torch: what ATen/cuda/CUDAContext.h provides (current stream, device properties).
#pragma once
#include <assay/aten_cuda_exceptions.h>
#include <assay/cuda_stream.h>

namespace at {
namespace cuda {

inline cudaDeviceProp* getDeviceProperties(int device) {
    static cudaDeviceProp props[64];
    static bool loaded[64] = {};
    TORCH_CHECK(device >= 0 && device < 64, "bad device index ", device);
    if (!loaded[device]) {
        C10_CUDA_CHECK(cudaGetDeviceProperties(&props[device], device));
        loaded[device] = true;
    }
    return &props[device];
}
inline cudaDeviceProp* getCurrentDeviceProperties() { return getDeviceProperties(c10::cuda::current_device()); }
inline int warp_size() { return getCurrentDeviceProperties()->warpSize; }
inline bool is_available() { return c10::cuda::device_count() > 0; }

}  // namespace cuda
}  // namespace at
