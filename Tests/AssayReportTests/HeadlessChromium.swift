import Foundation

/// Renders a page in headless Chromium (Debian's `chromium`) and returns the DOM after its
/// scripts ran.
enum HeadlessChromium {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func dumpDOM(of file: URL) throws -> String {
        let chromium = try executable()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("assay-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--user-data-dir=\(profile.path)", "--virtual-time-budget=15000", "--dump-dom", file.absoluteString,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting, so a large DOM cannot fill the pipe and stall Chromium.
        let dom = output.fileHandleForReading.readDataToEndOfFile()
        let log = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "chromium exited with \(process.terminationStatus): \(String(decoding: log.suffix(2000), as: UTF8.self))")
        }
        return String(decoding: dom, as: UTF8.self)
    }

    static func executable() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw Failure(description: "headless Chromium is required for the report tests: apt-get install -y chromium")
    }
}
