import AssayCore
import Foundation
import Synchronization

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class Progress: Sendable {
    private struct State {
        var done = 0
        var correct = 0
        var lastDraw = ContinuousClock.now - .seconds(1)
    }

    private let total: Int
    private let enabled: Bool
    private let start = ContinuousClock.now
    private let state = Mutex(State())

    /// Creates a bar for `total` items, shown only on a terminal and only when `total` is at
    /// least `showWhenAtLeast` (short runs need no bar).
    init(total: Int, showWhenAtLeast: Int = 1) {
        self.total = total
        self.enabled = isatty(STDERR_FILENO) == 1 && total > 0 && total >= showWhenAtLeast
    }

    /// Counts `count` finished items, `correct` of them correct; redraws at most 10 times a
    /// second.
    func advance(by count: Int = 1, correct: Int = 0) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            s.done += count
            s.correct += correct
            let now = ContinuousClock.now
            guard now - s.lastDraw >= .milliseconds(100) || s.done == total else { return nil }
            s.lastDraw = now
            return render(done: s.done, correct: s.correct, now: now)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the bar's line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func render(done: Int, correct: Int, now: ContinuousClock.Instant) -> String {
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let seconds = max((now - start).inSeconds, 1e-3)
        let rate = Double(done) / seconds
        return String(format: "\r[%@] %d/%d  %d correct  %.1f/s", bar, done, total, correct, rate)
    }
}
