import Foundation

/// The static analyzer's answer for one candidate (and problem), decoded from `analyze.py`.
struct AnalyzerOutput: Sendable, Decodable {
    struct SyntaxError: Sendable, Decodable {
        var message: String
        var line: Int?
        var column: Int?
        var text: String?
    }

    struct Problem: Sendable, Decodable {
        var error: String?
        var classes: [String]
        var forwardArity: Int?
        var initArity: Int?
        var fp32: Bool
        var allowedOps: [String]

        var info: ProblemInfo {
            ProblemInfo(classes: classes, forwardArity: forwardArity, initArity: initArity, fp32: fp32, allowedOps: allowedOps)
        }
    }

    var problem: Problem?
    var syntaxError: SyntaxError?
    var extensions: [InlineExtension]?
    var findings: [Finding]?
}

/// The analyzer could not run (no Python, a crash): an infrastructure failure, not the candidate's.
struct AnalyzerFailure: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs the Python static analyzer (`Resources/analyze.py`) as a subprocess.
///
/// The analyzer only parses the candidate with `ast.parse`; it is run with `-I -S` (no site
/// packages, no environment-controlled import paths), so the candidate's text cannot influence
/// which code runs.
struct StaticAnalyzer: Sendable {
    var python: String
    var script: String
    var timeout: Duration = .seconds(30)
    /// Bounds how many analyzer processes run at once (the compile service's own limiter, so a
    /// whole batch in flight never starts hundreds at once); `nil`: unbounded. The timeout counts
    /// from when the process starts, not while it waits.
    var limiter: ProcessLimiter?

    /// The analyzer with the default interpreter and the bundled script.
    static func standard() throws(AnalyzerFailure) -> StaticAnalyzer {
        guard let python = ExecutableLookup.python() else {
            throw AnalyzerFailure(message: "python3 not found in PATH (set ASSAY_PYTHON)")
        }
        do {
            return StaticAnalyzer(python: python, script: try KernelResources.path("analyze.py"))
        } catch {
            throw AnalyzerFailure(message: error.message)
        }
    }

    private struct Request: Encodable {
        struct Raw: Encodable {
            var source: String
            var nvccFlags: [String]
            enum CodingKeys: String, CodingKey {
                case source
                case nvccFlags = "nvcc_flags"
            }
        }
        var candidate: String
        var problem: String?
        var rawKernel: Raw?
        enum CodingKeys: String, CodingKey {
            case candidate, problem
            case rawKernel = "raw_kernel"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(candidate, forKey: .candidate)
            try c.encode(problem, forKey: .problem)
            try c.encodeIfPresent(rawKernel, forKey: .rawKernel)
        }
    }

    /// Analyzes a Python candidate (`rawKernel == nil`) or the CUDA source of a raw-kernel candidate.
    func analyze(
        candidate: String, problem: String?, rawKernelFlags: [String]? = nil
    ) async throws(AnalyzerFailure) -> AnalyzerOutput {
        let request = Request(
            candidate: rawKernelFlags == nil ? candidate : "", problem: problem,
            rawKernel: rawKernelFlags.map { Request.Raw(source: candidate, nvccFlags: $0) })
        let input: String
        do {
            input = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        } catch {
            throw AnalyzerFailure(message: "cannot encode the analyzer request: \(error)")
        }
        let outcome: ProcessOutcome
        do {
            let request = ProcessRequest(
                executable: python, arguments: ["-I", "-S", script], input: input, timeout: timeout,
                output: .collect(limit: 64 << 20))
            if let limiter {
                outcome = try await limiter.withSlot { try await ProcessRunner.run(request) }
            } else {
                outcome = try await ProcessRunner.run(request)
            }
        } catch let error as ProcessLaunchError {
            throw AnalyzerFailure(message: error.message)
        } catch {
            throw AnalyzerFailure(message: "\(error)")
        }
        guard outcome.succeeded else {
            let why = outcome.timedOut ? "timed out" : "failed (exit \(outcome.exitCode.map(String.init) ?? "signal"))"
            throw AnalyzerFailure(message: "the static analyzer \(why): \(outcome.standardError.suffix(2000))")
        }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(AnalyzerOutput.self, from: Data(outcome.standardOutput.utf8))
        } catch {
            throw AnalyzerFailure(message: "the static analyzer's output is not what Assay expects: \(error)")
        }
    }
}
