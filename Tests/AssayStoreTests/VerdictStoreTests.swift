import Foundation
import AssayCore
import AssayStore
import Testing

@Suite struct VerdictStoreTests {
    static func record(gold: String, answer: String, step: Int? = nil, passed: Bool = true) -> VerdictRecord {
        VerdictRecord(
            problem: ProblemInput(domain: "math", reference: gold, prompt: "What is \(gold)?", label: "p-\(gold)"),
            candidate: "The answer is \\boxed{\(answer)}",
            step: step,
            verdict: Verdict(
                status: passed ? "equal" : "not_equal", passed: passed, reward: passed ? 1 : 0,
                reasons: [Reason(code: passed ? "equal" : "value_mismatch", message: "compared \(answer) with \(gold)")],
                stages: [StageTiming(stage: "extract", seconds: 0.001), StageTiming(stage: "compare", seconds: 0.002)]),
            extracted: answer,
            details: JSONObject([("note", .string("x"))]),
            elapsedSeconds: 0.003)
    }

    @Test func fileStoreUsesWALAndRecordsItsMigrations() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try VerdictStore(path: directory.path("a.sqlite"))
        #expect(try store.journalMode() == "wal")
        #expect(try store.appliedMigrations().count == 1)
        // Opening again applies nothing twice.
        let again = try VerdictStore(path: directory.path("a.sqlite"))
        #expect(try again.appliedMigrations() == store.appliedMigrations())
    }

    @Test func notADatabaseIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("junk.sqlite")
        try "this is not sqlite, just text that is long enough to have a header".write(
            toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: StoreError.self) { try VerdictStore(path: path) }
        #expect(error?.message.contains(path) == true)
    }

    @Test func recordingTheSameBatchTwiceStoresItOnce() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "eval")
        let batch = [Self.record(gold: "1", answer: "1"), Self.record(gold: "2", answer: "3", passed: false)]
        let first = try await store.record(batch, run: run)
        let second = try await store.record(batch, run: run)
        #expect(first.map(\.inserted) == [true, true])
        #expect(second.map(\.inserted) == [false, false])
        #expect(second.map(\.verdictID) == first.map(\.verdictID))
        #expect(try store.verdictCount() == 2)
    }

    @Test func stepsAndRunsKeepVerdictsApart() async throws {
        let store = try VerdictStore.inMemory()
        let a = try await store.run(named: "a")
        let b = try await store.run(named: "b")
        try await store.record([Self.record(gold: "1", answer: "1", step: 1)], run: a)
        try await store.record([Self.record(gold: "1", answer: "1", step: 2)], run: a)
        try await store.record([Self.record(gold: "1", answer: "1")], run: a)
        try await store.record([Self.record(gold: "1", answer: "1")], run: a)
        try await store.record([Self.record(gold: "1", answer: "1", step: 1)], run: b)
        #expect(try store.verdictCount(run: "a") == 3)
        #expect(try store.verdictCount(run: "b") == 1)
    }

    @Test func verdictsRoundTripWithStagesReasonsAndDetails() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "eval")
        let original = Self.record(gold: "7", answer: "8", step: 3, passed: false)
        let outcome = try #require(try await store.record([original], run: run).first)
        let stored = try #require(try await store.verdict(id: outcome.verdictID))
        #expect(stored.verdict == original.verdict)
        #expect(stored.key == original.key)
        #expect(stored.run == "eval")
        #expect(stored.extracted == "8")
        #expect(stored.details == original.details)
        #expect(try store.candidateSource(original.key.candidate) == original.candidate)
    }

    @Test func lookupFindsExactlyTheVerdictedPairs() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "eval")
        let done = (0..<250).map { Self.record(gold: "\($0)", answer: "\($0)") }
        try await store.record(done, run: run)
        let missing = Self.record(gold: "x", answer: "y")
        let found = try await store.verdicts(in: run, for: done.map(\.key) + [missing.key])
        #expect(found.count == 250)
        #expect(found[missing.key] == nil)
        #expect(found[done[249].key]?.extracted == "249")
    }

    @Test func concurrentWritersOfOverlappingBatchesDuplicateNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try VerdictStore(path: directory.path("c.sqlite"))
        let run = try await store.run(named: "eval")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let batch = (0..<40).map { Self.record(gold: "\(($0 + writer * 10) % 100)", answer: "1") }
                    try await store.record(batch, run: run)
                }
            }
            try await group.waitForAll()
        }
        // Writers cover gold values 0..<100 with overlaps: each pair is stored once.
        #expect(try store.verdictCount() == 100)
    }

    @Test func runsAreCreatedOnceAndKeepTheirAttributes() async throws {
        let store = try VerdictStore.inMemory()
        let environment = EnvironmentFingerprint(
            assayVersion: "0.1.0", toolchain: "swift-6.3.1", os: "Linux", cpu: "test", cores: 2)
        let first = try await store.run(named: "r", domain: "math", environment: environment)
        let second = try await store.run(named: "r", domain: "kernels")
        #expect(first == second)
        await #expect(throws: StoreError.self) { try await store.run(named: "") }
    }

    @Test func fingerprintAddressIgnoresNothingThatMatters() {
        var a = EnvironmentFingerprint(assayVersion: "0.1.0", toolchain: "t", os: "o", cpu: "c", cores: 2)
        let b = a
        #expect(a.id == b.id)
        a.gpu = "NVIDIA H100 80GB HBM3, 550.54"
        #expect(a.id != b.id)
    }

    @Test func reportSnapshotsShowFailuresAndPassesAlternately() async throws {
        let store = try VerdictStore.inMemory()
        let run = try await store.run(named: "r")
        var records: [VerdictRecord] = []
        for index in 0..<6 {
            var record = Self.record(gold: "5", answer: "\(index)", passed: index >= 3)
            record.candidate = "candidate \(index)"
            records.append(record)
        }
        try await store.record(records, run: run)
        let snapshot = try store.reportSnapshot(candidatesPerProblem: 4)
        #expect(snapshot.candidates.map(\.passed) == [false, true, false, true])
        #expect(snapshot.candidates.map(\.source) == ["candidate 0", "candidate 3", "candidate 1", "candidate 4"])
        #expect(snapshot.problems.first?.candidates == 6)
        #expect(snapshot.problems.first?.passed == 3)
    }
}
