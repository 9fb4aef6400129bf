from assay_worker.kernelnames import declared_kernels, is_own_kernel

SRC = r'''
#include <cuda_runtime.h>
// __global__ void commented_out(float* x) {}
/* __global__ void also_commented(int) {} */
__global__ void relu_kernel(const float* x, float* y, int n) { }
template <typename T>
__global__ void __launch_bounds__(256, 2) scale_kernel(T* y, T s, int n) { }
extern "C" __global__ void plain_c(float* y) {}
static __global__ void
    spaced_kernel
    (float* y) {}
torch::Tensor relu(torch::Tensor x);
'''


def test_declared_kernels():
    assert declared_kernels([SRC]) == ["relu_kernel", "scale_kernel", "plain_c", "spaced_kernel"]


def test_declared_kernels_dedupes_across_sources():
    assert declared_kernels([SRC, "__global__ void relu_kernel(float*){}"]).count("relu_kernel") == 1


def test_is_own_kernel_demangled_forms():
    names = ["relu_kernel", "scale_kernel"]
    assert is_own_kernel("relu_kernel(float const*, float*, int)", names)
    assert is_own_kernel("void scale_kernel<float>(float*, float, int)", names)
    assert is_own_kernel("ns::relu_kernel(float const*, float*, int)", names)
    assert is_own_kernel("relu_kernel", names)


def test_is_own_kernel_mangled_form():
    assert is_own_kernel("_Z11relu_kernelPKfPfi", ["relu_kernel"])
    assert not is_own_kernel("_Z12relu_kernel2PKfPfi", ["relu_kernel"])


def test_aten_kernels_are_not_own():
    names = ["relu_kernel"]
    assert not is_own_kernel("void at::native::vectorized_elementwise_kernel<4, at::native::(anonymous namespace)::launch_clamp_scalar>(int, ...)", names)
    assert not is_own_kernel("my_relu_kernel(float*)", names)
    assert not is_own_kernel("relu_kernel2(float*)", names)
