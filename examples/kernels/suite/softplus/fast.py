# Softplus (beta 1, threshold 20): float4 loads and stores, grid-stride loop sized to the GPU.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

__device__ __forceinline__ float softplus1(float v) {
    return v > 20.0f ? v : log1pf(expf(v));
}

__global__ void softplus_vec4(const float4* __restrict__ x, float4* __restrict__ y, int64_t n4) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride) {
        float4 v = x[i];
        v.x = softplus1(v.x);
        v.y = softplus1(v.y);
        v.z = softplus1(v.z);
        v.w = softplus1(v.w);
        y[i] = v;
    }
}

__global__ void softplus_scalar(const float* __restrict__ x, float* __restrict__ y, int64_t start, int64_t n) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = start + (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        y[i] = softplus1(x[i]);
    }
}

torch::Tensor softplus_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    auto xc = x.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t n = xc.numel();
    if (n == 0) return y;
    const float* xp = xc.data_ptr<float>();
    float* yp = y.data_ptr<float>();
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const int threads = 256;
    const int max_blocks = at::cuda::getCurrentDeviceProperties()->multiProcessorCount * 8;
    const bool aligned = (reinterpret_cast<uintptr_t>(xp) % 16 == 0) && (reinterpret_cast<uintptr_t>(yp) % 16 == 0);
    int64_t done = 0;
    if (aligned) {
        const int64_t n4 = n / 4;
        if (n4 > 0) {
            const int blocks = (int)std::min<int64_t>((n4 + threads - 1) / threads, max_blocks);
            softplus_vec4<<<blocks, threads, 0, stream>>>(reinterpret_cast<const float4*>(xp),
                                                          reinterpret_cast<float4*>(yp), n4);
        }
        done = n4 * 4;
    }
    if (done < n) {
        const int blocks = (int)std::min<int64_t>((n - done + threads - 1) / threads, max_blocks);
        softplus_scalar<<<blocks, threads, 0, stream>>>(xp, yp, done, n);
    }
    return y;
}
"""

softplus_ext = load_inline(
    name="softplus_fast",
    cpp_sources="torch::Tensor softplus_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["softplus_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return softplus_ext.softplus_cuda(x)
