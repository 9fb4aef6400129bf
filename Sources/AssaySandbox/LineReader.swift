import Subprocess

/// Splits a process's output stream into newline-terminated lines of bounded length.
struct LineReader {
    private var iterator: SubprocessOutputSequence.Iterator
    private var buffer: [UInt8] = []
    private var scanned = 0
    /// The longest line accepted, in bytes.
    let maxLine: Int
    /// A line longer than ``maxLine`` arrived; the reader stopped.
    private(set) var overflowed = false

    init(_ stream: SubprocessOutputSequence, maxLine: Int) {
        self.iterator = stream.makeAsyncIterator()
        self.maxLine = maxLine
    }

    /// The next line without its newline, or `nil` at the end of the stream, on a read
    /// error, or when a line is too long.
    mutating func next() async -> [UInt8]? {
        while !overflowed {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                scanned = 0
                return line
            }
            scanned = buffer.count
            if buffer.count > maxLine {
                overflowed = true
                return nil
            }
            guard let chunk = try? await iterator.next() else { return nil }
            chunk.withUnsafeBytes { buffer.append(contentsOf: $0) }
        }
        return nil
    }
}
