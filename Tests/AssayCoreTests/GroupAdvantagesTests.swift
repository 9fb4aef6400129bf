import Testing
@testable import AssayCore

@Suite struct GroupAdvantagesTests {
    @Test func grpoNormalisesBySampleStandardDeviation() throws {
        let result = try GroupAdvantages(rewards: [1, 0, 0, 1], method: .grpo, epsilon: 0)
        // mean 0.5, sample std sqrt(1/3)
        let expected = 0.5 / (1.0 / 3.0).squareRoot()
        #expect(abs(result.values[0] - expected) < 1e-12)
        #expect(abs(result.values[1] + expected) < 1e-12)
        #expect(result.degenerate == nil)
        #expect(result.meanReward == 0.5)
    }

    @Test func drGRPOSubtractsTheMeanOnly() throws {
        let result = try GroupAdvantages(rewards: [1, 0, 0, 0], method: .drGRPO)
        #expect(result.values == [0.75, -0.25, -0.25, -0.25])
    }

    @Test func rlooUsesTheLeaveOneOutBaseline() throws {
        let result = try GroupAdvantages(rewards: [1, 0, 0, 2], method: .rloo)
        // baseline for the first is (0+0+2)/3
        #expect(abs(result.values[0] - (1 - 2.0 / 3.0)) < 1e-12)
        #expect(abs(result.values[3] - (2 - 1.0 / 3.0)) < 1e-12)
    }

    @Test(arguments: AdvantageMethod.allCases)
    func zeroVarianceGroupsGetZeroAndANote(method: AdvantageMethod) throws {
        let result = try GroupAdvantages(rewards: [0.5, 0.5, 0.5], method: method)
        #expect(result.values == [0, 0, 0])
        #expect(result.degenerate == "zero_variance")
    }

    @Test(arguments: AdvantageMethod.allCases)
    func advantagesSumToZero(method: AdvantageMethod) throws {
        let rewards = [0.1, 0.9, 0.3, 0.0, 1.0, 0.7]
        let result = try GroupAdvantages(rewards: rewards, method: method)
        #expect(abs(result.values.reduce(0, +)) < 1e-9)
        // The best reward always gets the largest advantage.
        #expect(result.values.firstIndex(of: result.values.max()!) == 4)
    }

    @Test func singleCandidateIsDegenerate() throws {
        let result = try GroupAdvantages(rewards: [1], method: .grpo)
        #expect(result.values == [0])
        #expect(result.degenerate == "single_candidate")
    }

    @Test func rejectsEmptyAndNonFiniteGroups() {
        #expect(throws: AdvantageError.self) { try GroupAdvantages(rewards: [], method: .grpo) }
        #expect(throws: AdvantageError.self) { try GroupAdvantages(rewards: [1, .nan], method: .rloo) }
    }
}
