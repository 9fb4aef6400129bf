import ArgumentParser

/// `assay grpo ...`: group-relative advantages for RL trainers.
struct GRPOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grpo",
        abstract: "Group-relative advantages (GRPO, Dr. GRPO, RLOO).",
        subcommands: [GRPOAdvantagesCommand.self]
    )
}
