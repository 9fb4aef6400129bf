public import AssayCore

/// What one slot of a ``GPUWorkerPool`` is doing, for status lines and tests.
public struct GPUWorkerSlotStatus: Sendable, Hashable {
    /// The slot's state.
    public enum State: String, Sendable, Hashable {
        case starting, idle, busy, down
    }

    /// The GPU index.
    public var gpu: Int
    /// The slot's index in the pool.
    public var index: Int
    /// What the slot is doing.
    public var state: State
    /// The live worker's process id (idle or busy slots).
    public var pid: Int32?
    /// The last `hello` line of this slot's worker.
    public var hello: JSONObject?
    /// Why the slot is down (or last went down).
    public var lastFailure: String?
    /// How many workers this slot has started.
    public var starts: Int

    /// `GPU <n> slot <i>: <last failure>`, for error messages and logs.
    public var failureLine: String {
        "GPU \(gpu) slot \(index): \(lastFailure ?? "not started")"
    }
}
