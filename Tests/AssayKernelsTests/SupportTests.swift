import AssayCore
import Testing
@testable import AssayKernels

@Suite struct SupportTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256MatchesKnownDigests(_ input: String, _ digest: String) {
        #expect(SHA256Hasher.hex(input) == digest)
    }

    @Test(arguments: [
        ("-O3", ["-O3"]),
        ("-Xptxas -v", ["-Xptxas", "-v"]),
        ("--compiler-options '-fPIC -O2'", ["--compiler-options", "-fPIC -O2"]),
        ("-DNAME=\"a b\"", ["-DNAME=a b"]),
        ("  ", []),
    ])
    func flagsSplitLikeAShell(_ flag: String, _ words: [String]) {
        #expect(ShellWords.split(flag) == words)
    }

    static let sources = [
        GeneratedSource(
            fileName: "cuda.cu", implicitHeaders: ["#include <torch/types.h>", "#include <cuda.h>", "#include <cuda_runtime.h>"],
            sources: [
                [.init(text: "\n__global__ void k() {\n  bad;\n}\n", line: 10, exact: true)],
                [.init(text: "int a;", line: 30, exact: false), .init(text: "\nint b;\nint c;", line: 40, exact: true)],
            ],
            section: "cuda_sources", trailer: []),
        GeneratedSource(
            fileName: "main.cpp", implicitHeaders: ["#include <torch/extension.h>"],
            sources: [[.init(text: "torch::Tensor f(torch::Tensor x);", line: 20, exact: true)]], section: "cpp_sources",
            trailer: ["ASSAY_BINDINGS_BEGIN", "ASSAY_BIND(0, f)"]),
    ]

    @Test func generatedFilesKeepLoadInlinesLayout() {
        let cuda = Self.sources[0]
        #expect(cuda.text.hasPrefix("#include <torch/types.h>\n#include <cuda.h>\n#include <cuda_runtime.h>\n\n__global__"))
        #expect(cuda.locate(1)?.section == "generated")
        #expect(cuda.locate(6)?.pythonLine == 12)  // "  bad;" is the third line of the first string
        #expect(cuda.locate(9)?.pythonLine == 30)  // "int a;" (inexact piece)
        #expect(cuda.locate(10)?.pythonLine == 41)  // "int b;"
        #expect(Self.sources[1].locate(2)?.pythonLine == 20)
        #expect(Self.sources[1].locate(4)?.section == "generated")
    }

    @Test func compilerLocationsBecomeCandidateLines() {
        let log = """
            /tmp/build/cuda.cu(6): error: identifier "bad" is undefined
                  bad;
                  ^

            /tmp/build/main.cpp:2:15: error: 'Tensr' in namespace 'torch' does not name a type
            1 error detected in the compilation of "cuda.cu".
            """
        let d = CompilerDiagnostics(log: log, sources: Self.sources, buildDirectory: "/tmp/build", slimInclude: "/slim")
        #expect(d.errorCount == 2)
        #expect(d.text.contains("candidate line 12 (cuda_sources): error: identifier \"bad\" is undefined"))
        #expect(d.text.contains("candidate line 20 (cpp_sources)"))
        #expect(!d.text.contains("/tmp/build"))
        #expect(!d.slimCoverageGap)
    }

    @Test(arguments: [
        ("cuda.cu(3): fatal error: ATen/native/Foo.h: No such file or directory", true),
        ("cuda.cu(3): catastrophic error: cannot open source file \"pybind11/pybind11.h\"", true),
        ("cuda.cu(3): error: namespace \"at::cuda\" has no member \"getCurrentCUDAStream\"", true),
        ("main.cpp:3:5: error: 'class at::Tensor' has no member named 'half'", true),
        ("cuda.cu(3): error: class \"at::Tensor\" has no member \"half\"", true),
        ("cuda.cu(9): error: identifier \"AT_DISPATCH_FLOATING_TYPES_AND_HALF\" is undefined", true),
        ("/slim/assay/slim_binding.h:40:5: error: static assertion failed: Assay slim binding: unsupported parameter type", true),
        ("main.o: undefined reference to `at::native::relu(at::Tensor const&)'", true),
        ("cuda.cu(3): error: identifier \"undefined_thing\" is undefined", false),
        ("cuda.cu(3): error: expected a \";\"", false),
        ("main.cpp:3:5: error: expected ';' before '}' token", false),
    ])
    func slimCoverageGapsAreRecognised(_ line: String, _ gap: Bool) {
        let d = CompilerDiagnostics(log: line, sources: [], buildDirectory: "/tmp/build", slimInclude: "/slim")
        #expect(d.slimCoverageGap == gap)
    }

    @Test func longLogsAreTrimmed() {
        let log = (1...30).map { "cuda.cu(\($0)): error: identifier \"x\($0)\" is undefined" }.joined(separator: "\n")
        let d = CompilerDiagnostics(log: log, sources: [], buildDirectory: "/b", slimInclude: nil)
        #expect(d.errorCount == 30)
        #expect(d.text.contains("and 22 more errors"))
    }

    @Test func archOptionsBecomeTorchsFlags() {
        let options = CompileOptions(arch: "sm_90", cacheDirectory: "/tmp/x")
        #expect(options.archDigits == "90")
        #expect(options.torchArchList == "9.0+PTX")
        #expect(BuildPlan.archFlags(options, userFlags: ["-O3"])
            == ["-gencode=arch=compute_90,code=compute_90", "-gencode=arch=compute_90,code=sm_90"])
        #expect(BuildPlan.archFlags(options, userFlags: ["-arch=sm_80"]).isEmpty)
        #expect(CompileOptions(arch: "sm_100a", cacheDirectory: "/x").torchArchList == "10.0a+PTX")
        #expect(CompileOptions(arch: "compute_90", cacheDirectory: "/x").archDigits == nil)
    }
}
