import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Compile error: `data_ptr()` without a type returns void*, which C++ does not convert to const float*
# implicitly (error: a value of type "void *" cannot be used to initialize an entity of type "const float *").
layer_norm_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

__device__ float block_sum(float v, float* scratch) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffff, v, o);
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < (blockDim.x >> 5) ? scratch[lane] : 0.0f;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffff, v, o);
    return v;
}

__global__ void layer_norm_rows(const float* __restrict__ x, const float* __restrict__ w, const float* __restrict__ b,
                                float* __restrict__ y, int n, float eps) {
    __shared__ float scratch[32];
    const float* row = x + (size_t)blockIdx.x * n;
    float* out = y + (size_t)blockIdx.x * n;
    float s = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) s += row[i];
    const float mean = block_sum(s, scratch) / n;
    float q = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) { const float d = row[i] - mean; q += d * d; }
    const float inv = rsqrtf(block_sum(q, scratch) / n + eps);
    for (int i = threadIdx.x; i < n; i += blockDim.x) out[i] = (row[i] - mean) * inv * w[i] + b[i];
}

torch::Tensor layer_norm_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double eps) {
    TORCH_CHECK(x.is_cuda() && x.scalar_type() == torch::kFloat32, "float32 CUDA tensor expected");
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto bc = bias.contiguous();
    auto y = torch::empty_like(xc);
    const int n = (int)xc.size(-1);
    const int64_t rows = xc.numel() / n;
    const float* xp = xc.data_ptr();
    layer_norm_rows<<<(unsigned)rows, 256, 0, at::cuda::getCurrentCUDAStream()>>>(
        xp, wc.data_ptr<float>(), bc.data_ptr<float>(), y.data_ptr<float>(), n, (float)eps);
    return y;
}
"""

layer_norm = load_inline(
    name="layer_norm_compile_error",
    cpp_sources="torch::Tensor layer_norm_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double eps);",
    cuda_sources=layer_norm_source,
    functions=["layer_norm_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.norm = nn.LayerNorm(dim, eps=1e-5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return layer_norm.layer_norm_cuda(x, self.norm.weight, self.norm.bias, self.norm.eps)
