import Testing
@testable import AssayTIR

@Suite struct CodeFenceTests {
    @Test func findsTheClosedPythonBlockAtTheEnd() {
        let text = "Let me compute.\n```python\nx = 6 * 7\nprint(x)\n```\n"
        #expect(CodeFence.pendingCode(in: text) == "x = 6 * 7\nprint(x)\n")
    }

    @Test(arguments: [
        "No code here, the answer is \\boxed{3}.",
        "```python\nprint(1)\n```\n```output\n1\n```\nSo \\boxed{1}.",
        "```python\nprint(1)\n",  // not closed: truncated, not a request to run
        "```\nplain fence\n```",
    ])
    func ignoresTextThatDoesNotEndWithAClosedPythonBlock(text: String) {
        #expect(CodeFence.pendingCode(in: text) == nil)
    }

    @Test func picksTheLastBlockAfterEarlierOutputs() {
        let text = "```python\na=1\n```\n```output\n\n```\nthen\n```python\nprint(a+1)\n```"
        #expect(CodeFence.pendingCode(in: text) == "print(a+1)\n")
    }

    @Test func outputBlockEndsWithAFenceOnItsOwnLine() {
        #expect(CodeFence.outputBlock("42") == "```output\n42\n```\n")
        #expect(CodeFence.outputBlock("42\n") == "```output\n42\n```\n")
    }

    @Test func truncationSaysHowMuchWasCut() {
        let cut = TIRDriver.truncate(String(repeating: "a", count: 30), to: 10)
        #expect(cut.hasPrefix("aaaaaaaaaa\n"))
        #expect(cut.contains("20 more characters"))
        #expect(TIRDriver.truncate("short", to: 10) == "short")
    }

    @Test func toolArgumentsMustBeAnObjectWithCode() {
        #expect(TIRDriver.code(fromArguments: #"{"code":"print(1)"}"#) == "print(1)")
        #expect(TIRDriver.code(fromArguments: #"{"src":"print(1)"}"#) == nil)
        #expect(TIRDriver.code(fromArguments: "print(1)") == nil)
        #expect(TIRDriver.code(fromArguments: #"{"code":1}"#) == nil)
    }

    @Test func retryDelaysHonourRetryAfterAndStayWithinTheCap() {
        let policy = RetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(100), maxBackoff: .seconds(1))
        #expect(policy.delay(afterAttempt: 1, retryAfterSeconds: 0.25) == .milliseconds(250))
        #expect(policy.delay(afterAttempt: 1, retryAfterSeconds: 100) == .seconds(1))
        for attempt in 1...10 {
            let delay = policy.delay(afterAttempt: attempt, retryAfterSeconds: nil)
            #expect(delay >= .zero && delay <= .seconds(1))
        }
    }
}
