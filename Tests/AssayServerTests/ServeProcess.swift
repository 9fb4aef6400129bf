import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `assay serve` process, started from the built binary, for tests that kill it.
final class ServeProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    let port: Int
    let log: URL

    /// Starts `assay serve --port 0` on `db` and waits until it prints its port.
    init(db: String, arguments: [String] = [], logDirectory: URL) throws {
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--db", db, "--port", "0"] + arguments
        log = logDirectory.appendingPathComponent("serve-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardError = handle
        process.standardOutput = handle
        try process.run()
        var found: Int?
        for _ in 0..<3000 where found == nil {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last ?? "")
            } else if !process.isRunning {
                throw Failure(description: "assay serve exited early: \(text)")
            } else {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        guard let found else {
            process.terminate()
            throw Failure(description: "assay serve did not print its port")
        }
        port = found
    }

    /// The `assay` executable next to the test bundle (SwiftPM builds it with the tests).
    static func binary() throws -> URL {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [directory, Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL]
            .map { $0.appendingPathComponent("assay") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure(description: "the assay binary is not built next to the tests (looked in \(candidates.map(\.path)))")
        }
        return found
    }

    /// Sends `signal` and waits for the process to exit; returns its termination status.
    @discardableResult
    func stop(signal: Int32) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends a request and returns the status and the body parsed as JSON.
    func request(_ method: String, _ path: String, body: Data? = nil) async throws -> (status: Int, json: Any?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 120
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, try? JSONSerialization.jsonObject(with: data))
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
