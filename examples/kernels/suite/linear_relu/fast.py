# Linear + ReLU fused: the same 64 x 64 register-tiled GEMM as matmul (the weight read as [N, K]
# rows with float4 loads), bias and ReLU applied to the accumulators before the single store.
# Plain float32 FMAs, so cuBLAS's addmm stays ahead on the GEMM itself.
import torch
import torch.nn as nn
from torch.utils.cpp_extension import load_inline

source = """
#include <torch/extension.h>
#include <ATen/cuda/CUDAContext.h>
#include <cstdint>

constexpr int BM = 64;   // rows of C per block
constexpr int BN = 64;   // columns of C per block
constexpr int BK = 16;   // depth of one shared-memory stage
// 256 threads as 16 x 16; each computes a 4 x 4 patch of C at rows ty + 16 i, columns tx + 16 j,
// so shared-memory reads are broadcasts (A) or 16 consecutive words (B): no bank conflicts.

// B_IS_NK: B is given as [N, K] (a Linear weight) instead of [K, N].
template <bool B_IS_NK, bool BIAS_RELU>
__global__ void __launch_bounds__(256) gemm_tiled(const float* __restrict__ A, const float* __restrict__ B,
                                                  const float* __restrict__ bias, float* __restrict__ C,
                                                  int M, int N, int K) {
    __shared__ float As[BK][BM];
    __shared__ float Bs[BK][BN + 4];
    const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
    const int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
    // loaders: one float4 of A (row lr, k offset lk) and one float4 of B per thread and stage
    const int lr = threadIdx.x / 4, lk = (threadIdx.x % 4) * 4;
    const int bk = threadIdx.x / 16, bn = (threadIdx.x % 16) * 4;
    float acc[4][4] = {};
    for (int k0 = 0; k0 < K; k0 += BK) {
        const float4 a = *reinterpret_cast<const float4*>(A + (int64_t)(m0 + lr) * K + k0 + lk);
        As[lk + 0][lr] = a.x; As[lk + 1][lr] = a.y; As[lk + 2][lr] = a.z; As[lk + 3][lr] = a.w;
        if (B_IS_NK) {
            const float4 b = *reinterpret_cast<const float4*>(B + (int64_t)(n0 + lr) * K + k0 + lk);
            Bs[lk + 0][lr] = b.x; Bs[lk + 1][lr] = b.y; Bs[lk + 2][lr] = b.z; Bs[lk + 3][lr] = b.w;
        } else {
            const float4 b = *reinterpret_cast<const float4*>(B + (int64_t)(k0 + bk) * N + n0 + bn);
            Bs[bk][bn + 0] = b.x; Bs[bk][bn + 1] = b.y; Bs[bk][bn + 2] = b.z; Bs[bk][bn + 3] = b.w;
        }
        __syncthreads();
        #pragma unroll
        for (int k = 0; k < BK; ++k) {
            float av[4], bv[4];
            #pragma unroll
            for (int i = 0; i < 4; ++i) av[i] = As[k][ty + 16 * i];
            #pragma unroll
            for (int j = 0; j < 4; ++j) bv[j] = Bs[k][tx + 16 * j];
            #pragma unroll
            for (int i = 0; i < 4; ++i)
                #pragma unroll
                for (int j = 0; j < 4; ++j) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
        }
        __syncthreads();
    }
    #pragma unroll
    for (int i = 0; i < 4; ++i) {
        const int m = m0 + ty + 16 * i;
        #pragma unroll
        for (int j = 0; j < 4; ++j) {
            const int n = n0 + tx + 16 * j;
            float v = acc[i][j];
            if (BIAS_RELU) v = fmaxf(v + bias[n], 0.0f);
            C[(int64_t)m * N + n] = v;
        }
    }
}

// Any shape: 16 x 16 tiles, one output per thread, bounds-checked loads.
template <bool B_IS_NK, bool BIAS_RELU>
__global__ void gemm_generic(const float* __restrict__ A, const float* __restrict__ B, const float* __restrict__ bias,
                             float* __restrict__ C, int M, int N, int K) {
    __shared__ float As[16][17];
    __shared__ float Bs[16][17];
    const int row = blockIdx.y * 16 + threadIdx.y;
    const int col = blockIdx.x * 16 + threadIdx.x;
    float acc = 0.0f;
    for (int k0 = 0; k0 < K; k0 += 16) {
        const int ka = k0 + threadIdx.x, kb = k0 + threadIdx.y;
        As[threadIdx.y][threadIdx.x] = (row < M && ka < K) ? A[(int64_t)row * K + ka] : 0.0f;
        float b = 0.0f;
        if (kb < K && col < N) b = B_IS_NK ? B[(int64_t)col * K + kb] : B[(int64_t)kb * N + col];
        Bs[threadIdx.y][threadIdx.x] = b;
        __syncthreads();
        #pragma unroll
        for (int k = 0; k < 16; ++k) acc = fmaf(As[threadIdx.y][k], Bs[k][threadIdx.x], acc);
        __syncthreads();
    }
    if (row < M && col < N) C[(int64_t)row * N + col] = BIAS_RELU ? fmaxf(acc + bias[col], 0.0f) : acc;
}

template <bool B_IS_NK, bool BIAS_RELU>
void launch_gemm(const float* A, const float* B, const float* bias, float* C, int64_t M, int64_t N, int64_t K) {
    TORCH_CHECK(M < (1LL << 31) && N < (1LL << 31) && K < (1LL << 31), "matrix too large");
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const bool aligned = reinterpret_cast<uintptr_t>(A) % 16 == 0 && reinterpret_cast<uintptr_t>(B) % 16 == 0;
    if (aligned && M % BM == 0 && N % BN == 0 && K % BK == 0) {
        const dim3 grid((unsigned int)(N / BN), (unsigned int)(M / BM));
        gemm_tiled<B_IS_NK, BIAS_RELU><<<grid, 256, 0, stream>>>(A, B, bias, C, (int)M, (int)N, (int)K);
    } else {
        const dim3 grid((unsigned int)((N + 15) / 16), (unsigned int)((M + 15) / 16));
        gemm_generic<B_IS_NK, BIAS_RELU><<<grid, dim3(16, 16), 0, stream>>>(A, B, bias, C, (int)M, (int)N, (int)K);
    }
}

torch::Tensor linear_relu_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias) {
    TORCH_CHECK(x.is_cuda() && weight.is_cuda() && bias.is_cuda(), "inputs must be CUDA tensors");
    TORCH_CHECK(x.scalar_type() == torch::kFloat32 && weight.scalar_type() == torch::kFloat32 &&
                bias.scalar_type() == torch::kFloat32, "inputs must be float32");
    TORCH_CHECK(x.dim() == 2 && weight.dim() == 2 && bias.dim() == 1, "x [M, K], weight [N, K], bias [N] expected");
    TORCH_CHECK(x.size(1) == weight.size(1) && bias.size(0) == weight.size(0), "shapes do not match");
    auto a = x.contiguous();
    auto w = weight.contiguous();
    auto b = bias.contiguous();
    const int64_t M = a.size(0), K = a.size(1), N = w.size(0);
    TORCH_CHECK(K > 0, "in_features must be positive");
    auto C = torch::empty({M, N}, a.options());
    if (M == 0 || N == 0) return C;
    launch_gemm<true, true>(a.data_ptr<float>(), w.data_ptr<float>(), b.data_ptr<float>(), C.data_ptr<float>(), M, N, K);
    return C;
}
"""

linear_relu_ext = load_inline(
    name="linear_relu_fast",
    cpp_sources="torch::Tensor linear_relu_cuda(torch::Tensor x, torch::Tensor weight, torch::Tensor bias);",
    cuda_sources=source,
    functions=["linear_relu_cuda"],
    verbose=False,
)


class ModelNew(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        # Holds the weights (same initialisation as the reference); its forward is never called.
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return linear_relu_ext.linear_relu_cuda(x, self.linear.weight, self.linear.bias)
