import Testing
@testable import AssayKernels

/// Tensors kept between calls send a candidate to the full path.
@Suite struct PersistentTensorScanTests {
    @Test(arguments: [
        "static torch::Tensor cache;",
        "torch::Tensor f(torch::Tensor x) { static at::Tensor buf; return buf; }",
        "struct Last { torch::Tensor in; torch::Tensor out; };\nstatic Last* last = new Last();",
        "struct A { torch::Tensor t; }; struct B { A a; }; B holder;",
        "std::vector<torch::Tensor> g_workspace;",
        "namespace cache { torch::Tensor last; }",
        "thread_local torch::Tensor scratch;",
        "struct K { static torch::Tensor shared; };",
    ])
    func persistentTensorsAreFound(_ source: String) {
        #expect(PersistentTensorScan.firstPersistentTensor(in: [source]) != nil, "\(source)")
    }

    @Test(arguments: [
        "torch::Tensor relu_cuda(torch::Tensor x);",
        "static torch::Tensor helper(torch::Tensor x) { auto y = torch::empty_like(x); return y; }",
        "torch::Tensor f(torch::Tensor x) { torch::Tensor y = x.contiguous(); static int calls = 0; return y; }",
        "struct Args { torch::Tensor x; }; torch::Tensor g(Args a) { Args b{a}; return b.x; }",
        "// static torch::Tensor cache;\nconst char* s = \"static torch::Tensor x;\";",
        "extern \"C\" { int n; }\n#define KEEP static torch::Tensor",
        "__global__ void k(float* y) { __shared__ float tile[256]; static_assert(sizeof(float) == 4); }",
        "static const int BLOCK = 256; static __device__ float scale;",
    ])
    func callScopedCodeIsNot(_ source: String) {
        #expect(PersistentTensorScan.firstPersistentTensor(in: [source]) == nil, "\(source)")
    }
}
