import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Compile error: make_float4 called with three components (the .w one forgotten)
# (error: too few arguments in function call).
fused_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

__global__ void mul_add_vec4(const float4* __restrict__ x, const float4* __restrict__ y, const float4* __restrict__ z,
                             float4* __restrict__ out, int64_t n4) {
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride) {
        const float4 a = __ldg(x + i), b = __ldg(y + i), c = __ldg(z + i);
        out[i] = make_float4(fmaf(a.x, b.x, c.x), fmaf(a.y, b.y, c.y), fmaf(a.z, b.z, c.z));
    }
}

__global__ void mul_add_tail(const float* __restrict__ x, const float* __restrict__ y, const float* __restrict__ z,
                             float* __restrict__ out, int64_t start, int64_t n) {
    const int64_t i = start + (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) out[i] = fmaf(x[i], y[i], z[i]);
}

torch::Tensor mul_add_cuda(torch::Tensor x, torch::Tensor y, torch::Tensor z) {
    TORCH_CHECK(x.is_cuda() && y.is_cuda() && z.is_cuda(), "CUDA tensors expected");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32 && y.scalar_type() == torch::kFloat32 &&
                z.scalar_type() == torch::kFloat32, "float32 only");
    TORCH_CHECK(x.sizes() == y.sizes() && x.sizes() == z.sizes(), "x, y and z must have the same shape");
    auto xc = x.contiguous();
    auto yc = y.contiguous();
    auto zc = z.contiguous();
    auto out = torch::empty_like(xc);
    const int64_t n = xc.numel();
    if (n == 0) return out;
    const float* xp = xc.data_ptr<float>();
    const float* yp = yc.data_ptr<float>();
    const float* zp = zc.data_ptr<float>();
    float* op = out.data_ptr<float>();
    const bool aligned = ((reinterpret_cast<uintptr_t>(xp) | reinterpret_cast<uintptr_t>(yp) |
                           reinterpret_cast<uintptr_t>(zp) | reinterpret_cast<uintptr_t>(op)) % 16) == 0;
    const int64_t n4 = aligned ? n / 4 : 0;
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const int threads = 256;
    if (n4 > 0) {
        const int64_t want = (n4 + threads - 1) / threads;
        const int blocks = (int)(want < 132 * 16 ? want : 132 * 16);
        mul_add_vec4<<<blocks, threads, 0, stream>>>(reinterpret_cast<const float4*>(xp), reinterpret_cast<const float4*>(yp),
                                                     reinterpret_cast<const float4*>(zp), reinterpret_cast<float4*>(op), n4);
    }
    const int64_t done = n4 * 4;
    if (done < n) {
        const int64_t rest = n - done;
        mul_add_tail<<<(unsigned)((rest + threads - 1) / threads), threads, 0, stream>>>(xp, yp, zp, op, done, n);
    }
    return out;
}
"""

fused = load_inline(
    name="add_mul_fused_compile_error",
    cpp_sources="torch::Tensor mul_add_cuda(torch::Tensor x, torch::Tensor y, torch::Tensor z);",
    cuda_sources=fused_source,
    functions=["mul_add_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor, y: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return fused.mul_add_cuda(x, y, z)
