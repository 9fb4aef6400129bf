import Foundation
import AssayCore
import Testing
@testable import AssayKernels

/// Every candidate in Fixtures/candidates declares what the static checks must find, in its
/// first line: `# assay-expect: status=<status> problem=<name> findings=<code,code|->`.
/// The set of finding codes must match exactly (rejects and warnings).
@Suite struct CandidateFixtureTests {
    static let checker = KernelChecker.twoAtATime()

    struct Expectation: Sendable, CustomStringConvertible {
        var file: String
        var status: String
        var problem: String
        var findings: Set<String>
        var description: String { file }
    }

    static let fixtures: [Expectation] = TestFiles.list(TestFiles.fixtures + "/candidates", ext: "py").compactMap { file in
        guard let text = try? TestFiles.fixture("candidates/" + file),
            let header = text.split(separator: "\n").first, header.hasPrefix("# assay-expect:")
        else { return nil }
        var fields: [String: String] = [:]
        for part in header.dropFirst("# assay-expect:".count).split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        let findings = fields["findings"] == "-" ? [] : Set((fields["findings"] ?? "").split(separator: ",").map(String.init))
        return Expectation(file: file, status: fields["status"] ?? "?", problem: fields["problem"] ?? "relu", findings: findings)
    }

    @Test func thereAreEnoughFixtures() {
        #expect(Self.fixtures.count >= 40)
        #expect(Self.fixtures.count == TestFiles.list(TestFiles.fixtures + "/candidates", ext: "py").count,
                "every fixture needs an assay-expect header")
        #expect(Self.fixtures.contains { $0.status == "checked" })
        #expect(Self.fixtures.contains { $0.status == "syntax_error" })
    }

    @Test(arguments: fixtures)
    func staticChecks(_ expectation: Expectation) async throws {
        let candidate = try TestFiles.fixture("candidates/" + expectation.file)
        let problem = try TestFiles.fixture("problems/\(expectation.problem).py")
        let report = await Self.checker.check(output: candidate, problem: problem)
        #expect(report.verdict.status.rawValue == expectation.status, "\(report.feedback)")
        #expect(Set(report.findings.map(\.code)) == expectation.findings, "\(report.findings.map(\.feedbackLine))")
        #expect(!report.verdict.passed)
        if expectation.status == "rejected" {
            #expect(report.feedback.hasPrefix("Rejected by static checks:"))
            #expect(report.verdict.reasons.allSatisfy { expectation.findings.contains($0.code) })
        }
    }

    @Test func findingsPointAtTheOffendingLine() async throws {
        let candidate = try TestFiles.fixture("candidates/hack_torch_relu_in_forward.py")
        let report = await Self.checker.check(output: candidate, problem: nil)
        let finding = try #require(report.findings.first { $0.code == "torch_compute_op" })
        let line = try #require(finding.line)
        let text = candidate.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        #expect(text.contains("torch.relu"))
    }

    @Test func nativeFindingsPointIntoTheCudaString() async throws {
        let candidate = try TestFiles.fixture("candidates/hack_native_stream.py")
        let report = await Self.checker.check(output: candidate, problem: nil)
        let finding = try #require(report.findings.first { $0.code == "cuda_stream_or_event" })
        let line = try #require(finding.line)
        let text = candidate.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        #expect(text.contains("cudaStreamCreate"))
    }

    @Test func aFloat16ProblemAllowsHalf() async throws {
        let candidate = try TestFiles.fixture("candidates/hack_half_python.py")
        let problem = try TestFiles.fixture("problems/relu.py").replacingOccurrences(
            of: "x = torch.randn(batch_size, dim)", with: "x = torch.randn(batch_size, dim, dtype=torch.float16)")
        let report = await Self.checker.check(output: candidate, problem: problem)
        #expect(!report.findings.contains { $0.code == "precision_downcast" })
        #expect(report.problem?.fp32 == false)
    }

    @Test func aProblemCanAllowTorchOps() async throws {
        let candidate = try TestFiles.fixture("candidates/hack_torch_relu_in_forward.py")
        let problem = "# assay: allow-torch-ops relu\n" + (try TestFiles.fixture("problems/relu.py"))
        let report = await Self.checker.check(output: candidate, problem: problem)
        #expect(report.verdict.status == .checked, "\(report.feedback)")
    }

    @Test func aBrokenProblemIsInvalidNotTheCandidatesFault() async throws {
        let candidate = try TestFiles.fixture("candidates/ok_basic.py")
        let report = await Self.checker.check(output: candidate, problem: "class Model:\n    pass\n")
        #expect(report.verdict.status == .invalid)
        #expect(report.verdict.reasons.first?.message.contains("get_inputs") == true)
    }

    @Test func extensionsAreResolvedWithPythonLines() async throws {
        let candidate = try TestFiles.fixture("candidates/ok_fstring_constants.py")
        let report = await Self.checker.check(output: candidate, problem: nil)
        let ext = try #require(report.extensions.first)
        #expect(ext.name == "relu_ext")
        #expect(ext.functions == ["relu_cuda"])
        let cuda = try #require(ext.cudaSources.first?.first)
        #expect(cuda.text.contains("const int threads = 256;"))
        #expect(!cuda.text.contains("{THREADS}"))
    }
}
