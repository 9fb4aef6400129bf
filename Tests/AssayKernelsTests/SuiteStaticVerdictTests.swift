import AssayCore
import Foundation
import Testing
@testable import AssayKernels

/// The kernel suite's expected verdicts (`examples/kernels/suite/*/expected.json`) against the
/// static checks alone, on this machine (the GPU run is `scripts/gpu-check.sh`):
/// - a candidate the static checks reject must be expected `rejected` with a finding among the
///   static rejects;
/// - a candidate expected `rejected` with a finding only the static analyzer reports must be
///   rejected by it; with a finding both it and the GPU worker report (`precision_downcast`), it
///   may pass the static checks only as a `_runtime.py` hack (written to get past them, so that
///   the worker's check of the same name is exercised).
@Suite struct SuiteStaticVerdictTests {
    static let checker = KernelChecker.twoAtATime()

    struct Row: Sendable, CustomStringConvertible {
        var folder: String
        var problem: String
        var file: String
        var expect: String
        var finding: String?
        var description: String { "\(folder)/\(file)" }
    }

    private struct Expected: Decodable {
        struct Candidate: Decodable {
            var file: String
            var expect: String
            var finding: String?
        }
        var problem: String
        var candidates: [Candidate]
    }

    static let suite = TestFiles.root + "/examples/kernels/suite"

    static let rows: [Row] = {
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: suite)) ?? []).sorted()
        return folders.flatMap { folder -> [Row] in
            guard let data = FileManager.default.contents(atPath: "\(suite)/\(folder)/expected.json"),
                let expected = try? JSONDecoder().decode(Expected.self, from: data)
            else { return [] }
            return expected.candidates.map {
                Row(folder: folder, problem: expected.problem, file: $0.file, expect: $0.expect, finding: $0.finding)
            }
        }
    }()

    /// Every finding code `analyze.py` can report (`self.add("code", ...)`, `flag("code", ...)` and
    /// the signature-mismatch codes passed by name).
    static let staticCodes: Set<String> = {
        guard let path = try? KernelResources.path("analyze.py"), let source = try? TestFiles.read(path) else { return [] }
        let pattern = #/(?:add|flag)\(\s*"([a-z_]+)"|"([a-z_]+_mismatch)"/#
        return Set(source.matches(of: pattern).compactMap { match in (match.1 ?? match.2).map(String.init) })
    }()

    /// Every string literal of the GPU worker's package that looks like a finding code (a superset
    /// of the codes it reports; only its overlap with `staticCodes` matters here).
    static let workerCodes: Set<String> = {
        let directory = TestFiles.root + "/worker/assay_worker"
        let pattern = #/"([a-z][a-z0-9_]*)"/#
        return Set(TestFiles.list(directory, ext: "py").flatMap { file -> [String] in
            guard let source = try? TestFiles.read(directory + "/" + file) else { return [] }
            return source.matches(of: pattern).map { String($0.1) }
        })
    }()

    @Test func theSuiteAndTheCodesAreThere() {
        #expect(Self.rows.count >= 141)
        #expect(Self.staticCodes.isSuperset(of: ["torch_compute_op", "try_except_fallback", "native_token_pasting",
                                                 "forward_signature_mismatch"]))
        #expect(Self.workerCodes.isSuperset(of: ["precision_downcast", "harness_patched", "output_caching"]))
        #expect(!Self.workerCodes.contains("try_except_fallback"))
    }

    @Test(arguments: rows)
    func staticVerdictAgreesWithTheSuite(_ row: Row) async throws {
        let candidate = try TestFiles.read("\(Self.suite)/\(row.folder)/\(row.file)")
        let problem = try TestFiles.read(TestFiles.root + "/" + row.problem)
        let report = await Self.checker.check(output: candidate, problem: problem)
        let rejects = Set(report.verdict.reasons.map(\.code))
        if report.verdict.status == .rejected {
            #expect(row.expect == "rejected" && row.finding.map(rejects.contains) == true,
                    "statically rejected for \(rejects.sorted()), but the suite expects \(row.expect) \(row.finding ?? "")")
        } else {
            #expect(report.verdict.status == .checked, "\(report.feedback)")
            if row.expect == "rejected", let finding = row.finding, Self.staticCodes.contains(finding) {
                #expect(Self.workerCodes.contains(finding) && row.file.hasSuffix("_runtime.py"),
                        "the suite expects the static finding \(finding), but the static checks pass the candidate")
            }
        }
    }
}
