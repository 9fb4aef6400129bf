/// A pool that cannot serve a request: no slot has a live worker, or the pool was shut down.
public struct GPUWorkerPoolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, with each slot's last failure.
    public var message: String
    public var description: String { message }

    /// Creates an error.
    public init(_ message: String) { self.message = message }
}
