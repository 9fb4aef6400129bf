/// How untrusted code is separated from the host.
public enum Isolation: Sendable, Hashable {
    /// A bubblewrap sandbox: own user, pid, network, mount, IPC and UTS namespaces, read-only
    /// system directories, a private size-capped tmpfs `/tmp`, no project or home directories.
    /// The default.
    case bubblewrap
    /// No isolation at all: the code runs as a plain child process in a private temporary
    /// working directory, with the resource limits and the timeout only. Must be asked for
    /// explicitly; every result then says `isolated: false`.
    case none
}
