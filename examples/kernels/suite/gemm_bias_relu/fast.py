import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

# Linear + bias + ReLU in one kernel: a register-tiled SGEMM for x @ W^T (both operands K-contiguous;
# 64x64 block tiles, 16-deep K slices loaded with float4, 4x4 outputs per thread) whose epilogue adds the bias
# and applies the ReLU before the single float4 store, instead of eager's GEMM + separate ReLU pass.
gemm_source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

#define BM 64
#define BN 64
#define BK 16
#define PAD 4

__global__ void __launch_bounds__(256) gemm_bias_relu_tiled(const float* __restrict__ A, const float* __restrict__ B,
                                                           const float* __restrict__ bias, float* __restrict__ C,
                                                           int M, int N, int K) {
    __shared__ __align__(16) float As[BK][BM + PAD];
    __shared__ __align__(16) float Bs[BK][BN + PAD];
    const int tid = threadIdx.x;
    const int tx = tid & 15, ty = tid >> 4;
    const int bm = blockIdx.y * BM, bn = blockIdx.x * BN;
    const int lr = tid >> 2;          // tile row (of A) / tile column (of C, row of B) this thread loads
    const int lk = (tid & 3) * 4;     // first of the 4 k it loads
    float acc[4][4];
    #pragma unroll
    for (int i = 0; i < 4; ++i)
        #pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += BK) {
        const int gk = k0 + lk;
        float4 a = make_float4(0.0f, 0.0f, 0.0f, 0.0f), b = a;
        if (bm + lr < M && gk < K) a = __ldg(reinterpret_cast<const float4*>(A + (size_t)(bm + lr) * K + gk));
        if (bn + lr < N && gk < K) b = __ldg(reinterpret_cast<const float4*>(B + (size_t)(bn + lr) * K + gk));
        As[lk][lr] = a.x; As[lk + 1][lr] = a.y; As[lk + 2][lr] = a.z; As[lk + 3][lr] = a.w;
        Bs[lk][lr] = b.x; Bs[lk + 1][lr] = b.y; Bs[lk + 2][lr] = b.z; Bs[lk + 3][lr] = b.w;
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
    if (col >= N) return;   // N % 4 == 0: a thread's four columns are all in or all out
    const float4 bv = __ldg(reinterpret_cast<const float4*>(bias + col));
    #pragma unroll
    for (int i = 0; i < 4; ++i) {
        const int row = bm + ty * 4 + i;
        if (row >= M) continue;
        *reinterpret_cast<float4*>(C + (size_t)row * N + col) =
            make_float4(fmaxf(acc[i][0] + bv.x, 0.0f), fmaxf(acc[i][1] + bv.y, 0.0f),
                        fmaxf(acc[i][2] + bv.z, 0.0f), fmaxf(acc[i][3] + bv.w, 0.0f));
    }
}

torch::Tensor gemm_bias_relu_cuda(torch::Tensor A, torch::Tensor B, torch::Tensor bias) {
    TORCH_CHECK(A.is_cuda() && B.is_cuda() && bias.is_cuda(), "CUDA tensors expected");
    TORCH_CHECK(A.scalar_type() == torch::kFloat32 && B.scalar_type() == torch::kFloat32 &&
                bias.scalar_type() == torch::kFloat32, "float32 only");
    TORCH_CHECK(A.dim() == 2 && B.dim() == 2 && A.size(1) == B.size(1) && bias.numel() == B.size(0),
                "x (M, K), weight (N, K) and bias (N) expected");
    auto a = A.contiguous();
    auto b = B.contiguous();
    auto bc = bias.contiguous();
    const int64_t M = a.size(0), K = a.size(1), N = b.size(0);
    TORCH_CHECK(K % 4 == 0 && N % 4 == 0, "K and N must be multiples of 4 (float4 loads and stores)");
    TORCH_CHECK(M < (1LL << 31) && N < (1LL << 31) && K < (1LL << 31), "dimensions too large");
    TORCH_CHECK(reinterpret_cast<uintptr_t>(a.data_ptr<float>()) % 16 == 0 &&
                reinterpret_cast<uintptr_t>(b.data_ptr<float>()) % 16 == 0 &&
                reinterpret_cast<uintptr_t>(bc.data_ptr<float>()) % 16 == 0, "16-byte aligned inputs expected");
    auto C = torch::empty({M, N}, a.options());
    if (M == 0 || N == 0) return C;
    dim3 grid((unsigned)((N + BN - 1) / BN), (unsigned)((M + BM - 1) / BM));
    gemm_bias_relu_tiled<<<grid, 256, 0, at::cuda::getCurrentCUDAStream()>>>(
        a.data_ptr<float>(), b.data_ptr<float>(), bc.data_ptr<float>(), C.data_ptr<float>(), (int)M, (int)N, (int)K);
    return C;
}
"""

gemm = load_inline(
    name="gemm_bias_relu_fast",
    cpp_sources="torch::Tensor gemm_bias_relu_cuda(torch::Tensor A, torch::Tensor B, torch::Tensor bias);",
    cuda_sources=gemm_source,
    functions=["gemm_bias_relu_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        # Holds the parameters (copied from the reference); never called.
        self.gemm = nn.Linear(in_features, out_features, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return gemm.gemm_bias_relu_cuda(x, self.gemm.weight, self.gemm.bias)
