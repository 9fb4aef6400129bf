import ArgumentParser

/// `assay export ...`: data sets built from what Assay verified.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Turn verified results into training data (rejection sampling for fine-tuning).",
        subcommands: [ExportSFTCommand.self]
    )
}
