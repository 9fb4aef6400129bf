import AssayCore
import Foundation
import Testing
@testable import AssayKernels

@Suite struct RawKernelTests {
    @Test(arguments: [
        ("cdiv(numel(x), 256)", ["t:x", "numel", "i:256", "cdiv"]),
        ("size(x, 0) * size(x, 1) + 1", ["t:x", "i:0", "size", "t:x", "i:1", "size", "*", "i:1", "+"]),
        ("-(n // 2) % 3", ["s:n", "i:2", "/", "neg", "i:3", "%"]),
        ("max(1, min(stride(x, 1), 4))", ["i:1", "t:x", "i:1", "stride", "i:4", "min", "max"]),
        ("0.5", ["f:0.5"]),
        ("1_024", ["i:1024"]),
    ])
    func expressionsCompileToPostfix(_ text: String, _ program: [String]) throws {
        let e = try LaunchExpression(parsing: text, tensors: ["x"], scalars: ["n"])
        #expect(e.program == program)
    }

    @Test(arguments: [
        ("numel(y)", "not a tensor in scope"),
        ("x + 1", "is a tensor"),
        ("sqrt(4)", "unknown function"),
        ("cdiv(4)", "expected `,`"),
        ("(1 + 2", "missing `)`"),
        ("1 +", "ends too early"),
        ("99999999999999999999", "too large"),
        ("q", "unknown name"),
    ])
    func badExpressionsSayWhy(_ text: String, _ why: String) {
        #expect {
            _ = try LaunchExpression(parsing: text, tensors: ["x"], scalars: ["n"])
        } throws: { error in
            (error as? RawFormatError)?.message.contains(why) == true
        }
    }

    @Test func kernelSignaturesAreRead() throws {
        let source = """
            // extern "C" __global__ void commented(int a) {}
            extern "C" __global__ void __launch_bounds__(256) k1(const float* __restrict__ x, float *y, long long n, float a) {}
            __global__ void not_extern(int a) {}
            extern "C" __global__ void k2(void) {}
            """
        let kernels = try KernelSignature.parseAll(source)
        #expect(kernels.map(\.name) == ["k1", "k2"])
        #expect(kernels[0].parameters.map(\.type) == ["float", "float", "long long", "float"])
        #expect(kernels[0].parameters.map(\.isPointer) == [true, true, false, false])
        #expect(kernels[0].parameters.map(\.name) == ["x", "y", "n", "a"])
        #expect(kernels[1].parameters.isEmpty)
    }

    @Test func unsupportedParameterTypesAreRejected() {
        #expect(throws: RawFormatError.self) {
            _ = try KernelSignature.parseAll("extern \"C\" __global__ void k(float** x) {}")
        }
        #expect(throws: RawFormatError.self) {
            _ = try KernelSignature.parseAll("extern \"C\" __global__ void k(MyStruct s) {}")
        }
    }

    static let source = "extern \"C\" __global__ void relu_kernel(const float* x, float* y, long long n) {}"

    static func plan(_ json: String) throws -> RawKernelPlan {
        try RawKernelPlan(description: try RawLaunchDescription.decode(json), source: source)
    }

    @Test func aValidDescriptionBecomesAPlan() throws {
        let plan = try Self.plan("""
            {"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [{"name": "y", "like": "x"}],
             "launches": [{"kernel": "relu_kernel", "grid": ["cdiv(numel(x), 256)"], "block": [256],
                           "args": ["x", "y", "numel(x)"]}], "returns": ["y"]}
            """)
        #expect(plan.launches.count == 1)
        #expect(plan.launches[0].args.map(\.kind) == ["tensor", "tensor", "scalar"])
        #expect(plan.launches[0].args[0].dtype == "float32")
        #expect(plan.launches[0].args[2].ctype == "long long")
        #expect(plan.launches[0].sharedBytes.program == ["i:0"])
        #expect(plan.allocations[0].fill == "empty")
    }

    @Test(arguments: [
        (#"{"format": "other", "inputs": [], "allocate": [], "launches": [], "returns": []}"#, "format"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [], "launches": [], "returns": ["x"]}"#, "launches"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [], "launches": [{"kernel": "nope", "grid": [1], "block": [1], "args": []}], "returns": ["x"]}"#, "no `extern"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [{"name": "y", "like": "x"}], "launches": [{"kernel": "relu_kernel", "grid": [1], "block": [1], "args": ["x", "y"]}], "returns": ["y"]}"#, "2 args for 3"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [{"name": "y", "like": "x"}], "launches": [{"kernel": "relu_kernel", "grid": [1], "block": [1], "args": ["numel(x)", "y", "1"]}], "returns": ["y"]}"#, "must be a tensor name"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [{"name": "y", "like": "x"}], "launches": [{"kernel": "relu_kernel", "grid": [1], "block": [1], "args": ["x", "y", "0.5"]}], "returns": ["y"]}"#, "not an integer"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x", "x"], "allocate": [], "launches": [{"kernel": "relu_kernel", "grid": [1], "block": [1], "args": ["x", "x", "1"]}], "returns": ["x"]}"#, "used twice"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [{"name": "y"}], "launches": [{"kernel": "relu_kernel", "grid": [1], "block": [1], "args": ["x", "y", "1"]}], "returns": ["y"]}"#, "needs `like`"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x"], "allocate": [{"name": "y", "like": "x"}], "launches": [{"kernel": "relu_kernel", "grid": [1], "block": [1], "args": ["x", "y", "1"]}], "returns": ["z"]}"#, "not a tensor"),
        (#"{"format": "assay-raw-kernel/1", "inputs": ["x"]}"#, "lacks"),
        (#"{"format": "#, "not valid JSON"),
    ])
    func invalidDescriptionsSayWhy(_ json: String, _ why: String) {
        #expect {
            _ = try Self.plan(json)
        } throws: { error in
            (error as? RawFormatError)?.message.contains(why) == true
        }
    }

    @Test func aRawCandidateIsCheckedThroughTheChecker() async throws {
        let output = try TestFiles.fixture("raw/relu.md")
        let report = await KernelChecker().check(output: output, problem: try TestFiles.fixture("problems/relu.py"))
        #expect(report.verdict.status == .checked, "\(report.feedback)")
        #expect(report.candidate?.format == .rawKernel)
        #expect(report.rawPlan?.launches.first?.kernel == "relu_kernel")
    }

    @Test func aRawCandidateWithAStreamIsRejected() async throws {
        let output = try TestFiles.fixture("raw/relu.md").replacingOccurrences(
            of: "if (i < n)", with: "cudaStream_t s; cudaStreamCreate(&s); if (i < n)")
        let report = await KernelChecker().check(output: output, problem: nil)
        #expect(report.verdict.status == .rejected)
        #expect(report.findings.contains { $0.code == "cuda_stream_or_event" })
    }

    @Test func aRawCandidateWithTokenPastingIsRejected() async throws {
        let output = try TestFiles.fixture("raw/relu.md").replacingOccurrences(
            of: "if (i < n)", with: "cudaStream_t s; JOIN(cudaStream, Create)(&s); if (i < n)")
        let pasting = output.replacingOccurrences(of: "extern \"C\"", with: "#define JOIN(a, b) a##b\nextern \"C\"")
        #expect(pasting != output)
        let report = await KernelChecker().check(output: pasting, problem: nil)
        #expect(report.verdict.status == .rejected, "\(report.feedback)")
        #expect(report.findings.map(\.code) == ["native_token_pasting"])
    }

    @Test func aBrokenLaunchDescriptionIsAFormatError() async throws {
        let output = try TestFiles.fixture("raw/relu.md").replacingOccurrences(of: "\"numel(x)\"]", with: "\"numel(q)\"]")
        let report = await KernelChecker().check(output: output, problem: nil)
        #expect(report.verdict.status == .formatError)
        #expect(report.verdict.reasons.first?.code == "bad_launch_description")
    }
}
