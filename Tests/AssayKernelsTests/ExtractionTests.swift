import AssayCore
import Testing
@testable import AssayKernels

@Suite struct ExtractionTests {
    static let model = "import torch\nclass ModelNew(torch.nn.Module):\n    pass"

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var output: String
        /// Expected: a candidate whose source contains this marker, or a failure code.
        var sourceContains: String?
        var failure: String?
        var truncated = false
        var format: KernelCandidate.Format = .inlineExtension
    }

    static let cases: [Case] = [
        Case(description: "one python block", output: "Here:\n```python\n\(model)\n```\nDone.", sourceContains: "class ModelNew"),
        Case(description: "unlabelled fence", output: "```\n\(model) # plain\n```", sourceContains: "# plain"),
        Case(description: "tilde fence and capital language", output: "~~~Python\n\(model) # tilde\n~~~", sourceContains: "# tilde"),
        Case(
            description: "last complete block wins",
            output: "```python\n\(model) # first\n```\nbetter:\n```python\n\(model) # second\n```", sourceContains: "# second"),
        Case(
            description: "a draft inside <think> is ignored",
            output: "<think>\n```python\n\(model) # draft\n```\n</think>\n```python\n\(model) # final\n```", sourceContains: "# final"),
        Case(
            description: "closing tag without an opening one",
            output: "reasoning only\n```python\n\(model) # draft\n```\n</think>\nAnswer:\n```python\n\(model) # answer\n```",
            sourceContains: "# answer"),
        Case(
            description: "truncated last block loses to an earlier complete one",
            output: "```python\n\(model) # complete\n```\n```python\n\(model) # cut", sourceContains: "# complete"),
        Case(
            description: "only a truncated block", output: "```python\n\(model) # cut off here", sourceContains: "# cut off",
            truncated: true),
        Case(
            description: "no fences: from the first code line", output: "Sure, here it is.\nimport torch\nclass ModelNew(torch.nn.Module):\n    pass",
            sourceContains: "import torch"),
        Case(description: "empty output", output: "  \n\n", failure: "empty_output"),
        Case(description: "unfinished thinking", output: "<think>\nLet me think about the kernel", failure: "unfinished_thinking"),
        Case(description: "only C++", output: "```cpp\n__global__ void k() {}\n```", failure: "no_model_new"),
        Case(description: "class named differently", output: "```python\nclass Model(nn.Module):\n    pass\n```", failure: "no_model_new"),
        Case(description: "ModelNew as a substring", output: "```python\nclass ModelNewer(nn.Module):\n    pass\n```", failure: "no_model_new"),
        Case(
            description: "raw kernel: cuda and json blocks",
            output: "```cuda\nextern \"C\" __global__ void k(float* x) {}\n```\n```json\n{\"format\": \"assay-raw-kernel/1\"}\n```",
            sourceContains: "__global__", format: .rawKernel),
        Case(
            description: "raw kernel without its source",
            output: "```json\n{\"format\": \"assay-raw-kernel/1\"}\n```", failure: "incomplete_raw_kernel"),
    ]

    @Test(arguments: cases)
    func extraction(_ c: Case) throws {
        switch CandidateExtractor.extract(c.output) {
        case .success(let candidate):
            #expect(c.failure == nil, "expected failure \(c.failure ?? "")")
            let marker = try #require(c.sourceContains)
            #expect(candidate.source.contains(marker))
            #expect(candidate.truncated == c.truncated)
            #expect(candidate.format == c.format)
            #expect(!candidate.notes.isEmpty)
        case .failure(let failure):
            #expect(failure.code == c.failure, "\(failure.message)")
            #expect(failure.verdict.status == .formatError)
            #expect(!failure.message.isEmpty)
        }
    }

    @Test func missingModelNewFeedbackNamesTheBlocksFound() {
        guard case .failure(let failure) = CandidateExtractor.extract("```cpp\nint x;\n```\n```python\nprint(1)\n```") else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.message.contains("Found 2 code blocks"))
        #expect(failure.message.contains("1 cpp"))
        #expect(failure.message.contains("class ModelNew(nn.Module)"))
    }

    @Test func fencedBlocksRecordTheirLines() {
        let blocks = FencedBlock.scan("text\n```python\na\nb\n```\n~~~~\nc\n~~~~")
        #expect(blocks.count == 2)
        #expect(blocks[0].language == "python")
        #expect(blocks[0].firstLine == 3)
        #expect(blocks[0].body == "a\nb")
        #expect(blocks[1].language == "")
        #expect(blocks[1].closed)
    }
}
