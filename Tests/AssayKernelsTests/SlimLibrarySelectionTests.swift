import Testing
@testable import AssayKernels

/// The scan that picks the standard-library headers of a slim build.
@Suite struct SlimLibrarySelectionTests {
    @Test func kernelOnlySourcesNeedNothing() {
        let selection = SlimLibrarySelection.scan([
            "__global__ void k(const float* x, float* y, int64_t n) { y[0] = fmaxf(x[0], 0.f); }",
            "torch::Tensor f(torch::Tensor x) { TORCH_CHECK(x.is_cuda()); return torch::empty_like(x); }",
        ])
        #expect(!selection.everything)
        #expect(selection.parts.isEmpty)
        #expect(selection.defines == ["-DASSAY_SLIM_STD_SELECTIVE"])
        #expect(selection.summary == "selected: none")
    }

    @Test func namedStandardTypesSelectTheirHeaders() {
        let selection = SlimLibrarySelection.scan([
            "std::vector<torch::Tensor> f(); std :: string s = std::to_string(1); ::std::cout << s << std::endl;",
            "auto t = std::make_tuple(1, 2); int m = std::max(1, 2); std::size_t n = sizeof(float);",
        ])
        #expect(selection.parts == [.vector, .string, .iostream, .tuple, .algorithm])
        #expect(selection.defines == [
            "-DASSAY_SLIM_STD_SELECTIVE", "-DASSAY_STD_ALGORITHM=1", "-DASSAY_STD_IOSTREAM=1", "-DASSAY_STD_STRING=1",
            "-DASSAY_STD_TUPLE=1", "-DASSAY_STD_VECTOR=1",
        ])
    }

    @Test func coreNamesSelectNothing() {
        let selection = SlimLibrarySelection.scan([
            "std::min_t; int64_t a = std::numeric_limits<int>::max(); auto o = std::optional<int>(); std::memcpy(0,0,0); std::sqrt(2.0);"
        ])
        // `min_t` is not a standard name: unknown names select everything (below); here the
        // known core names alone would select nothing.
        #expect(selection.everything)
        let core = SlimLibrarySelection.scan([
            "int64_t a = std::numeric_limits<int>::max(); auto o = std::optional<int>(); std::memcpy(0,0,0); std::sqrt(2.0);"
        ])
        #expect(!core.everything)
        #expect(core.parts.isEmpty)
    }

    @Test(arguments: [
        "using namespace std;\nvector<int> v;",
        "using   namespace std ; int x;",
        "auto p = std::filesystem::path();",
        "std::mutex m;",
    ])
    func unknownOrBlanketUsesSelectEverything(_ source: String) {
        let selection = SlimLibrarySelection.scan([source])
        #expect(selection.everything)
        #expect(selection.defines.isEmpty)
        #expect(selection == .all)
    }

    @Test(arguments: [
        "__half h = __float2half(1.0f);", "at::Half* p;", "AT_DISPATCH_FLOATING_TYPES_AND_HALF(x.scalar_type(), \"k\", [&]{});",
        "__nv_bfloat16 b;", "x.scalar_type() == torch::kBFloat16", "__hadd(a, b)",
    ])
    func halfPrecisionSelectsTheCudaHalfHeaders(_ source: String) {
        #expect(SlimLibrarySelection.scan([source]).parts == [.cudaHalf])
    }

    @Test func hostAndDeviceQualifiersAreNotHalfPrecision() {
        #expect(!SlimLibrarySelection.mentionsHalfPrecision("__host__ __device__ inline float f(float x) { return x; }"))
    }

    @Test func wordsThatOnlyContainStdAreNotQualifiedNames() {
        #expect(SlimLibrarySelection.qualifiedStandardNames(in: "mystd::vector<int> a; stdout; x.std::y") == ["y"])
        #expect(SlimLibrarySelection.qualifiedStandardNames(in: "std::") == [])
    }
}
