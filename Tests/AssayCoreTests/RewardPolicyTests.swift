import Testing
@testable import AssayCore

@Suite struct RewardPolicyTests {
    @Test func mathDefaultsAreTheBinaryVerifiableReward() {
        let policy = MathRewardPolicy()
        #expect(policy.reward(passed: true, parsed: true) == 1)
        #expect(policy.reward(passed: false, parsed: true) == 0)
        #expect(policy.reward(passed: false, parsed: false) == 0)
        #expect(policy.reward(passed: true, parsed: true, failedToolCalls: 3) == 1)
    }

    @Test func mathToolPenaltyIsCappedAndNeverInvertsCorrectness() {
        var policy = MathRewardPolicy()
        policy.incorrect = 0.2
        policy.toolFailurePenalty = 0.5
        policy.maxToolPenalty = 1.0
        #expect(policy.reward(passed: false, parsed: true, failedToolCalls: 1) == -0.3)
        #expect(policy.reward(passed: false, parsed: true, failedToolCalls: 10) == -0.8)
        // 1 - 1.0 = 0 would fall below a wrong answer's 0.2: clamped to 0.2.
        #expect(policy.reward(passed: true, parsed: true, failedToolCalls: 10) == 0.2)
    }

    @Test func kernelRewardsFollowTheStages() {
        let policy = KernelRewardPolicy()
        #expect(policy.reward(stage: .formatError, speedup: nil, hackDetected: false) == 0)
        #expect(policy.reward(stage: .compileError, speedup: nil, hackDetected: false) == 0)
        #expect(policy.reward(stage: .incorrect, speedup: 10, hackDetected: false) == 0.1)
        #expect(policy.reward(stage: .correct, speedup: nil, hackDetected: false) == 1)
        #expect(policy.reward(stage: .correct, speedup: 0.5, hackDetected: false) == 1)
        #expect(policy.reward(stage: .correct, speedup: 2, hackDetected: false) == 2)
        #expect(policy.reward(stage: .correct, speedup: 100, hackDetected: false) == 4)
    }

    @Test(arguments: KernelStage.allCases)
    func anyHackZeroesTheReward(stage: KernelStage) {
        #expect(KernelRewardPolicy().reward(stage: stage, speedup: 50, hackDetected: true) == 0)
    }
}
