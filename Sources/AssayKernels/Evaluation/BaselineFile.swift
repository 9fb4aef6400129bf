public import AssayCore
import Foundation

/// Baselines kept between runs (`--baselines FILE`): one JSON line per problem, timing setup
/// and GPU, appended as the pool's workers measure them and read back by the next pool.
///
/// A line: `{"device": "sha256:…", "key": "<sha256 of timing + problem>", "baselines": {...},
/// "recorded": "<ISO 8601>", "gpu": "<name>", "torch": "<version>"}`; only `device`, `key` and
/// `baselines` are read. A baseline is used only on the device it was measured on (the GPU's
/// UUID and the software that timed it: ``BaselineShare/device(hello:gpu:)``), and the last line
/// of a key wins. The file holds what the trusted side of Assay measured; it is as trustworthy
/// as its file permissions (see docs/kernel-eval.md).
struct BaselineFile: Sendable {
    let path: String

    /// Reads the file (a missing file holds nothing); a malformed line is an error naming it.
    func load() throws(GPUWorkerPoolError) -> [BaselineShare.Key: JSONObject] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GPUWorkerPoolError("cannot read the baselines file \(path): \(error.localizedDescription)")
        }
        var known: [BaselineShare.Key: JSONObject] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            guard let object = try? JSONValue(parsing: line).objectValue,
                let device = object["device"]?.stringValue, let digest = object["key"]?.stringValue, digest.count == 64,
                case let key = BaselineShare.Key(device: device, digest: digest), key.persists,
                let baselines = object["baselines"]?.objectValue, BaselineShare.isUsable(baselines)
            else {
                throw GPUWorkerPoolError(
                    "line \(number + 1) of the baselines file \(path) is not a baselines record "
                        + "({\"device\": \"sha256:…\", \"key\": <64 hex>, \"baselines\": {…}}); fix or delete the line")
            }
            known[key] = baselines
        }
        return known
    }

    /// Checks that the file can be appended to (creating it if needed), so a run fails at its
    /// start rather than losing what it measures.
    func checkWritable() throws(GPUWorkerPoolError) {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw GPUWorkerPoolError("cannot create the baselines file \(path)")
            }
        }
        guard FileManager.default.isWritableFile(atPath: path) else {
            throw GPUWorkerPoolError("the baselines file \(path) is not writable")
        }
    }

    /// Appends one record.
    func append(_ key: BaselineShare.Key, baselines: JSONObject, hello: JSONObject?) throws(GPUWorkerPoolError) {
        let record = JSONObject([
            ("device", .string(key.device)), ("key", .string(key.digest)), ("baselines", .object(baselines)),
            ("recorded", .string(Date().formatted(.iso8601))),
            ("gpu", hello?["gpu"]?.objectValue?["name"] ?? .null), ("torch", hello?["torch"] ?? .null),
        ])
        let line = Data((JSONValue.object(record).jsonText + "\n").utf8)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw GPUWorkerPoolError("cannot open the baselines file \(path) for appending")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } catch {
            throw GPUWorkerPoolError("cannot append to the baselines file \(path): \(error.localizedDescription)")
        }
    }
}
