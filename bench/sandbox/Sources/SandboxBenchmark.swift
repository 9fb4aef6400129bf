import AssaySandbox
import Subprocess

#if canImport(Glibc)
import Glibc
#endif

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Measures the sandbox side by side with its floor, a bare `python3 -c` subprocess, in one
/// run on one machine: cold runs, warm session calls, and calls per second across sessions.
@main
struct SandboxBenchmark {
    static let python = "/usr/bin/python3"

    static func main() async throws {
        let options = try Options(CommandLine.arguments.dropFirst())
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        print("# Sandbox benchmark")
        print("")
        print("\(cores) cores, load average at start \(loadAverage()); \(python); workers \(options.workers); "
            + "cold n=\(options.cold), warm n=\(options.warm), throughput calls=\(options.calls)")
        print("")
        let sandbox = Sandbox(limits: SandboxLimits(timeout: .seconds(30)))
        let bare = Sandbox(limits: sandbox.limits, isolation: .none)

        let floor = try await sample(options.cold) { try await bareRun() }
        let cold = try await sample(options.cold) { _ = try await sandbox.run(code: "print(1)") }
        let coldBare = try await sample(options.cold) { _ = try await bare.run(code: "print(1)") }
        let warm = try await warmCalls(sandbox, count: options.warm)
        let warmBare = try await warmCalls(bare, count: options.warm)

        print("| measurement | n | p50 ms | p99 ms | p50 / floor | target | met |")
        print("|---|---:|---:|---:|---:|---|---|")
        row("floor: bare `python3 -c 'print(1)'` subprocess", floor, floor: floor)
        row("cold sandboxed run (bubblewrap), `print(1)`", cold, floor: floor, target: "p50 ≤ 100 ms", met: cold.p50 <= 100)
        row("cold run without isolation (driver only)", coldBare, floor: floor)
        row("warm session call (bubblewrap), `print(1)`", warm, floor: floor, target: "p50 ≤ 5 ms", met: warm.p50 <= 5)
        row("warm session call without isolation", warmBare, floor: floor)
        print("")

        let floorRate = try await rate(workers: options.workers, total: options.cold) { try await bareRun() }
        let coldRate = try await rate(workers: options.workers, total: options.cold) {
            _ = try await sandbox.run(code: "print(1)")
        }
        let warmRate = try await sessionRate(sandbox, workers: options.workers, total: options.calls)
        print("| throughput, \(options.workers) concurrent workers | per second | / floor | target | met |")
        print("|---|---:|---:|---|---|")
        rateRow("floor: bare `python3 -c` processes", floorRate, floor: floorRate)
        rateRow("cold sandboxed runs", coldRate, floor: floorRate)
        rateRow(
            "warm session calls across \(options.workers) sessions", warmRate, floor: floorRate,
            target: "≥ 200 calls/s", met: warmRate >= 200)
        print("")
        print("load average at end \(loadAverage())")
    }

    // MARK: - What is measured

    /// One bare interpreter start: the floor any fresh-process sandbox pays.
    static func bareRun() async throws {
        let result = try await run(.path(FilePath(python)), arguments: ["-c", "print(1)"], output: .bytes(limit: 4096))
        guard result.terminationStatus.isSuccess, result.standardOutput == Array("1\n".utf8) else {
            throw BenchmarkError(message: "bare python3 failed: \(result.terminationStatus)")
        }
    }

    /// Latencies of `count` sequential calls in one warm session.
    static func warmCalls(_ sandbox: Sandbox, count: Int) async throws -> Stats {
        try await withSessionPool(SessionPool.Configuration(sandbox: sandbox, maxSessions: 1, warmSessions: 0)) { pool in
            try await pool.withSession { session in
                for _ in 0..<20 { try check(try await pool.execute("print(1)", in: session)) }
                return try await sample(count) { try check(try await pool.execute("print(1)", in: session)) }
            }
        }
    }

    /// Calls per second with `workers` sessions, each running calls back to back.
    static func sessionRate(_ sandbox: Sandbox, workers: Int, total: Int) async throws -> Double {
        let configuration = SessionPool.Configuration(sandbox: sandbox, maxSessions: workers, warmSessions: workers)
        return try await withSessionPool(configuration) { pool in
            var sessions: [Session] = []
            for _ in 0..<workers { sessions.append(try await pool.session()) }
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, session) in sessions.enumerated() {
                    let share = total / workers + (index < total % workers ? 1 : 0)
                    group.addTask {
                        for _ in 0..<share { try check(try await pool.execute("print(1)", in: session)) }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = (ContinuousClock.now - start).seconds
            for session in sessions { await pool.close(session) }
            return Double(total) / seconds
        }
    }

    /// Operations per second with `workers` tasks sharing `total` operations.
    static func rate(workers: Int, total: Int, _ operation: @escaping @Sendable () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<workers {
                let share = total / workers + (index < total % workers ? 1 : 0)
                group.addTask { for _ in 0..<share { try await operation() } }
            }
            try await group.waitForAll()
        }
        return Double(total) / (ContinuousClock.now - start).seconds
    }

    static func check(_ result: SandboxResult) throws {
        guard result.succeeded, result.stdout == "1\n" else {
            throw BenchmarkError(message: "unexpected result: \(result)")
        }
    }

    // MARK: - Statistics and output

    struct Stats {
        var count: Int
        var p50: Double
        var p99: Double
    }

    /// Runs `operation` a few times to warm up, then `count` times, timing each.
    static func sample(_ count: Int, _ operation: @Sendable () async throws -> Void) async throws -> Stats {
        for _ in 0..<min(5, count) { try await operation() }
        var milliseconds: [Double] = []
        milliseconds.reserveCapacity(count)
        for _ in 0..<count {
            let start = ContinuousClock.now
            try await operation()
            milliseconds.append((ContinuousClock.now - start).seconds * 1000)
        }
        milliseconds.sort()
        func rank(_ quantile: Double) -> Double {
            milliseconds[max(0, Int((quantile * Double(count)).rounded(.up)) - 1)]
        }
        return Stats(count: count, p50: rank(0.5), p99: rank(0.99))
    }

    static func row(_ name: String, _ stats: Stats, floor: Stats, target: String = "", met: Bool? = nil) {
        let verdict = met.map { $0 ? "yes" : "**no**" } ?? ""
        print("| \(name) | \(stats.count) | \(format(stats.p50, digits: 3)) | \(format(stats.p99, digits: 3)) | \(format(stats.p50 / floor.p50, digits: 3))× | \(target) | \(verdict) |")
    }

    static func rateRow(_ name: String, _ value: Double, floor: Double, target: String = "", met: Bool? = nil) {
        let verdict = met.map { $0 ? "yes" : "**no**" } ?? ""
        print("| \(name) | \(format(value, digits: 0)) | \(format(value / floor))× | \(target) | \(verdict) |")
    }

    static func format(_ value: Double, digits: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return digits == 0 ? String(Int(rounded)) : String(rounded)
    }

    static func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return loads.map { format($0) }.joined(separator: " ")
    }
}

/// Command-line options: `--quick`, `--workers N`.
struct Options {
    var cold = 100
    var warm = 2000
    var calls = 4000
    var workers = 4

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick":
                cold = 20
                warm = 200
                calls = 400
            case "--workers":
                guard let value = rest.popFirst().flatMap({ Int($0) }), value >= 1 else {
                    throw BenchmarkError(message: "--workers needs a positive number")
                }
                workers = value
            default:
                throw BenchmarkError(message: "unknown option \(argument) (known: --quick, --workers N)")
            }
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
