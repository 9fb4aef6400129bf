import ArgumentParser
import AssayReport
import AssayStore
import Foundation

/// `assay report`: a static HTML report of a verdict store.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one offline HTML file that shows what a verdict store holds.",
        discussion: """
            The report has the verdict breakdown per run and domain, the kernel speedup \
            distribution (log scale), pass@k and fast_p curves, mean reward and accuracy per \
            training step (for runs whose requests carried a step), time per checking stage, \
            a sortable per-problem table, and for each problem a few candidates (failures \
            and passes alternately) with their feedback and source. plotly.js is inlined, so the file works \
            offline and can be attached to a PR or an experiment log.

            Examples:
              assay report --db assay.sqlite --out report.html
              assay report --db assay.sqlite --run grpo-exp1 --candidates 20 --out exp1.html
            """
    )

    @Option(help: "SQLite verdict store to read.")
    var db: String = "assay.sqlite"

    @Option(help: "HTML file to write.")
    var out: String = "report.html"

    @Option(help: "Only this run (default: every run).")
    var run: String?

    @Option(help: "Candidates shown per problem and run, failures and passes alternately.")
    var candidates: Int = 6

    @Option(help: "Title at the top of the page.")
    var title: String = "Assay report"

    func run() async throws {
        guard candidates >= 0 else { throw ValidationError("--candidates must not be negative") }
        guard FileManager.default.fileExists(atPath: db) else {
            throw CommandFailure("no verdict store at \(db) (run `assay serve --db \(db)` to create one)")
        }
        let store: VerdictStore
        do {
            store = try VerdictStore(path: db)
        } catch {
            throw CommandFailure(error.message)
        }
        do {
            try HTMLReport.write(store: store, to: out, run: run, candidatesPerProblem: candidates, title: title)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
