/// A run in the store: a named series of verdicts (an RL training run, an evaluation, a
/// service's lifetime).
public struct RunHandle: Sendable, Hashable {
    /// The run's row id.
    public var id: Int64
    /// The run's unique name.
    public var name: String

    /// Creates a handle.
    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }
}
