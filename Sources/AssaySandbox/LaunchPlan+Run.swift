import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// The process a plan describes, started the one way both one-shot runs and sessions start it.
typealias SandboxExecution = Execution<CustomWriteInput, SequenceOutput, SequenceOutput>

extension LaunchPlan {
    /// Starts the planned process with a writable standard input and streamed standard output
    /// and error, and runs `body` while it lives.
    func launch<Result>(
        _ body: (SandboxExecution) async throws -> Result
    ) async throws -> ExecutionResult<Result, SequenceOutput, SequenceOutput> {
        try await Subprocess.run(
            .path(FilePath(executable)),
            arguments: Arguments(arguments),
            environment: .custom(environmentKeys),
            workingDirectory: workingDirectory.map { FilePath($0) },
            platformOptions: platformOptions,
            input: .inputWriter,
            output: .sequence,
            error: .sequence,
            body: body
        )
    }
}
