import ArgumentParser

/// The `assay` command line: thin wrappers over the library targets.
@main
struct Assay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assay",
        abstract: "Turn model output into rewards you can trust: compile it, run it, check it, time it.",
        discussion: """
            Each domain has its own group of subcommands. Results are JSON (one object, or one \
            JSON line per input line); summaries and progress go to standard error.

            Examples:
              assay math check --gold '\\frac{1}{2}' --answer 'The answer is $\\boxed{0.5}$'
              assay math grade examples/math/sample.jsonl --output graded.jsonl
              assay grpo advantages rewards.jsonl --method rloo
              assay export sft --db assay.sqlite --min-reward 1 --out sft.jsonl
            """,
        version: "0.1.0",
        subcommands: [
            MathCommand.self, SandboxCommand.self, TIRCommand.self, KernelCommand.self, GRPOCommand.self,
            ServeCommand.self, ReportCommand.self, ExportCommand.self,
        ]
    )
}
