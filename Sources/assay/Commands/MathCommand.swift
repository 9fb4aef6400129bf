import ArgumentParser

/// `assay math ...`: final-answer extraction and equivalence checking.
struct MathCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "math",
        abstract: "Grade math answers against gold answers.",
        subcommands: []
    )
}
