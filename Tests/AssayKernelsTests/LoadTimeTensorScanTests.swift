import Testing
@testable import AssayKernels

/// Tensors created when the library loads send a candidate to the full path; tensors merely kept
/// between calls stay on the slim path (its loader keeps what the library still holds).
@Suite struct LoadTimeTensorScanTests {
    @Test(arguments: [
        "torch::Tensor g = torch::zeros({4});",
        "static torch::Tensor w = torch::empty({16}, torch::kCUDA);",
        "static at::Tensor w(at::ones({2}));",
        "struct W { torch::Tensor t = torch::ones({2}); }; W holder;",
        "struct W { torch::Tensor t; W() : t(torch::zeros({3})) {} }; static W* w = new W();",
        "namespace cache { torch::Tensor table = make_table(torch::kFloat32); }",
        "struct K { static torch::Tensor shared; }; torch::Tensor K::shared = torch::arange(8);",
        "std::vector<torch::Tensor> g_pool = {torch::empty({1})};",
    ])
    func loadTimeTensorsAreFound(_ source: String) {
        #expect(LoadTimeTensorScan.firstLoadTimeTensor(in: [source]) != nil, "\(source)")
    }

    @Test(arguments: [
        // kept between calls, created during one: the slim path serves these
        "static torch::Tensor cache;",
        "torch::Tensor f(torch::Tensor x) { static at::Tensor buf = torch::empty_like(x); return buf; }",
        "struct Last { torch::Tensor in; torch::Tensor out; };\nstatic Last* last = new Last();",
        "struct A { torch::Tensor t; }; struct B { A a; }; B holder;",
        "std::vector<torch::Tensor> g_workspace;",
        "namespace cache { torch::Tensor last; }",
        "thread_local torch::Tensor scratch;",
        "struct K { static torch::Tensor shared; };",
        // no tensor kept at all
        "torch::Tensor relu_cuda(torch::Tensor x);",
        "static torch::Tensor helper(torch::Tensor x) { auto y = torch::empty_like(x); return y; }",
        "torch::Tensor f(torch::Tensor x) { torch::Tensor y = x.contiguous(); static int calls = 0; return y; }",
        "// torch::Tensor g = torch::zeros({4});\nconst char* s = \"torch::Tensor g = torch::zeros({4});\";",
        "static const int BLOCK = 256; static __device__ float scale = 2.0f;",
        "static const auto kind = torch::kFloat32;",
    ])
    func tensorsMadeDuringCallsAreNot(_ source: String) {
        #expect(LoadTimeTensorScan.firstLoadTimeTensor(in: [source]) == nil, "\(source)")
    }
}
