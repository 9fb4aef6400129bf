public import AssayCore

/// How one request to a ``GPUWorkerPool`` ended.
public enum GPUWorkerReply: Sendable, Hashable {
    /// The worker answered with this JSON object.
    case response(JSONObject)
    /// The worker process died (or broke the protocol) before answering; it is restarted.
    case crashed(String)
    /// The request ran past the pool's backstop timeout; the worker was killed and is restarted.
    case timedOut(Duration)
}
