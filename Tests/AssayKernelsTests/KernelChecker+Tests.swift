@testable import AssayKernels

extension KernelChecker {
    /// A checker running two analyzer processes at a time, for suites with many cases (each suite
    /// its own): unbounded, they all start at once and, on a loaded 2-core CI machine, some ran
    /// past the analyzer's 30 s timeout.
    static func twoAtATime() -> KernelChecker { KernelChecker(limiter: ProcessLimiter(limit: 2)) }
}
