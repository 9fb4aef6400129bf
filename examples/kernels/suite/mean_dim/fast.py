# Mean over dim 1 of [B, N, M]: each block owns 32 float4 column groups of one batch entry and 16
# slices of N; loads are float4 and coalesced along M, unrolled 4 deep, partial sums combined in
# shared memory. Falls back to a scalar kernel of the same shape when M % 4 != 0 or unaligned.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

constexpr int TX = 32;   // column groups per block
constexpr int TY = 16;   // slices of the reduced dimension per block

__device__ __forceinline__ void add4(float4& a, const float4& b) {
    a.x += b.x; a.y += b.y; a.z += b.z; a.w += b.w;
}

__global__ void mean_dim1_vec4(const float4* __restrict__ x, float4* __restrict__ out,
                               int64_t N, int64_t M4, int64_t col_tiles, float inv_n) {
    __shared__ float4 part[TY][TX];
    const int64_t b = blockIdx.x / col_tiles;
    const int64_t c = (blockIdx.x % col_tiles) * TX + threadIdx.x;
    float4 acc = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
    if (c < M4) {
        const float4* base = x + b * N * M4 + c;
        int64_t n = threadIdx.y;
        for (; n + 3 * TY < N; n += 4 * TY) {
            float4 a0 = base[n * M4];
            float4 a1 = base[(n + TY) * M4];
            float4 a2 = base[(n + 2 * TY) * M4];
            float4 a3 = base[(n + 3 * TY) * M4];
            add4(a0, a1);
            add4(a2, a3);
            add4(a0, a2);
            add4(acc, a0);
        }
        for (; n < N; n += TY) add4(acc, base[n * M4]);
    }
    part[threadIdx.y][threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.y == 0 && c < M4) {
        float4 s = part[0][threadIdx.x];
        #pragma unroll
        for (int k = 1; k < TY; ++k) add4(s, part[k][threadIdx.x]);
        s.x *= inv_n; s.y *= inv_n; s.z *= inv_n; s.w *= inv_n;
        out[b * M4 + c] = s;
    }
}

__global__ void mean_dim1_scalar(const float* __restrict__ x, float* __restrict__ out,
                                 int64_t N, int64_t M, int64_t col_tiles, float inv_n) {
    __shared__ float part[TY][TX];
    const int64_t b = blockIdx.x / col_tiles;
    const int64_t c = (blockIdx.x % col_tiles) * TX + threadIdx.x;
    float acc = 0.0f;
    if (c < M) {
        const float* base = x + b * N * M + c;
        for (int64_t n = threadIdx.y; n < N; n += TY) acc += base[n * M];
    }
    part[threadIdx.y][threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.y == 0 && c < M) {
        float s = part[0][threadIdx.x];
        for (int k = 1; k < TY; ++k) s += part[k][threadIdx.x];
        out[b * M + c] = s * inv_n;
    }
}

torch::Tensor mean_dim1_cuda(torch::Tensor x) {
    TORCH_CHECK(x.is_cuda(), "x must be a CUDA tensor");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32, "x must be float32");
    TORCH_CHECK(x.dim() == 3, "x must be [B, N, M]");
    auto xc = x.contiguous();
    const int64_t B = xc.size(0), N = xc.size(1), M = xc.size(2);
    TORCH_CHECK(N > 0, "the mean over an empty dimension is undefined");
    auto out = torch::empty({B, M}, xc.options());
    if (B == 0 || M == 0) return out;
    const float inv_n = 1.0f / (float)N;
    const float* xp = xc.data_ptr<float>();
    float* op = out.data_ptr<float>();
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const dim3 block(TX, TY);
    const bool vec = M % 4 == 0 && reinterpret_cast<uintptr_t>(xp) % 16 == 0 && reinterpret_cast<uintptr_t>(op) % 16 == 0;
    if (vec) {
        const int64_t M4 = M / 4;
        const int64_t col_tiles = (M4 + TX - 1) / TX;
        mean_dim1_vec4<<<(unsigned int)(B * col_tiles), block, 0, stream>>>(
            reinterpret_cast<const float4*>(xp), reinterpret_cast<float4*>(op), N, M4, col_tiles, inv_n);
    } else {
        const int64_t col_tiles = (M + TX - 1) / TX;
        mean_dim1_scalar<<<(unsigned int)(B * col_tiles), block, 0, stream>>>(xp, op, N, M, col_tiles, inv_n);
    }
    return out;
}
"""

mean_ext = load_inline(
    name="mean_dim_fast",
    cpp_sources="torch::Tensor mean_dim1_cuda(torch::Tensor x);",
    cuda_sources=source,
    functions=["mean_dim1_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return mean_ext.mean_dim1_cuda(x)
