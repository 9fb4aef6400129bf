/// A failure of the data a command was given (as opposed to its arguments): printed as
/// `Error: <message>` without the usage text, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    var description: String

    init(_ description: String) { self.description = description }
}
