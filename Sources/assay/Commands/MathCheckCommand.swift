import ArgumentParser
import AssayCore
import AssayMath

/// `assay math check`: one answer against one gold answer, verdict printed as JSON.
struct MathCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check one answer against one gold answer and print the verdict as JSON.",
        discussion: """
            The answer may be bare (`0.5`) or carry a marker (`The answer is $\\boxed{1/2}$`); \
            with --completion it is treated as a whole model completion, which must mark its \
            final answer (a long text without \\boxed{}, <answer>, #### or "final answer" is \
            unparseable).

            Output: {"verdict", "reward", "answer", "source", "reason", "code", "reasons", \
            "elapsed_us"}.

            Examples:
              assay math check --gold '\\frac{1}{2}' --answer '0.5'                  # equal
              assay math check --gold '8 \\text{ feet}' --answer '8 inches'           # not_equal, unit_mismatch
              assay math check --gold '[2,5]' --answer '2 \\le x \\le 5'               # equal
              assay math check --gold 'B' --answer '\\textbf{(B) }12'                 # equal
              assay math check --gold '1/3' --answer '0.3333333' --tolerance 1e-6    # equal (opt-in)
            """
    )

    @Option(help: "The gold answer, as a dataset stores it.")
    var gold: String

    @Option(help: "The answer (bare, or with \\boxed{} or another marker).")
    var answer: String

    @Flag(help: "Treat --answer as a whole model completion.")
    var completion = false

    @Option(help: "Opt-in relative tolerance for numbers (default: exact).")
    var tolerance: Double?

    @Option(name: .customLong("timeout-ms"), help: "Per-pair deadline in milliseconds.")
    var timeoutMilliseconds: Int = 200

    func run() async throws {
        let grader = MathGrader(options: MathCLIOptions.options(tolerance: tolerance, timeoutMilliseconds: timeoutMilliseconds))
        let grade = completion ? grader.grade(completion: answer, gold: gold) : grader.check(answer: answer, gold: gold)
        let reason = grade.verdict.reasons.first
        let object = JSONObject([
            ("verdict", .string(grade.verdict.status.rawValue)),
            ("reward", .number(grade.verdict.reward)),
            ("answer", grade.extractedAnswer.map(JSONValue.string) ?? .null),
            ("source", grade.answerSource.map { .string($0.rawValue) } ?? .null),
            ("reason", .string(reason?.message ?? "")),
            ("code", .string(reason?.code ?? "")),
            ("reasons", .array(grade.verdict.reasons.map {
                .object(JSONObject([("code", .string($0.code)), ("message", .string($0.message))]))
            })),
            ("elapsed_us", .number((grade.elapsedMicroseconds * 100).rounded() / 100)),
        ])
        var output = BufferedOutput()
        output.writeLine(JSONLines.encode(.object(object)))
        output.flush()
    }
}

/// Option handling shared by the math commands.
enum MathCLIOptions {
    static func options(tolerance: Double?, timeoutMilliseconds: Int) -> MathGradingOptions {
        MathGradingOptions(timeout: .milliseconds(max(1, timeoutMilliseconds)), relativeTolerance: tolerance)
    }
}
