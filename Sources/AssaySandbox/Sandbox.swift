/// Runs untrusted Python code in an isolated, resource-limited sandbox.
///
/// A `Sandbox` is a plain configuration value: the limits, the isolation mode and where the
/// interpreter lives. ``run(code:stdin:)`` starts a fresh sandbox for one program (a "cold"
/// run); ``SessionPool`` keeps sandboxes alive to run many cells with shared state.
///
/// ```swift
/// let sandbox = Sandbox(limits: SandboxLimits(timeout: .seconds(5)))
/// let result = try await sandbox.run(code: "print(2 ** 100)")
/// print(result.stdout, result.exitCode ?? -1)
/// ```
///
/// With ``Isolation/bubblewrap`` (the default) the code runs under `bwrap` in its own user,
/// pid, network, mount, IPC and UTS namespaces, as an unprivileged user, with read-only system
/// directories and a private tmpfs `/tmp` that disappears with the sandbox; `/work`, `/root`,
/// `/home` and the rest of the host are not there. When bubblewrap is missing or cannot create
/// namespaces the call throws ``SandboxError`` (code ``SandboxError/Code/isolationUnavailable``);
/// it never falls back to running without isolation.
public struct Sandbox: Sendable {
    /// Resource limits for each run or session call.
    public var limits: SandboxLimits
    /// How the code is separated from the host.
    public var isolation: Isolation
    /// The Python interpreter, as a host path. With isolation it must lie inside a directory
    /// the sandbox can see (`/usr`, or one of ``readOnlyPaths``).
    public var pythonPath: String
    /// The `bwrap` executable, or `nil` to look in `/usr/bin`, `/usr/local/bin`, `/bin`.
    public var bubblewrapPath: String?
    /// Extra host directories made visible read-only inside the sandbox (a virtual
    /// environment with sympy, say), at the same path.
    public var readOnlyPaths: [String]
    /// How long a session's sandbox may take to start before it counts as failed.
    public var startupTimeout: Duration
    /// A word appended to the driver's command line (it is otherwise ignored), so that the
    /// sandbox's processes, forks included, can be found in `/proc` by whoever started them.
    /// Letters, digits, `-` and `_` only; empty for none.
    public var processTag: String

    /// Creates a sandbox configuration.
    public init(
        limits: SandboxLimits = SandboxLimits(),
        isolation: Isolation = .bubblewrap,
        pythonPath: String = "/usr/bin/python3",
        bubblewrapPath: String? = nil,
        readOnlyPaths: [String] = [],
        startupTimeout: Duration = .seconds(30),
        processTag: String = ""
    ) {
        self.limits = limits
        self.isolation = isolation
        self.pythonPath = pythonPath
        self.bubblewrapPath = bubblewrapPath
        self.readOnlyPaths = readOnlyPaths
        self.startupTimeout = startupTimeout
        self.processTag = processTag
    }

    /// The user and group (`nobody`/`nogroup`) that `bwrap` runs as (switched to with
    /// util-linux `setpriv`) when Assay runs as root, so that the sandboxed processes are
    /// unprivileged on the host too and `RLIMIT_NPROC` applies to them.
    public static let unprivilegedID: UInt32 = 65534
}
