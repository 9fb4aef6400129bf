import ArgumentParser
import Foundation

/// Reading a whole input file (or standard input) as lines.
enum InputLines {
    /// Reads `path` (`-` for standard input) and splits it into lines.
    static func read(_ path: String) throws -> [Substring] {
        lines(of: try readText(path))
    }

    /// Splits `text` at each `\n` byte (fast, with memchr). A final line without a newline is
    /// kept; a trailing newline adds no empty line. A `\r` before `\n` stays on its line,
    /// where JSON parsing reads it as whitespace. (Splitting on `Character` would not work:
    /// Swift treats `\r\n` as one character, so CRLF files would come out as one line.)
    static func lines(of text: String) -> [Substring] {
        var text = text
        var newlines: [Int] = []
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var i = 0
            let n = buffer.count
            while i < n {
                guard let hit = memchr(base + i, 0x0A, n - i) else { break }
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                newlines.append(offset)
                i = offset + 1
            }
        }
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(newlines.count + 1)
        var start = utf8.startIndex
        var startOffset = 0
        for offset in newlines {
            let end = utf8.index(start, offsetBy: offset - startOffset)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
            startOffset = offset + 1
        }
        if start < utf8.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// Reads `path` (`-` for standard input) as UTF-8 text.
    static func readText(_ path: String) throws -> String {
        if path == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        do {
            return String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        } catch {
            throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
        }
    }
}

/// Buffered line output to standard output or a file.
struct BufferedOutput {
    private var buffer: [UInt8] = []
    private let handle: FileHandle

    /// Writes to `path`, created or truncated; `nil` or `-` means standard output.
    init(path: String? = nil) throws {
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
        else { throw CommandFailure("cannot write \(path)") }
        handle = file
    }

    /// Standard output.
    init() { handle = FileHandle.standardOutput }

    /// Appends a line; writes out when the buffer grows large.
    mutating func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 20 { flush() }
    }

    /// Writes out everything buffered.
    mutating func flush() {
        if !buffer.isEmpty { handle.write(Data(buffer)) }
        buffer.removeAll(keepingCapacity: true)
    }
}
