/// A failure of the kernel commands' environment or data (no toolchain, unreadable resources):
/// printed as `Error: <message>` without the usage text, exit status 2.
struct KernelCommandFailure: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    var description: String

    init(_ description: String) { self.description = description }
}
