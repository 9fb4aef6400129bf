import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# One block per row; each thread keeps its slice of the row in registers (float4 loads), so the row is
# read from global memory once: block reductions (warp shuffles + shared memory) give the mean, then the
# variance around it (two-pass, stable for any mean), then the row is normalised, scaled and shifted.
layer_norm_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>

#define THREADS 256
#define VPT 8   // float4 per thread: rows up to THREADS * 4 * VPT = 8192 floats

__device__ __forceinline__ float block_sum(float v, float* scratch) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffff, v, o);
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    __syncthreads();                      // scratch may still be read by a previous reduction
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < (THREADS / 32) ? scratch[lane] : 0.0f;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffff, v, o);
    return v;                             // every thread holds the block's sum
}

__global__ void __launch_bounds__(THREADS) layer_norm_rows(const float4* __restrict__ x, const float4* __restrict__ w,
                                                          const float4* __restrict__ b, float4* __restrict__ y,
                                                          int n4, float inv_n, float eps) {
    __shared__ float scratch[32];
    const float4* row = x + (size_t)blockIdx.x * n4;
    float4* out = y + (size_t)blockIdx.x * n4;
    float4 v[VPT];
    float s = 0.0f;
    #pragma unroll
    for (int j = 0; j < VPT; ++j) {
        const int i = threadIdx.x + j * THREADS;
        if (i < n4) {
            v[j] = row[i];
            s += (v[j].x + v[j].y) + (v[j].z + v[j].w);
        }
    }
    const float mean = block_sum(s, scratch) * inv_n;
    float q = 0.0f;
    #pragma unroll
    for (int j = 0; j < VPT; ++j) {
        const int i = threadIdx.x + j * THREADS;
        if (i < n4) {
            const float a = v[j].x - mean, c = v[j].y - mean, d = v[j].z - mean, e = v[j].w - mean;
            q += (a * a + c * c) + (d * d + e * e);
        }
    }
    const float rstd = rsqrtf(block_sum(q, scratch) * inv_n + eps);
    #pragma unroll
    for (int j = 0; j < VPT; ++j) {
        const int i = threadIdx.x + j * THREADS;
        if (i < n4) {
            const float4 g = w[i], h = b[i];
            float4 r;
            r.x = (v[j].x - mean) * rstd * g.x + h.x;
            r.y = (v[j].y - mean) * rstd * g.y + h.y;
            r.z = (v[j].z - mean) * rstd * g.z + h.z;
            r.w = (v[j].w - mean) * rstd * g.w + h.w;
            out[i] = r;
        }
    }
}

torch::Tensor layer_norm_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double eps) {
    TORCH_CHECK(x.is_cuda() && weight.is_cuda() && bias.is_cuda(), "CUDA tensors expected");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "float32 only");
    const int64_t n = x.size(-1);
    TORCH_CHECK(weight.numel() == n && bias.numel() == n, "weight/bias must have the last dimension's size");
    TORCH_CHECK(n % 4 == 0 && n <= THREADS * 4 * VPT, "last dimension must be a multiple of 4 and at most ", THREADS * 4 * VPT);
    auto xc = x.contiguous();
    auto wc = weight.contiguous();
    auto bc = bias.contiguous();
    auto y = torch::empty_like(xc);
    const int64_t rows = xc.numel() / n;
    if (rows == 0) return y;
    TORCH_CHECK(rows <= 2147483647LL, "too many rows");
    layer_norm_rows<<<(unsigned)rows, THREADS, 0, at::cuda::getCurrentCUDAStream()>>>(
        reinterpret_cast<const float4*>(xc.data_ptr<float>()), reinterpret_cast<const float4*>(wc.data_ptr<float>()),
        reinterpret_cast<const float4*>(bc.data_ptr<float>()), reinterpret_cast<float4*>(y.data_ptr<float>()),
        (int)(n / 4), 1.0f / (float)n, (float)eps);
    return y;
}
"""

layer_norm = load_inline(
    name="layer_norm_fast",
    cpp_sources="torch::Tensor layer_norm_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias, double eps);",
    cuda_sources=layer_norm_source,
    functions=["layer_norm_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        # Holds the parameters (copied from the reference); never called.
        self.norm = nn.LayerNorm(dim, eps=1e-5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return layer_norm.layer_norm_cuda(x, self.norm.weight, self.norm.bias, self.norm.eps)
