import ArgumentParser
import Foundation

/// Reading a whole input file (or standard input) as lines.
enum InputLines {
    /// Reads `path` (`-` for standard input) and splits it into lines.
    static func read(_ path: String) throws -> [Substring] {
        let text = try readText(path)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLastIfEmpty()
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

extension Array where Element == Substring {
    fileprivate func dropLastIfEmpty() -> [Substring] {
        if let last, last.isEmpty { return Array(dropLast()) }
        return self
    }
}

/// Buffered writes to standard output.
struct StandardOutput {
    private var buffer: [UInt8] = []

    /// Appends a line; flushes when the buffer grows large.
    mutating func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { flush() }
    }

    /// Writes out everything buffered.
    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
