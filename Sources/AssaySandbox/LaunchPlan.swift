import FoundationEssentials
import Subprocess

#if canImport(Glibc)
import Glibc
#endif

/// The command line, environment and process options that start the driver, with or without
/// bubblewrap.
struct LaunchPlan: Sendable {
    /// Absolute path of the program to start (`bwrap`, or Python without isolation).
    var executable: String
    /// Its arguments.
    var arguments: [String]
    /// The complete environment (nothing is inherited from the host).
    var environment: [String: String]
    /// Working directory on the host, without isolation; `nil` with it (bwrap `--chdir`s).
    var workingDirectory: String?
    /// User, group and process-group settings.
    var platformOptions: PlatformOptions
    /// Whether the code runs inside bubblewrap.
    var isolated: Bool
    /// The private host directory created for a run without isolation, removed afterwards.
    var hostDirectory: String?

    /// The directories at the root of the file system that the sandbox mirrors: read-only
    /// binds of real directories, symlinks where the host has symlinks (merged `/usr`).
    static let systemRoots = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]

    /// Builds the plan for `sandbox` and driver mode `mode` (`once` or `session`).
    static func make(for sandbox: Sandbox, mode: String) throws(SandboxError) -> LaunchPlan {
        try sandbox.limits.validate()
        guard access(sandbox.pythonPath, X_OK) == 0 else {
            throw SandboxError(.invalidArgument, "no executable Python at \(sandbox.pythonPath)")
        }
        let tag = sandbox.processTag
        guard tag.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }) else {
            throw SandboxError(.invalidArgument, "the process tag may hold only ASCII letters, digits, - and _")
        }
        let driver = ["-I", "-B", "-c", PythonDriver.source] + PythonDriver.arguments(mode: mode, limits: sandbox.limits)
            + (tag.isEmpty ? [] : [tag])
        var environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        ]
        switch sandbox.isolation {
        case .none:
            let directory = try makeHostDirectory()
            environment["HOME"] = directory
            environment["TMPDIR"] = directory
            var options = PlatformOptions()
            options.processGroupID = 0
            return LaunchPlan(
                executable: sandbox.pythonPath, arguments: driver, environment: environment,
                workingDirectory: directory, platformOptions: options, isolated: false, hostDirectory: directory)
        case .bubblewrap:
            let bwrap = try findBubblewrap(sandbox.bubblewrapPath)
            try checkVisible(sandbox.pythonPath, readOnlyPaths: sandbox.readOnlyPaths)
            environment["HOME"] = "/tmp"
            environment["TMPDIR"] = "/tmp"
            var executable = bwrap
            var arguments = bubblewrapArguments(sandbox) + [sandbox.pythonPath] + driver
            if geteuid() == 0 {
                // Root on the host would be root (kernel uid 0) in the sandbox's user namespace,
                // and RLIMIT_NPROC is not enforced for uid 0: start bwrap as nobody instead.
                // Not through Subprocess's PlatformOptions.userID: Subprocess 1.0.2 forks with a
                // raw clone3 syscall, after which glibc's setgroups/setuid (which synchronise the
                // credentials of every thread) can deadlock in the child on threads that exist
                // only in the parent; seen here, so a single-threaded setpriv does the switch.
                executable = try findSetpriv()
                let id = String(Sandbox.unprivilegedID)
                arguments = ["--reuid=\(id)", "--regid=\(id)", "--clear-groups", "--no-new-privs", "--", bwrap] + arguments
            }
            return LaunchPlan(
                executable: executable, arguments: arguments, environment: environment,
                workingDirectory: nil, platformOptions: PlatformOptions(), isolated: true, hostDirectory: nil)
        }
    }

    /// The `bwrap` options, up to (not including) the command.
    static func bubblewrapArguments(_ sandbox: Sandbox) -> [String] {
        var arguments = [
            "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--hostname", "sandbox", "--ro-bind", "/usr", "/usr",
        ]
        let files = FileManager.default
        for root in systemRoots {
            if let target = try? files.destinationOfSymbolicLink(atPath: root) {
                arguments += ["--symlink", target, root]
            } else if files.fileExists(atPath: root) {
                arguments += ["--ro-bind", root, root]
            }
        }
        // Shared libraries found through Debian's alternatives (BLAS for numpy) and the loader cache.
        arguments += ["--ro-bind-try", "/etc/alternatives", "/etc/alternatives"]
        arguments += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
        for path in sandbox.readOnlyPaths { arguments += ["--ro-bind", path, path] }
        let size = String(sandbox.limits.tmpBytes)
        arguments += [
            "--proc", "/proc", "--dev", "/dev",
            "--size", size, "--tmpfs", "/dev/shm",
            "--size", size, "--tmpfs", "/tmp",
            "--remount-ro", "/dev", "--remount-ro", "/",
            "--chdir", "/tmp",
        ]
        return arguments
    }

    /// Finds `bwrap`, or explains how to get it.
    static func findBubblewrap(_ configured: String?) throws(SandboxError) -> String {
        if let configured {
            guard access(configured, X_OK) == 0 else {
                throw SandboxError(.isolationUnavailable, "bubblewrap is not executable at \(configured)")
            }
            return configured
        }
        for candidate in ["/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap"] where access(candidate, X_OK) == 0 {
            return candidate
        }
        throw SandboxError(
            .isolationUnavailable,
            "bubblewrap (bwrap) is not installed: install it (Debian/Ubuntu: apt-get install bubblewrap), "
                + "or run without isolation only if you trust the code (--no-isolation)")
    }

    /// Finds util-linux's `setpriv`, which drops root before bubblewrap starts.
    static func findSetpriv() throws(SandboxError) -> String {
        for candidate in ["/usr/bin/setpriv", "/bin/setpriv", "/usr/local/bin/setpriv"] where access(candidate, X_OK) == 0 {
            return candidate
        }
        throw SandboxError(
            .isolationUnavailable,
            "running as root, the sandbox needs setpriv (util-linux) to start bubblewrap as nobody; install util-linux")
    }

    /// Checks that the interpreter will exist inside the sandbox.
    static func checkVisible(_ python: String, readOnlyPaths: [String]) throws(SandboxError) {
        let visible = ["/usr/"] + systemRoots.map { $0 + "/" } + readOnlyPaths.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        guard visible.contains(where: { python.hasPrefix($0) }) else {
            throw SandboxError(
                .invalidArgument,
                "\(python) is not visible inside the sandbox, which sees only /usr and the system "
                    + "library directories: use /usr/bin/python3 or add the interpreter's directory to readOnlyPaths")
        }
    }

    /// Creates a private working directory for a run without isolation.
    static func makeHostDirectory() throws(SandboxError) -> String {
        var template = Array("/tmp/assay-sandbox-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw SandboxError(.launchFailed, "cannot create a temporary directory: errno \(errno)")
        }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes the host directory of a run without isolation, if there is one.
    func removeHostDirectory() {
        guard let hostDirectory else { return }
        try? FileManager.default.removeItem(atPath: hostDirectory)
    }
}
