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
        var sink = try MathOutputSink(path: output)
        let progress = ProgressBar(total: lines.count, enabled: lines.count >= 20_000 && isatty(2) != 0)
        var counts: [String: Int] = [:]
        var times: [Double] = []
        times.reserveCapacity(lines.count)
        let clock = ContinuousClock()
        let start = clock.now
        var done = 0
        var nextProgress = 0
        await batch.grade(lines, firstLineNumber: 1, jobs: workers) { results in
            for r in results {
                sink.writeLine(r.json)
                counts[r.status.rawValue, default: 0] += 1
                if let t = r.elapsedMicroseconds { times.append(t) }
            }
            done += results.count
            if done >= nextProgress {
                progress.update(done: done)
                nextProgress = done + 8192
            }
        }
        progress.update(done: done)
        sink.flush()
        progress.finish()
        let seconds = Self.seconds(start.duration(to: clock.now))
        Self.printSummary(total: lines.count, counts: counts, times: &times, seconds: seconds, jobs: workers)
    }

    /// Splits text into lines on newline bytes (much faster than splitting on `Character`s;
    /// a `\r` before the newline stays and is JSON whitespace). A final empty line is dropped.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
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

/// Buffered output to a file or standard output.
struct MathOutputSink {
    private var buffer: [UInt8] = []
    private let handle: FileHandle

    init(path: String?) throws {
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure("cannot write \(path)")
        }
        handle = h
    }

    mutating func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 20 { flush() }
    }

    mutating func flush() {
        if !buffer.isEmpty { handle.write(Data(buffer)) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A one-line progress bar on standard error.
struct ProgressBar {
    let total: Int
    let enabled: Bool

    func update(done: Int) {
        guard enabled, total > 0 else { return }
        let width = 40
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let line = "\r[\(bar)] \(done * 100 / total)% \(done)/\(total)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
