#if canImport(Glibc)
import Glibc
#endif

/// Process-wide signal settings the sandbox needs.
enum SignalSetup {
    /// Ignores `SIGPIPE`, once: writing code or stdin to a sandbox whose program has already
    /// exited must fail with `EPIPE`, not kill the host process.
    static func ignoreBrokenPipes() {
        _ = once
    }

    private static let once: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}
