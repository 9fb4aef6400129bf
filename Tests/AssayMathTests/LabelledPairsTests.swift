import AssayCore
import Foundation
import Testing

@testable import AssayMath

/// Runs every hand-labelled pair of `examples/math/labelled.jsonl` through the grader and
/// expects its label.
@Suite struct LabelledPairsTests {
    struct LabelledPair: Sendable, CustomTestStringConvertible {
        var id: String
        var gold: String
        var completion: String
        var expected: String
        var note: String

        var testDescription: String { "\(id): \(note)" }
    }

    /// The repository's copy of the labelled file, found from this source file's path.
    static var labelledFile: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // AssayMathTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("examples/math/labelled.jsonl")
    }

    static func load() throws -> [LabelledPair] {
        let text = try String(contentsOf: labelledFile, encoding: .utf8)
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

    @Test func fileIsPresentAndLarge() throws {
        let pairs = try LabelledPairsTests.load()
        #expect(pairs.count >= 300)
        #expect(Set(pairs.map(\.expected)) == ["equal", "not_equal", "unparseable"])
    }

    @Test(arguments: pairs) func pairGetsItsLabel(_ pair: LabelledPair) {
        let grade = MathGrader().grade(completion: pair.completion, gold: pair.gold)
        #expect(
            grade.verdict.status.rawValue == pair.expected,
            "\(pair.id) gold \(pair.gold) answer \(grade.extractedAnswer ?? "-"): \(grade.verdict.status) \(grade.reasonCode ?? "") \(grade.verdict.summary)"
        )
    }
}
