import AssayCore
import AssaySandbox
import AssayStore

/// The python domain: a program run in the sandbox on a test input, its output compared with
/// the expected output.
///
/// The problem's reference is the test case and the limits as JSON (`{"stdin", "expected_stdout",
/// "timeout_ms", "memory_mb"}`), so the same program on another test, or under other limits,
/// is another pair: a verdict of `timeout` under 300 ms is never served to a request that
/// allows 10 s. Output is compared after normalisation (line endings, trailing whitespace at
/// the end).
struct PythonChecker: Checker {
    let sandbox: Sandbox

    var domain: String { "python" }
    /// A sandboxed run costs milliseconds: look the verdict up first.
    var isCheaperThanALookup: Bool { false }

    /// The problem for a test case.
    static func problem(stdin: String, expected: String, limits: SandboxLimits, label: String?) -> ProblemInput {
        let milliseconds = limits.timeout.inMilliseconds
        let reference = JSONValue.object(
            JSONObject([
                ("stdin", .string(stdin)), ("expected_stdout", .string(expected)),
                ("timeout_ms", .number(milliseconds)), ("memory_mb", .number(Double(limits.memoryBytes >> 20))),
            ]))
        return ProblemInput(domain: "python", reference: reference.jsonText, label: label)
    }

    func check(_ item: CheckItem) async -> CheckOutcome {
        let test = (try? JSONValue(parsing: item.problem.reference).objectValue) ?? JSONObject()
        let stdin = test["stdin"]?.stringValue ?? ""
        let expected = test["expected_stdout"]?.stringValue ?? ""
        let start = ContinuousClock.now
        let result: SandboxResult
        do {
            result = try await sandbox.run(code: item.candidate, stdin: Array(stdin.utf8))
        } catch {
            return CheckOutcome(
                verdict: Verdict(
                    status: .internalError, passed: false, reward: 0,
                    reasons: [Reason(code: error.code.rawValue, message: error.message)]),
                elapsedSeconds: (ContinuousClock.now - start).inSeconds)
        }
        let verdict = Self.verdict(for: result, expected: expected)
        return CheckOutcome(
            verdict: verdict, extracted: result.stdout, details: result.json,
            elapsedSeconds: (ContinuousClock.now - start).inSeconds)
    }

    static func verdict(for result: SandboxResult, expected: String) -> Verdict {
        let stages = [StageTiming(stage: "run", duration: result.duration)]
        func verdict(_ status: Verdict.Status, _ code: String, _ message: String, passed: Bool = false) -> Verdict {
            Verdict(status: status, passed: passed, reward: passed ? 1 : 0, reasons: [Reason(code: code, message: message)], stages: stages)
        }
        if result.timedOut { return verdict(.timeout, "timed_out", "the program ran out of time") }
        if result.memoryExceeded { return verdict(.memoryExceeded, "memory_exceeded", "the program ran out of memory") }
        if let signal = result.signal { return verdict(.runtimeError, "killed", "the program was killed by signal \(signal)") }
        if result.exitCode != 0 {
            let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
            return verdict(.runtimeError, "nonzero_exit", "exit code \(result.exitCode ?? -1): \(last)")
        }
        if result.truncated { return verdict(.wrongOutput, "output_truncated", "the output was longer than the limit") }
        if ContentHash.normalise(result.stdout) == ContentHash.normalise(expected) {
            return verdict(.correct, "output_matches", "the output matches the expected output", passed: true)
        }
        return verdict(.wrongOutput, "output_mismatch", "the output differs from the expected output")
    }
}

extension Verdict.Status {
    /// The program printed the expected output.
    static let correct: Verdict.Status = "correct"
    /// The program ran to completion but printed something else.
    static let wrongOutput: Verdict.Status = "wrong_output"
    /// The program crashed or exited with a non-zero status.
    static let runtimeError: Verdict.Status = "runtime_error"
    /// The program exceeded its memory limit.
    static let memoryExceeded: Verdict.Status = "memory_exceeded"
}
