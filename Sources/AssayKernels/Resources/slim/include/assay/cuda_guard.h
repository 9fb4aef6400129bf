// Assay slim torch: what c10/cuda/CUDAGuard.h provides (device guards).
#pragma once
#include <assay/cuda_stream.h>

namespace c10 {
namespace cuda {

class OptionalCUDAGuard {
   public:
    OptionalCUDAGuard() = default;
    explicit OptionalCUDAGuard(optional<Device> d) { if (d) set_device(*d); }
    explicit OptionalCUDAGuard(Device d) { set_device(d); }
    explicit OptionalCUDAGuard(int8_t index) { set_index(index); }
    ~OptionalCUDAGuard() { if (original_ >= 0) cudaSetDevice(original_); }
    OptionalCUDAGuard(const OptionalCUDAGuard&) = delete;
    OptionalCUDAGuard& operator=(const OptionalCUDAGuard&) = delete;
    void set_device(Device d) {
        TORCH_CHECK(d.is_cuda(), "CUDAGuard expects a CUDA device, got ", d);
        if (d.has_index()) set_index(d.index());
    }
    void set_index(int8_t index) {
        if (original_ < 0) C10_CUDA_CHECK(cudaGetDevice(&original_));
        C10_CUDA_CHECK(cudaSetDevice(index));
    }
    void reset_device(Device d) { set_device(d); }

   private:
    int original_ = -1;
};

class CUDAGuard : public OptionalCUDAGuard {
   public:
    explicit CUDAGuard(Device d) : OptionalCUDAGuard(d) {}
    explicit CUDAGuard(int8_t index) : OptionalCUDAGuard(index) {}
};

}  // namespace cuda
}  // namespace c10
