/// Resource limits for one sandboxed run or one session call.
///
/// The limits are applied inside the sandbox with `setrlimit` by the driver script before any
/// untrusted code runs (see `PythonDriver`); the wall-clock ``timeout`` is enforced from the
/// host by killing the sandbox, which kills every process inside it.
public struct SandboxLimits: Sendable, Hashable {
    /// Wall-clock limit. For a one-shot run it counts from launch (sandbox start-up, a few
    /// milliseconds, included); for a session call it counts from sending the code.
    public var timeout: Duration
    /// CPU-seconds limit (`RLIMIT_CPU`), or `nil` for one second more than ``timeout``.
    /// Inside a session it is re-armed before every call.
    public var cpuSeconds: Int?
    /// Address-space limit in bytes (`RLIMIT_AS`) for each process; exceeding it makes
    /// Python raise `MemoryError`.
    public var memoryBytes: Int
    /// Limit on processes and threads (`RLIMIT_NPROC`), counted inside the sandbox's own user
    /// namespace.
    public var processes: Int
    /// Largest file the code may write, in bytes (`RLIMIT_FSIZE`). In a session it also bounds
    /// what one call can print, since a call's output is collected in memory files.
    public var fileSizeBytes: Int
    /// Limit on open file descriptors (`RLIMIT_NOFILE`).
    public var openFiles: Int
    /// Bytes of standard output and of standard error kept per run or call; the rest is
    /// dropped and a truncation marker is appended.
    public var maxOutputBytes: Int
    /// Size of the sandbox's private writable `/tmp` (a tmpfs, so host memory), in bytes;
    /// `/dev/shm` gets a tmpfs of the same size.
    public var tmpBytes: Int

    /// Creates limits; every parameter has a default suited to short math scripts.
    public init(
        timeout: Duration = .seconds(10),
        cpuSeconds: Int? = nil,
        memoryBytes: Int = 1 << 30,
        processes: Int = 64,
        fileSizeBytes: Int = 64 << 20,
        openFiles: Int = 256,
        maxOutputBytes: Int = 64 << 10,
        tmpBytes: Int = 64 << 20
    ) {
        self.timeout = timeout
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.fileSizeBytes = fileSizeBytes
        self.openFiles = openFiles
        self.maxOutputBytes = maxOutputBytes
        self.tmpBytes = tmpBytes
    }

    /// The CPU limit actually applied, in seconds.
    var effectiveCPUSeconds: Int {
        if let cpuSeconds { return cpuSeconds }
        let (seconds, attoseconds) = timeout.components
        return Int(seconds) + (attoseconds > 0 ? 1 : 0) + 1
    }

    /// Checks that every limit is usable.
    func validate() throws(SandboxError) {
        guard timeout > .zero else { throw SandboxError(.invalidArgument, "the timeout must be positive") }
        if let cpuSeconds, cpuSeconds < 1 {
            throw SandboxError(.invalidArgument, "the CPU limit must be at least 1 second")
        }
        guard memoryBytes >= 32 << 20 else {
            throw SandboxError(
                .invalidArgument, "the memory limit must be at least 32 MB (Python needs about 20 MB to start)")
        }
        guard processes >= 1, openFiles >= 16, fileSizeBytes >= 1, maxOutputBytes >= 1, tmpBytes >= 1 << 20 else {
            throw SandboxError(
                .invalidArgument,
                "limits out of range: processes >= 1, open files >= 16, file size >= 1 byte, output >= 1 byte, tmp >= 1 MB"
            )
        }
    }
}
