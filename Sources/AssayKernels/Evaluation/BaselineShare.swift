public import AssayCore
import Foundation

/// Baselines (eager and `torch.compile` timings of a problem's reference) measured by one worker
/// of a GPU and handed to the other workers of that GPU, so that each problem is timed once per
/// GPU instead of once per worker.
///
/// Only what a worker reports as `baselines_measured` is shared: the worker fills that field
/// from what its evaluation process measured before it imported any candidate code (see
/// worker/README.md), so a candidate cannot plant a slow baseline for the candidates after it.
/// While one request measures a problem's baselines, the others for that problem and GPU wait
/// (without holding a worker); if it ends without baselines, the next one measures them.
struct BaselineShare {
    /// A problem's timing setup on one GPU.
    struct Key: Hashable, Sendable {
        /// The GPU and its software (``BaselineShare/device(hello:gpu:)``).
        var device: String
        /// SHA-256 of the problem source and the request's `timing` object.
        var digest: String

        /// Whether the device names a GPU and its software (`sha256:…`), so the baselines may be
        /// kept in a ``BaselineFile``; `gpu<index>` holds only within one pool.
        var persists: Bool { device.hasPrefix("sha256:") }
    }

    enum Provision {
        /// Baselines to put in the request.
        case known(JSONObject)
        /// This request measures them; call ``finish(_:measured:)`` when it ends.
        case measure
        /// Another request is measuring them: wait, then ask again.
        case wait
    }

    private enum Entry {
        case measuring(waiters: [CheckedContinuation<Void, Never>])
        case known(JSONObject)
    }

    private var entries: [Key: Entry] = [:]

    /// Starts with baselines measured earlier (``BaselineFile``).
    init(known: [Key: JSONObject] = [:]) {
        entries = known.mapValues { .known($0) }
    }

    /// Who measured a baseline: the GPU (its UUID) and the software that timed it, from the
    /// worker's `hello`, as `sha256:<hex>`; baselines are shared and kept only under the same
    /// one. A `hello` without a GPU UUID gives `gpu<index>`, valid within one pool only (never
    /// written to a ``BaselineFile``).
    static func device(hello: JSONObject?, gpu: Int) -> String {
        let card = hello?["gpu"]?.objectValue
        guard let uuid = card?["uuid"]?.stringValue, !uuid.isEmpty else { return "gpu\(gpu)" }
        let parts: [JSONValue] = [
            .string(uuid), card?["name"] ?? .null, hello?["torch"] ?? .null, hello?["cuda_runtime"] ?? .null,
            hello?["driver"] ?? .null, hello?["triton"] ?? .null, hello?["python"] ?? .null,
        ]
        return "sha256:" + SHA256Hasher.hex(JSONLines.encode(.array(parts)))
    }

    /// The key of an `evaluate` request on `device`, or `nil` when it times nothing (timing off,
    /// or no baselines asked for), so there is nothing to share.
    static func key(for request: JSONObject, device: String) -> Key? {
        guard let source = request["problem"]?.objectValue?["source"]?.stringValue else { return nil }
        let timing = request["timing"]?.objectValue ?? JSONObject()
        if timing["enabled"] == .bool(false) { return nil }
        if case .array(let names)? = timing["baselines"], names.isEmpty { return nil }
        let material = JSONLines.encode(.object(timing)) + "\n" + source
        return Key(device: device, digest: SHA256Hasher.hex(material))
    }

    /// What a request with `key` should do now.
    mutating func provision(_ key: Key) -> Provision {
        switch entries[key] {
        case .known(let baselines): return .known(baselines)
        case .measuring: return .wait
        case nil:
            entries[key] = .measuring(waiters: [])
            return .measure
        }
    }

    /// Parks `waiter` until the request measuring `key` finishes.
    mutating func wait(_ key: Key, _ waiter: CheckedContinuation<Void, Never>) {
        guard case .measuring(let waiters) = entries[key] else {
            waiter.resume()
            return
        }
        entries[key] = .measuring(waiters: waiters + [waiter])
    }

    /// Ends the measurement of `key`: usable measured baselines become known; otherwise the next
    /// request measures them. Returns the waiters to resume and the baselines now known, if any.
    mutating func finish(
        _ key: Key, measured: JSONObject?
    ) -> (waiters: [CheckedContinuation<Void, Never>], kept: JSONObject?) {
        guard case .measuring(let waiters) = entries[key] else { return ([], nil) }
        guard let measured, Self.isUsable(measured) else {
            entries[key] = nil
            return (waiters, nil)
        }
        entries[key] = .known(measured)
        return (waiters, measured)
    }

    /// Whether `baselines` holds at least one baseline and each is timing stats with a positive
    /// `median_ms` or a failure (`{"error": text}`).
    static func isUsable(_ baselines: JSONObject) -> Bool {
        !baselines.members.isEmpty && baselines.members.allSatisfy { member in
            guard let stats = member.value.objectValue else { return false }
            if let error = stats["error"] { return error.stringValue != nil }
            return (stats["median_ms"]?.numberValue ?? 0) > 0
        }
    }

    /// Every parked waiter (the pool is shutting down).
    mutating func releaseAll() -> [CheckedContinuation<Void, Never>] {
        var all: [CheckedContinuation<Void, Never>] = []
        for (key, entry) in entries {
            if case .measuring(let waiters) = entry {
                all += waiters
                entries[key] = .measuring(waiters: [])
            }
        }
        return all
    }
}
