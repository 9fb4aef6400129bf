import ArgumentParser
import AssayCore
import AssayKernels

/// `assay kernel check`: extraction and static checks, one JSON verdict.
struct KernelCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Extract a kernel candidate from model output and run the static checks.",
        discussion: """
            Prints one JSON object: status (checked, rejected, syntax_error, format_error, \
            invalid, internal_error), reasons, findings (each with code, severity reject or \
            warn, message and line), the load_inline extensions found, stage timings, and \
            feedback text for the model's next attempt. The candidate is parsed, never run.

            With --problem, the checks also compare ModelNew's signatures with the problem's \
            get_inputs()/get_init_inputs(), use the problem's precision (float32 problems \
            reject half/bf16/TF32) and honour its `# assay: allow-torch-ops ...` line.

            Exit status: 0 when the candidate passed the checks, 1 when it did not.

            Examples:
              assay kernel check completion.md --problem examples/kernels/problems/relu.py
              cat completion.md | assay kernel check -
            """
    )

    @Argument(help: "The candidate: a model output or a Python file, or - for standard input.")
    var candidate: String

    @Option(help: "The KernelBench problem file the candidate answers.")
    var problem: String?

    func run() async throws {
        let output = try InputLines.readText(candidate)
        let problemSource = try problem.map { try InputLines.readText($0) }
        let report = await KernelChecker().check(output: output, problem: problemSource)
        var out = BufferedOutput()
        out.writeLine(JSONLines.encode(report.json))
        out.flush()
        if report.verdict.status == .invalid || report.verdict.status == .internalError {
            throw ExitCode(2)
        }
        if !report.mayCompile { throw ExitCode(1) }
    }
}
