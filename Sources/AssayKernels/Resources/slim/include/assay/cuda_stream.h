// Assay slim torch: what c10/cuda/CUDAStream.h provides. The current stream is torch's: the
// loader answers getCurrentCUDAStream() with torch.cuda.current_stream().
#pragma once
#include <assay/cuda_functions.h>

namespace c10 {
namespace cuda {

class CUDAStream {
   public:
    explicit CUDAStream(cudaStream_t s, int8_t device) : stream_(s), device_(device) {}
    cudaStream_t stream() const { return stream_; }
    operator cudaStream_t() const { return stream_; }
    Device device() const { return Device(DeviceType::CUDA, device_); }
    int8_t device_index() const { return device_; }
    void synchronize() const { C10_CUDA_CHECK(cudaStreamSynchronize(stream_)); }
    bool operator==(const CUDAStream& o) const { return stream_ == o.stream_ && device_ == o.device_; }
    bool operator!=(const CUDAStream& o) const { return !(*this == o); }

   private:
    cudaStream_t stream_;
    int8_t device_;
};

inline CUDAStream getCurrentCUDAStream(int8_t device_index = -1) {
    at::Tensor handle = at::detail::host_op("current_stream", nullptr, {}, 0, -1, 1, device_index);
    return CUDAStream(reinterpret_cast<cudaStream_t>(handle.assay_desc().data),
                      static_cast<int8_t>(handle.assay_desc().device_index));
}

inline CUDAStream getDefaultCUDAStream(int8_t device_index = -1) {
    int device = device_index;
    if (device < 0) device = current_device();
    return CUDAStream(nullptr, static_cast<int8_t>(device));
}

}  // namespace cuda
}  // namespace c10
