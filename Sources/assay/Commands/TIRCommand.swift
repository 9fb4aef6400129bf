import ArgumentParser

/// `assay tir ...`: tool-integrated reasoning against an inference server.
struct TIRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tir",
        abstract: "Tool-integrated reasoning: the model writes Python mid-reasoning, Assay runs it and grades the answer.",
        subcommands: [TIRRunCommand.self]
    )
}
