import Testing

@testable import AssayMath

@Suite struct AnswerExtractorTests {
    func extracted(_ text: String, mode: AnswerExtractor.Mode = .completion) -> ExtractedAnswer? {
        AnswerExtractor.extract(from: text, mode: mode).answer
    }

    func failureCode(_ text: String, mode: AnswerExtractor.Mode = .completion) -> String? {
        if case .failure(let code, _) = AnswerExtractor.extract(from: text, mode: mode) { return code }
        return nil
    }

    @Test(arguments: [
        ("so $\\boxed{42}$.", "42"),
        ("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}"),
        ("nested \\boxed{\\left\\{1, \\{2\\}\\right\\}} done", "\\left\\{1, \\{2\\}\\right\\}"),
        ("first \\boxed{1} then \\boxed{2}", "2"),
        ("\\fbox{7}", "7"),
        ("hence \\boxed 5 is it", "5"),
        ("\\boxed{\\boxed{3}}", "3"),
        ("the answers are \\boxed{1} and \\boxed{2}", "1, 2"),
        ("$\\boxed{1}$, $\\boxed{2}$", "1, 2"),
        ("either \\boxed{1} or \\boxed{2}", "1 \\text{ or } 2"),
        ("\\boxed{1}. Later we check more.\n\nSo finally \\boxed{2}", "2"),
        ("\\boxed{\\text{(B) }12}", "\\text{(B) }12"),
    ])
    func boxed(text: String, answer: String) throws {
        let a = try #require(extracted(text))
        #expect(a.text == answer)
        #expect(a.source == .boxed)
    }

    @Test func emptyOrBrokenBoxesFailWithoutFallback() {
        #expect(failureCode("the value is 4, so \\boxed{}") == "empty_box")
        #expect(failureCode("the value is 4, so \\boxed{  }") == "empty_box")
        #expect(failureCode("\\boxed{4} was a guess; final: \\boxed{}") == "empty_box")
        #expect(failureCode("so the answer is \\boxed{\\frac{1}{2") == "unterminated_box")
    }

    @Test func thinkTags() throws {
        let r1 = "<think>maybe \\boxed{3}</think>\n<answer>\\boxed{4}</answer>"
        #expect(extracted(r1)?.text == "4")
        let tagOnly = "<think>try 3... no, 4</think> <answer> 4 </answer>"
        let a = try #require(extracted(tagOnly))
        #expect(a.text == "4")
        #expect(a.source == .answerTag)
        let phrase = "<think>...</think><answer>The answer is 3.</answer>"
        #expect(extracted(phrase)?.text == "3")
        #expect(extracted("<think>reasoning</think>\n\nThe final answer is $7$.")?.text == "7")
        // The box inside <think> is a draft, not an answer.
        #expect(failureCode("<think>\\boxed{3}</think><answer></answer>") == "empty_answer")
        #expect(failureCode("<think>I keep thinking and \\boxed{3} and then the output stops") == "unterminated_think")
    }

    @Test func gsm8k() throws {
        let a = try #require(extracted("3 + 4 = <<3+4=7>>7\n#### 7"))
        #expect(a.text == "7")
        #expect(a.source == .gsm8k)
        #expect(extracted("#### 1,234\n")?.text == "1,234")
        #expect(failureCode("She has 7 apples.\n####") == "empty_answer")
    }

    @Test(arguments: [
        ("Thus, the final answer is $\\frac{3}{4}$. I hope it is correct.", "\\frac{3}{4}"),
        ("Final Answer: The final answer is $5$. I hope it is correct.", "5"),
        ("So the answer is 3.5.", "3.5"),
        ("Final answer: 12", "12"),
        ("**Final Answer:** 1/2", "1/2"),
        ("Hence the answer is \\(2\\sqrt{2}\\).", "2\\sqrt{2}"),
        ("The answer is: (B)", "(B)"),
        ("The correct answer is C.", "C"),
    ])
    func phrases(text: String, answer: String) throws {
        let a = try #require(extracted(text))
        #expect(a.text == answer)
        #expect(a.source == .finalAnswerPhrase)
    }

    @Test func bareAnswers() throws {
        #expect(extracted("42")?.source == .whole)
        #expect(extracted("  \\frac{1}{2} ")?.text == "\\frac{1}{2}")
        let long = String(repeating: "We reason about it carefully. ", count: 10)
        #expect(failureCode(long) == "no_answer_found")
        #expect(extracted(long, mode: .answer) != nil)
        #expect(failureCode("line one\nline two") == "no_answer_found")
        #expect(failureCode("   ") == "no_answer_found")
    }

    @Test func boxBeatsPhraseAndHashes() {
        #expect(extracted("The answer is 3. #### 5\n\\boxed{6}")?.text == "6")
        #expect(extracted("The answer is 3.\n#### 5")?.text == "5")
    }
}
