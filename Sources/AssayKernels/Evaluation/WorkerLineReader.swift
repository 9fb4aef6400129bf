import Subprocess

/// Splits a worker's standard output into newline-terminated lines of bounded length.
struct WorkerLineReader {
    private var iterator: SubprocessOutputSequence.Iterator
    private var buffer: [UInt8] = []
    private var scanned = 0
    /// The longest line accepted, in bytes.
    let maxLine: Int

    init(_ stream: SubprocessOutputSequence, maxLine: Int) {
        self.iterator = stream.makeAsyncIterator()
        self.maxLine = maxLine
    }

    /// The next line without its newline; `nil` at the end of the stream, on a read error, or
    /// when a line is longer than ``maxLine``.
    mutating func next() async -> [UInt8]? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                scanned = 0
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                return line
            }
            scanned = buffer.count
            if buffer.count > maxLine { return nil }
            guard let chunk = try? await iterator.next() else { return nil }
            chunk.withUnsafeBytes { buffer.append(contentsOf: $0) }
        }
    }
}
