import ArgumentParser
import AssayCore
import AssayMath
import Foundation

/// `assay math grade`: JSON lines of gold/completion pairs in, one verdict line per input line out.
struct MathGradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade JSON lines of {gold, completion} pairs, in parallel, keeping their order.",
        discussion: """
            Input: one JSON object per line with string fields `gold` (a number is accepted \
            too) and `completion`; other fields (`id`, ...) are carried to the output in \
            their order. Output: one JSON line per input line, same order, with the input's \
            fields except `completion`, then `verdict`, `reward` (1 or 0), `answer` (the \
            extracted final answer or null), `reason`, `code` (a stable reason code) and \
            `elapsed_us` (grading time of the pair in microseconds). A malformed line gives \
            {"line": N, "verdict": "invalid", "reward": 0, "reason": ...} and grading goes on.

            A summary (counts per verdict, pairs/s, median time per pair) goes to standard \
            error; so does a progress bar when standard error is a terminal and the input is \
            long.

            Examples:
              assay math grade examples/math/sample.jsonl
              assay math grade rollouts.jsonl --output graded.jsonl --jobs 2
              cat rollouts.jsonl | assay math grade - > graded.jsonl
            """
    )

    @Argument(help: "JSON-lines file to read, or - for standard input.")
    var input: String = "-"

    @Option(name: .shortAndLong, help: "Write the graded lines here instead of standard output.")
    var output: String?

    @Option(name: .shortAndLong, help: "Parallel workers (default: all cores).")
    var jobs: Int?

    @Option(help: "Opt-in relative tolerance for numbers (default: exact).")
    var tolerance: Double?

    @Option(name: .customLong("timeout-ms"), help: "Per-pair deadline in milliseconds.")
    var timeoutMilliseconds: Int = 200

    @Flag(help: "Add `stages_us` (extract, parse, compare times in microseconds) to each line; costs a little time.")
    var stages = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let tolerance, !(tolerance >= 0 && tolerance < 1) {
            throw ValidationError("--tolerance must be in [0, 1)")
        }
    }

    func run() async throws {
        let lines = InputLines.lines(of: try InputLines.readText(input))
        let workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        var options = MathCLIOptions.options(tolerance: tolerance, timeoutMilliseconds: timeoutMilliseconds)
        options.recordStages = stages
        let batch = MathBatchGrader(options: options)
        var sink = try BufferedOutput(path: output)
        let progress = Progress(total: lines.count, showWhenAtLeast: 20_000)
        var counts: [String: Int] = [:]
        var times: [Double] = []
        times.reserveCapacity(lines.count)
        let clock = ContinuousClock()
        let start = clock.now
        await batch.grade(lines, firstLineNumber: 1, jobs: workers) { results in
            for r in results {
                sink.writeLine(r.json)
                counts[r.status.rawValue, default: 0] += 1
                if let t = r.elapsedMicroseconds { times.append(t) }
            }
            progress.advance(by: results.count, correct: results.count { $0.status == .equal })
        }
        sink.flush()
        progress.finish()
        let seconds = start.duration(to: clock.now).inSeconds
        Self.printSummary(total: lines.count, counts: counts, times: &times, seconds: seconds, jobs: workers)
    }

    static func printSummary(total: Int, counts: [String: Int], times: inout [Double], seconds: Double, jobs: Int) {
        let order = ["equal", "not_equal", "unparseable", "timeout", "invalid"]
        var parts: [String] = []
        for key in order { parts.append("\(key) \(counts[key] ?? 0)") }
        for (key, value) in counts.sorted(by: { $0.key < $1.key }) where !order.contains(key) { parts.append("\(key) \(value)") }
        let rate = seconds > 0 ? Double(total) / seconds : 0
        var text = "graded \(total) pairs in \(String(format: "%.3f", seconds)) s "
        text += "(\(String(format: "%.0f", rate)) pairs/s, \(jobs) job\(jobs == 1 ? "" : "s")): "
        text += parts.joined(separator: ", ") + "\n"
        if !times.isEmpty {
            times.sort()
            let median = times[times.count / 2]
            let p90 = times[min(times.count - 1, times.count * 9 / 10)]
            text += "per pair: median \(String(format: "%.2f", median)) µs, p90 \(String(format: "%.2f", p90)) µs\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
