import AssayCore
import AssayStore
import Foundation
import Testing

@Suite struct SFTExportTests {
    /// A math-like verdict: reward 1 when `answer == gold`.
    static func record(
        gold: String, answer: String, prompt: String?, step: Int? = nil,
        domain: String = "math", reward: Double? = nil
    ) -> VerdictRecord {
        let passed = answer == gold
        return VerdictRecord(
            problem: ProblemInput(domain: domain, reference: gold, prompt: prompt, label: "p-\(gold)"),
            candidate: "So the answer is \\boxed{\(answer)}.\r\n",
            step: step,
            verdict: Verdict(
                status: passed ? "equal" : "not_equal", passed: passed, reward: reward ?? (passed ? 1 : 0),
                reasons: [], stages: []),
            extracted: answer, elapsedSeconds: 0.001)
    }

    /// A file store with two runs: `a` (steps 0 and 1) and `b`, math, kernels and a math variant.
    static func populatedStore(_ directory: TemporaryDirectory) async throws -> VerdictStore {
        let store = try VerdictStore(path: directory.path("s.sqlite"))
        let a = try await store.run(named: "a")
        let b = try await store.run(named: "b")
        try await store.record(
            [
                record(gold: "4", answer: "4", prompt: "2+2?", step: 0),
                record(gold: "4", answer: "5", prompt: "2+2?", step: 0),
                record(gold: "9", answer: "9", prompt: "3*3?", step: 0),
            ], run: a)
        try await store.record(
            [
                record(gold: "4", answer: "4", prompt: "2+2?", step: 1),
                record(gold: "7", answer: "7", prompt: nil, step: 1),
            ], run: a)
        try await store.record(
            [
                record(gold: "4", answer: "4", prompt: "2+2?"),
                record(gold: "0.5", answer: "0.5", prompt: "1/2?", domain: "math(rtol=1e-06)"),
                record(gold: "ref", answer: "ref", prompt: "Write a fast ReLU.", domain: "kernels", reward: 2.5),
                record(gold: "ref", answer: "slow", prompt: "Write a fast ReLU.", domain: "kernels", reward: 0.1),
            ], run: b)
        return store
    }

    static func export(_ store: VerdictStore, _ filter: SFTExportFilter) throws -> ([SFTExample], SFTExportSummary) {
        var examples: [SFTExample] = []
        let summary = try store.exportSFT(filter) { examples.append($0) }
        return (examples, summary)
    }

    @Test func keepsRewardsAtLeastTheMinimumOldestFirstAndCountsMissingPrompts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.populatedStore(directory)
        let (examples, summary) = try Self.export(store, SFTExportFilter())
        #expect(examples.map(\.prompt) == ["2+2?", "3*3?", "2+2?", "2+2?", "1/2?", "Write a fast ReLU."])
        #expect(examples.map(\.run) == ["a", "a", "a", "b", "b", "b"])
        #expect(examples.map(\.step) == [0, 0, 1, nil, nil, nil])
        #expect(examples.map(\.verdictID) == examples.map(\.verdictID).sorted())
        #expect(examples.allSatisfy { $0.reward >= 1 })
        #expect(summary.exported == 6 && summary.withoutPrompt == 1 && summary.duplicates == 0)

