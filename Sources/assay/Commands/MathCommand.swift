import ArgumentParser

/// `assay math ...`: final-answer extraction and equivalence checking.
struct MathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "math",
        abstract: "Grade math answers against gold answers.",
        discussion: """
            The final answer is taken from the completion (last \\boxed{}, <answer> tag, \
            #### N, or "the final answer is ..."), parsed from LaTeX or plain text, and \
            compared exactly with the gold answer: rationals with arbitrary precision, \
            expressions by exact evaluation, irrationals with certified interval arithmetic, \
            sets, tuples, intervals, matrices, equations, units and choice letters.

            Verdicts: equal (reward 1), not_equal, unparseable, timeout, invalid (reward 0).

            Examples:
              assay math check --gold '\\frac{1}{2}' --answer '0.5'
              assay math grade examples/math/sample.jsonl --output graded.jsonl --jobs 2
            """,
        subcommands: [MathCheckCommand.self, MathGradeCommand.self]
    )
}
