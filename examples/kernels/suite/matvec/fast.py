import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Memory-bound: one warp per row of A, coalesced float4 loads of the row (x is 16 KB and stays in cache),
# FMAs into one partial sum per lane, a warp-shuffle reduction, one store per row.
matvec_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

__global__ void __launch_bounds__(256) matvec_warp_rows(const float4* __restrict__ A, const float4* __restrict__ x,
                                                       float* __restrict__ y, int rows, int k4) {
    const int row = (int)(((size_t)blockIdx.x * blockDim.x + threadIdx.x) >> 5);
    const int lane = threadIdx.x & 31;
    if (row >= rows) return;   // the whole warp leaves together
    const float4* a = A + (size_t)row * k4;
    float s = 0.0f;
    #pragma unroll 4
    for (int i = lane; i < k4; i += 32) {
        const float4 u = __ldg(a + i);
        const float4 v = __ldg(x + i);
        s = fmaf(u.x, v.x, s);
        s = fmaf(u.y, v.y, s);
        s = fmaf(u.z, v.z, s);
        s = fmaf(u.w, v.w, s);
    }
    for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffff, s, o);
    if (lane == 0) y[row] = s;
}

torch::Tensor matvec_cuda(torch::Tensor A, torch::Tensor x) {
    TORCH_CHECK(A.is_cuda() && x.is_cuda(), "CUDA tensors expected");
    TORCH_CHECK(A.scalar_type() == torch::kFloat32 && x.scalar_type() == torch::kFloat32, "float32 only");
    TORCH_CHECK(A.dim() == 2 && x.dim() == 2 && x.size(1) == 1 && x.size(0) == A.size(1), "A (M, K) and x (K, 1) expected");
    auto a = A.contiguous();
    auto v = x.contiguous();
    const int64_t M = a.size(0), K = a.size(1);
    TORCH_CHECK(K % 4 == 0, "K must be a multiple of 4 (float4 loads)");
    TORCH_CHECK(M < (1LL << 31) / 32, "too many rows");
    TORCH_CHECK(reinterpret_cast<uintptr_t>(a.data_ptr<float>()) % 16 == 0 &&
                reinterpret_cast<uintptr_t>(v.data_ptr<float>()) % 16 == 0, "16-byte aligned inputs expected");
    auto y = torch::empty({M, 1}, a.options());
    if (M == 0) return y;
    const int threads = 256;
    const int64_t blocks = (M * 32 + threads - 1) / threads;
    matvec_warp_rows<<<(unsigned)blocks, threads, 0, at::cuda::getCurrentCUDAStream()>>>(
        reinterpret_cast<const float4*>(a.data_ptr<float>()), reinterpret_cast<const float4*>(v.data_ptr<float>()),
        y.data_ptr<float>(), (int)M, (int)(K / 4));
    return y;
}
"""

matvec = load_inline(
    name="matvec_fast",
    cpp_sources="torch::Tensor matvec_cuda(torch::Tensor A, torch::Tensor x);",
    cuda_sources=matvec_source,
    functions=["matvec_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return matvec.matvec_cuda(A, x)
