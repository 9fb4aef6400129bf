import Foundation

/// Paths to test fixtures and to the repository's examples.
enum TestFiles {
    /// `Tests/AssayKernelsTests/Fixtures` in the source tree.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    static func fixture(_ relative: String) throws -> String { try read(fixtures + "/" + relative) }

    static func example(_ relative: String) throws -> String { try read(root + "/examples/kernels/" + relative) }

    /// File names in a fixture or example directory with the given extension, sorted.
    static func list(_ directory: String, ext: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix("." + ext) }.sorted()
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "assay-kernels-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
