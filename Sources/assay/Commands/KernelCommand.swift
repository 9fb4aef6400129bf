import ArgumentParser

/// `assay kernel ...`: CUDA kernel candidates (extraction, static checks, compilation).
struct KernelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Check and compile CUDA kernel candidates (KernelBench format).",
        discussion: """
            A candidate is Python that defines `class ModelNew(nn.Module)` and builds its CUDA \
            code with torch.utils.cpp_extension.load_inline, or Assay's raw-kernel format (a \
            ```cuda block plus a ```json launch description; see docs/kernels.md). Raw model \
            output is accepted as is: markdown fences and <think> sections are handled.

            Examples:
              assay kernel check output.md --problem examples/kernels/problems/relu.py
              assay kernel compile examples/kernels/candidates/relu_basic.py --arch sm_90
            """,
        subcommands: [KernelCheckCommand.self, KernelCompileCommand.self, KernelEvalCommand.self]
    )
}
