import Testing
@testable import AssayCore

@Suite struct AdvantageAssignmentTests {
    private func records(_ lines: [String]) throws -> [JSONObject] {
        try lines.map { try JSONLines.decodeObject($0) }
    }

    @Test func annotatesInOrderAndGroupsByValue() throws {
        let input = try records([
            #"{"id":"a1","group":"a","reward":1}"#,
            #"{"id":"b1","group":7,"reward":0}"#,
            #"{"id":"a2","group":"a","reward":0}"#,
            #"{"id":"b2","group":7,"reward":0}"#,
        ])
        let out = try AdvantageAssignment.annotate(input, method: .drGRPO)
        #expect(out.map { $0["id"]?.stringValue } == ["a1", "b1", "a2", "b2"])
        #expect(out.map { $0["advantage"]?.numberValue } == [0.5, 0, -0.5, 0])
        #expect(out[1]["advantage_note"] == .string("zero_variance"))
        #expect(out[0]["advantage_note"] == nil)
    }

    @Test func groupSevenAndStringSevenAreDifferentGroups() throws {
        let input = try records([#"{"group":7,"reward":1}"#, #"{"group":"7","reward":0}"#])
        let out = try AdvantageAssignment.annotate(input, method: .grpo)
        #expect(out.allSatisfy { $0["advantage_note"] == .string("single_candidate") })
    }

    @Test func rejectsMissingOrNonNumericFields() throws {
        #expect(throws: JSONLineError(message: #"line 2: missing field "reward""#)) {
            try AdvantageAssignment.annotate(
                try records([#"{"group":1,"reward":1}"#, #"{"group":1}"#]), method: .grpo)
        }
        #expect(throws: JSONLineError(message: #"line 1: missing field "group""#)) {
            try AdvantageAssignment.annotate(try records([#"{"reward":1}"#]), method: .grpo)
        }
        #expect(throws: JSONLineError.self) {
            try AdvantageAssignment.annotate(try records([#"{"group":1,"reward":"1"}"#]), method: .grpo)
        }
    }
}
