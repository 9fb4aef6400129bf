# ELU: float4 loads and stores, grid-stride loop sized to the GPU, expm1f for accuracy near 0.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

__device__ __forceinline__ float elu1(float v, float alpha) {
    return v > 0.0f ? v : alpha * expm1f(v);
}

__global__ void elu_vec4(const float4* __restrict__ x, float4* __restrict__ y, int64_t n4, float alpha) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride) {
        float4 v = x[i];
        v.x = elu1(v.x, alpha);
        v.y = elu1(v.y, alpha);
        v.z = elu1(v.z, alpha);
        v.w = elu1(v.w, alpha);
        y[i] = v;
    }
}

__global__ void elu_scalar(const float* __restrict__ x, float* __restrict__ y, int64_t start, int64_t n, float alpha) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = start + (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        y[i] = elu1(x[i], alpha);
    }
}

torch::Tensor elu_cuda(torch::Tensor x, double alpha) {
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
            elu_vec4<<<blocks, threads, 0, stream>>>(reinterpret_cast<const float4*>(xp), reinterpret_cast<float4*>(yp),
                                                     n4, (float)alpha);
        }
        done = n4 * 4;
    }
    if (done < n) {
        const int blocks = (int)std::min<int64_t>((n - done + threads - 1) / threads, max_blocks);
        elu_scalar<<<blocks, threads, 0, stream>>>(xp, yp, done, n, (float)alpha);
    }
    return y;
}
"""

elu_ext = load_inline(
    name="elu_fast",
    cpp_sources="torch::Tensor elu_cuda(torch::Tensor x, double alpha);",
    cuda_sources=source,
    functions=["elu_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, alpha: float):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return elu_ext.elu_cuda(x, self.alpha)
