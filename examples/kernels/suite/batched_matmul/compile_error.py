import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Compile error: the launch passes the batch count, which the kernel does not take
# (error: too many arguments in function call).
bmm_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

#define BM 64
#define BN 64
#define BK 16
#define PAD 4

__global__ void __launch_bounds__(256) bmm_tiled(const float* __restrict__ A, const float* __restrict__ B,
                                                float* __restrict__ C, int M, int N, int K) {
    __shared__ __align__(16) float As[BK][BM + PAD];
    __shared__ __align__(16) float Bs[BK][BN + PAD];
    const size_t batch = blockIdx.z;
    A += batch * (size_t)M * K;
    B += batch * (size_t)K * N;
    C += batch * (size_t)M * N;
    const int tid = threadIdx.x;
    const int tx = tid & 15, ty = tid >> 4;
    const int bm = blockIdx.y * BM, bn = blockIdx.x * BN;
    const int ar = tid >> 2, ak = (tid & 3) * 4;     // A tile: row, first of 4 k
    const int bk = tid >> 4, bc = (tid & 15) * 4;    // B tile: k, first of 4 columns
    float acc[4][4];
    #pragma unroll
    for (int i = 0; i < 4; ++i)
        #pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += BK) {
        float4 a = make_float4(0.0f, 0.0f, 0.0f, 0.0f), b = a;
        if (bm + ar < M && k0 + ak < K) a = __ldg(reinterpret_cast<const float4*>(A + (size_t)(bm + ar) * K + k0 + ak));
        if (k0 + bk < K && bn + bc < N) b = __ldg(reinterpret_cast<const float4*>(B + (size_t)(k0 + bk) * N + bn + bc));
        As[ak][ar] = a.x; As[ak + 1][ar] = a.y; As[ak + 2][ar] = a.z; As[ak + 3][ar] = a.w;
        *reinterpret_cast<float4*>(&Bs[bk][bc]) = b;
        __syncthreads();
        #pragma unroll
        for (int k = 0; k < BK; ++k) {
            const float4 ra = *reinterpret_cast<const float4*>(&As[k][ty * 4]);
            const float4 rb = *reinterpret_cast<const float4*>(&Bs[k][tx * 4]);
            const float av[4] = {ra.x, ra.y, ra.z, ra.w};
            const float bv[4] = {rb.x, rb.y, rb.z, rb.w};
            #pragma unroll
            for (int i = 0; i < 4; ++i)
                #pragma unroll
                for (int j = 0; j < 4; ++j) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
        }
        __syncthreads();
    }
    const int col = bn + tx * 4;
    #pragma unroll
    for (int i = 0; i < 4; ++i) {
        const int row = bm + ty * 4 + i;
        if (row >= M || col >= N) continue;
        *reinterpret_cast<float4*>(C + (size_t)row * N + col) = make_float4(acc[i][0], acc[i][1], acc[i][2], acc[i][3]);
    }
}

torch::Tensor bmm_cuda(torch::Tensor A, torch::Tensor B) {
    TORCH_CHECK(A.is_cuda() && B.is_cuda(), "CUDA tensors expected");
    TORCH_CHECK(A.scalar_type() == torch::kFloat32 && B.scalar_type() == torch::kFloat32, "float32 only");
    TORCH_CHECK(A.dim() == 3 && B.dim() == 3 && A.size(0) == B.size(0) && A.size(2) == B.size(1),
                "A (batch, M, K) and B (batch, K, N) expected");
    auto a = A.contiguous();
    auto b = B.contiguous();
    const int64_t batch = a.size(0), M = a.size(1), K = a.size(2), N = b.size(2);
    TORCH_CHECK(K % 4 == 0 && N % 4 == 0, "K and N must be multiples of 4 (float4 loads and stores)");
    TORCH_CHECK(batch <= 65535 && M < (1LL << 31) && N < (1LL << 31) && K < (1LL << 31), "dimensions too large");
    TORCH_CHECK(reinterpret_cast<uintptr_t>(a.data_ptr<float>()) % 16 == 0 &&
                reinterpret_cast<uintptr_t>(b.data_ptr<float>()) % 16 == 0, "16-byte aligned inputs expected");
    auto C = torch::empty({batch, M, N}, a.options());
    if (batch == 0 || M == 0 || N == 0) return C;
    dim3 grid((unsigned)((N + BN - 1) / BN), (unsigned)((M + BM - 1) / BM), (unsigned)batch);
    bmm_tiled<<<grid, 256, 0, at::cuda::getCurrentCUDAStream()>>>(
        a.data_ptr<float>(), b.data_ptr<float>(), C.data_ptr<float>(), (int)batch, (int)M, (int)N, (int)K);
    return C;
}
"""

bmm = load_inline(
    name="batched_matmul_compile_error",
    cpp_sources="torch::Tensor bmm_cuda(torch::Tensor A, torch::Tensor B);",
    cuda_sources=bmm_source,
    functions=["bmm_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
        return bmm.bmm_cuda(A, B)
