import AssayCore
import Foundation
import Testing

@testable import AssayMath

/// Runs every hand-labelled pair of `examples/math/labelled.jsonl` (and of the held-out set
/// `examples/math/heldout.jsonl`) through the grader and expects its label.
@Suite struct LabelledPairsTests {
    struct LabelledPair: Sendable, CustomTestStringConvertible {
        var id: String
        var gold: String
        var completion: String
        var expected: String
        var note: String

        var testDescription: String { "\(id): \(note)" }
    }

    /// A file of the repository's `examples/math`, found from this source file's path.
    static func examplesFile(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // AssayMathTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("examples/math/" + name)
    }

    static func load(_ name: String = "labelled.jsonl") throws -> [LabelledPair] {
        let text = try String(contentsOf: examplesFile(name), encoding: .utf8)
        var pairs: [LabelledPair] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            let object = try JSONLines.decodeObject(line)
            guard case .string(let id)? = object["id"], case .string(let gold)? = object["gold"],
                case .string(let completion)? = object["completion"], case .string(let expected)? = object["expected"]
            else {
                throw JSONLineError(message: "line \(index + 1) lacks id, gold, completion or expected")
            }
            let note = object["note"]?.stringValue ?? ""
            pairs.append(LabelledPair(id: id, gold: gold, completion: completion, expected: expected, note: note))
        }
        return pairs
    }

    static let pairs: [LabelledPair] = (try? load()) ?? []
    static let heldOut: [LabelledPair] = (try? load("heldout.jsonl")) ?? []

    @Test func filesArePresentAndLarge() throws {
        let pairs = try LabelledPairsTests.load()
        #expect(pairs.count >= 300)
        #expect(Set(pairs.map(\.expected)) == ["equal", "not_equal", "unparseable"])
        let heldOut = try LabelledPairsTests.load("heldout.jsonl")
        #expect(heldOut.count >= 100)
    }

    @Test(arguments: pairs + heldOut) func pairGetsItsLabel(_ pair: LabelledPair) {
        let grade = MathGrader().grade(completion: pair.completion, gold: pair.gold)
        #expect(
            grade.verdict.status.rawValue == pair.expected,
            "\(pair.id) gold \(pair.gold) answer \(grade.extractedAnswer ?? "-"): \(grade.verdict.status) \(grade.reasonCode ?? "") \(grade.verdict.summary)"
        )
    }
}
