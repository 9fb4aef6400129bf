import ArgumentParser

/// `assay sandbox ...`: run untrusted Python in an isolated sandbox.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run untrusted Python in a bubblewrap sandbox with resource limits.",
        discussion: """
            The sandbox has no network, its own process tree, read-only system directories, a \
            private /tmp that disappears afterwards, and no view of the project or home \
            directories. Limits on CPU time, memory, processes, file size and open files apply; \
            a wall-clock timeout kills everything the code started. Needs bubblewrap \
            (Debian/Ubuntu: apt-get install bubblewrap).
            """,
        subcommands: [SandboxRunCommand.self]
    )
}
