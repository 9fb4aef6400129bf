import Foundation
import Synchronization

/// A file that receives JSON lines as results arrive, each line written through at once so
/// that nothing finished is lost if the run is interrupted. Safe to use from many tasks.
final class OutputFile: Sendable {
    private let handle: Mutex<FileHandle>

    /// Creates (or truncates) `path`; `-` means standard output.
    init(path: String) throws {
        if path == "-" {
            handle = Mutex(FileHandle.standardOutput)
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CommandFailure("cannot create \(path)")
        }
        guard let file = FileHandle(forWritingAtPath: path) else { throw CommandFailure("cannot open \(path) for writing") }
        handle = Mutex(file)
    }

    /// Appends one line.
    func writeLine(_ line: String) throws {
        try handle.withLock { file in
            try file.write(contentsOf: Data((line + "\n").utf8))
        }
    }
}