        let (everything, all) = try Self.export(store, SFTExportFilter(minReward: 0))
        #expect(everything.count == 8 && all.withoutPrompt == 1)
    }

    @Test func filtersByRunAndDomainIncludingVariants() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.populatedStore(directory)
        #expect(try Self.export(store, SFTExportFilter(run: "b")).0.map(\.domain) == ["math", "math(rtol=1e-06)", "kernels"])
        #expect(try Self.export(store, SFTExportFilter(run: "b", domain: "math")).0.map(\.prompt) == ["2+2?", "1/2?"])
        let kernels = try Self.export(store, SFTExportFilter(minReward: 0, domain: "kernels")).0
        #expect(kernels.map(\.reward) == [2.5, 0.1])
        #expect(try Self.export(store, SFTExportFilter(domain: "python")).0.isEmpty)
        // A domain is matched whole: "mat" is not "math".
        #expect(try Self.export(store, SFTExportFilter(domain: "mat")).0.isEmpty)
    }

    @Test func dedupeKeepsTheOldestVerdictOfEachProblemAndCandidate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.populatedStore(directory)
        let (examples, summary) = try Self.export(store, SFTExportFilter(dedupe: true))
        // "2+2?" answered 4 appears in run a at steps 0 and 1 and in run b: one example, step 0.
        #expect(examples.filter { $0.prompt == "2+2?" }.map(\.step) == [0])
        #expect(examples.count == 4 && summary.duplicates == 2)
        #expect(Set(examples.map { $0.problem.hex + $0.candidate.hex }).count == examples.count)
    }

    @Test func limitStopsAfterThatManyExamples() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.populatedStore(directory)
        let (examples, summary) = try Self.export(store, SFTExportFilter(limit: 2))
        #expect(examples.map(\.prompt) == ["2+2?", "3*3?"])
        #expect(summary.exported == 2)
        let (deduped, _) = try Self.export(store, SFTExportFilter(dedupe: true, limit: 3))
        #expect(deduped.map(\.prompt) == ["2+2?", "3*3?", "1/2?"])
    }

    @Test func emptyResultIsNotAnError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.populatedStore(directory)
        let (examples, summary) = try Self.export(store, SFTExportFilter(minReward: 100))
        #expect(examples.isEmpty && summary == SFTExportSummary())
        let empty = try VerdictStore(path: directory.path("empty.sqlite"))
        #expect(try Self.export(empty, SFTExportFilter()).0.isEmpty)
    }

    @Test func badFiltersAreClearErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.populatedStore(directory)
        let unknown = #expect(throws: StoreError.self) { try Self.export(store, SFTExportFilter(run: "c")) }
        #expect(unknown?.message.contains("no run named c") == true)
        #expect(unknown?.message.contains("its runs: a, b") == true)
        #expect(throws: StoreError.self) { try Self.export(store, SFTExportFilter(minReward: .nan)) }
        #expect(throws: StoreError.self) { try Self.export(store, SFTExportFilter(limit: 0)) }
        #expect(throws: StoreError.self) { try Self.export(store, SFTExportFilter(domain: "")) }
    }

    @Test func anErrorFromTheConsumerStopsTheExport() async throws {
        struct Full: Error {}
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.populatedStore(directory)
        var seen = 0
        #expect(throws: StoreError.self) {
            try store.exportSFT(SFTExportFilter()) { _ in
                seen += 1
                if seen == 2 { throw Full() }
            }
        }
        #expect(seen == 2)
    }

    @Test func examplesAreChatLinesWithMetadata() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.populatedStore(directory)
        let example = try #require(try Self.export(store, SFTExportFilter(run: "a", limit: 1)).0.first)
        let line = JSONLines.encode(.object(example.jsonObject))
        let parsed = try JSONLines.decodeObject(line)
        #expect(parsed.members.map(\.key) == [
            "messages", "run", "step", "domain", "problem_hash", "candidate_hash", "label", "reward", "status",
        ])
        #expect(
            parsed["messages"]
                == .array([
                    .object(JSONObject([("role", .string("user")), ("content", .string("2+2?"))])),
                    // The candidate as stored: \r\n normalised, trailing whitespace dropped.
                    .object(JSONObject([("role", .string("assistant")), ("content", .string("So the answer is \\boxed{4}."))])),
                ]))
        #expect(parsed["run"] == .string("a") && parsed["step"]?.numberValue == 0 && parsed["domain"] == .string("math"))
        #expect(parsed["problem_hash"] == .string(ProblemInput(domain: "math", reference: "4", prompt: "2+2?").id.hex))
        #expect(parsed["candidate_hash"] == .string(ContentHash.of(source: "So the answer is \\boxed{4}.").hex))
        #expect(parsed["label"] == .string("p-4") && parsed["reward"]?.numberValue == 1 && parsed["status"] == .string("equal"))
        let unstepped = try #require(try Self.export(store, SFTExportFilter(run: "b", limit: 1)).0.first)
        #expect(unstepped.jsonObject["step"] == .null)
    }

    @Test(arguments: [
        // A conversational prompt stored as JSON messages becomes those messages, system included.
        (#"[{"role":"system","content":"Box it."},{"role":"user","content":"2+2?"}]"#, ["system", "user", "assistant"]),
        // Text that merely looks like JSON stays one user message.
        ("[1, 2, 3]", ["user", "assistant"]),
        (#"[{"content":"no role"}]"#, ["user", "assistant"]),
        ("[]", ["user", "assistant"]),
        ("[x + 1 for x in xs]", ["user", "assistant"]),
    ])
    func promptsBecomeMessages(prompt: String, roles: [String]) {
        let example = SFTExample(
            verdictID: 1, run: "r", step: nil, domain: "math", problem: ContentHash.of(source: "p"),
            candidate: ContentHash.of(source: "c"), label: nil, prompt: prompt, completion: "\\boxed{4}", reward: 1,
            status: "equal")
        #expect(example.messages.compactMap { $0.objectValue?["role"]?.stringValue } == roles)
        #expect(example.messages.last?.objectValue?["content"] == .string("\\boxed{4}"))
        if roles.count == 2 { #expect(example.messages.first?.objectValue?["content"] == .string(prompt)) }
    }
}
