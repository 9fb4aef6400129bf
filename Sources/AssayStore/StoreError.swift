/// A failure of the verdict store: a database that cannot be opened, a bad identifier, a
/// record that does not fit the schema.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
