import ArgumentParser
import AssayCore
import AssayStore
import AssayTIR
import Foundation

/// `assay export sft`: verified completions from a verdict store as chat examples for TRL's
/// `SFTTrainer`.
struct ExportSFTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sft",
        abstract: "Export verified completions as chat-format JSON lines for supervised fine-tuning.",
        discussion: """
            Rejection sampling: every verdict in the store whose reward is at least \
            --min-reward becomes one JSON line in the chat format TRL's SFTTrainer reads, \
            oldest verdict first:

              {"messages": [{"role": "user", "content": PROMPT},
                            {"role": "assistant", "content": COMPLETION}],
               "run": "grpo-exp1", "step": 12, "domain": "math", "problem_hash": "…",
               "candidate_hash": "…", "label": "gsm8k-17", "reward": 1, "status": "equal"}

            The prompt is the one the request carried (`prompt` in /v1/math/grade items and \
            /v1/groups problems, `prompts` in /get_reward; assay_client's TRL adapter sends \
            it). A prompt stored as the JSON text of a message list (a conversational TRL \
            prompt, system message included) becomes those messages. A verdict whose \
            problem has no stored prompt cannot become an example: it is left out and \
            counted in the summary on standard error. The kernels and python domains take \
            no prompt today, so only math verdicts export for now.

            The completion is the candidate as stored: line endings normalised to \\n and \
            trailing whitespace removed.

            With --trajectories, the input is instead a file written by `assay tir run`: each \
            trajectory whose reward is at least --min-reward becomes one multi-turn example \
            with the conversation as it happened (system, user, assistant turns, tool calls \
            with their arguments as JSON objects, tool results), `tools` (the python tool's \
            definition) when it calls a tool, and `problem_id`, `sample`, `protocol`, \
            `reward`, `verdict`, `final_answer`. Trajectories the inference server could not \
            complete (reward null) are left out and counted. With the code-fence protocol the \
            tool output sits inside the assistant turn: mask it if the model should not learn \
            to write it.

            Examples:
              assay export sft --db assay.sqlite --min-reward 1 --out sft.jsonl
              assay export sft --run grpo-exp1 --domain math --dedupe --limit 5000 --out -
              assay export sft --trajectories traj.jsonl --out sft-tir.jsonl
            Then, in Python:
              data = load_dataset("json", data_files="sft.jsonl", split="train")
              SFTTrainer(model=..., train_dataset=data, args=SFTConfig(...)).train()
            """
    )

    /// The domains that can be exported.
    enum Domain: String, ExpressibleByArgument, CaseIterable {
        case math, kernels, python
    }

    @Option(help: "SQLite verdict store to read (written by `assay serve --db`; default assay.sqlite).")
    var db: String?

    @Option(help: ArgumentHelp("JSON-lines trajectories to read instead of a store (`assay tir run --out`), or -.",
                               valueName: "file"))
    var trajectories: String?

    @Option(help: "JSON-lines file to write, or - for standard output.")
    var out: String = "-"

    @Option(help: "Keep verdicts whose reward is at least this (math: 1 is a correct answer).")
    var minReward: Double = 1

    @Option(help: "Only this run (default: every run).")
    var run: String?

    @Option(help: "Only this domain: math, kernels or python (variants such as math(rtol=1e-6) included).")
    var domain: Domain?

    @Flag(help: "One example per (problem, candidate): the oldest verdict, whatever its run or step.")
    var dedupe = false

    @Option(help: "Write at most this many examples.")
    var limit: Int?

    func validate() throws {
        guard minReward.isFinite else { throw ValidationError("--min-reward must be a finite number") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let run, run.isEmpty { throw ValidationError("--run must not be empty") }
        if trajectories != nil {
            if db != nil { throw ValidationError("give --db or --trajectories, not both") }
            if run != nil || domain != nil {
                throw ValidationError("--run and --domain select verdicts in a store; they do not apply to --trajectories")
            }
        }
    }

    func run() async throws {
        if let trajectories {
            try exportTrajectories(trajectories)
            return
        }
        let db = db ?? "assay.sqlite"
        guard FileManager.default.fileExists(atPath: db) else {
            throw CommandFailure("no verdict store at \(db) (run `assay serve --db \(db)` to create one)")
        }
        let filter = SFTExportFilter(minReward: minReward, run: run, domain: domain?.rawValue, dedupe: dedupe, limit: limit)
        // The output is created when the first example is ready, so that a bad run name or an
        // unreadable store leaves an existing file as it was.
        var sink: BufferedOutput?
        let summary: SFTExportSummary
        do {
            let store = try VerdictStore(path: db)
            summary = try store.exportSFT(filter) { example in
                if sink == nil { sink = try BufferedOutput(path: out) }
                sink?.writeLine(JSONLines.encode(.object(example.jsonObject)))
            }
        } catch {
            throw CommandFailure(error.message)
        }
        if sink == nil { sink = try BufferedOutput(path: out) }
        sink?.flush()
        FileHandle.standardError.write(Data(Self.describe(summary, out: out).utf8))
    }

    func exportTrajectories(_ path: String) throws {
        let lines = try InputLines.read(path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]  // the same bytes on every run
        let tool = try JSONValue(parsing: String(decoding: try encoder.encode(ToolDefinition.python), as: UTF8.self))
        var export: SFTTrajectoryExport
        var examples: [JSONObject] = []
        do {
            export = try SFTTrajectoryExport(minReward: minReward, tools: [tool], dedupe: dedupe, limit: limit)
            for (index, line) in lines.enumerated() {
                if let example = try export.example(fromLine: line, number: index + 1) { examples.append(example) }
                if export.isFull { break }
            }
        } catch {
            throw CommandFailure(error.message)
        }
        var sink = try BufferedOutput(path: out)
        for example in examples { sink.writeLine(JSONLines.encode(.object(example))) }
        sink.flush()
        let summary = export.summary
        var text = "exported \(summary.exported) trajector\(summary.exported == 1 ? "y" : "ies") to \(out == "-" ? "standard output" : out)"
        text += "; left out: \(summary.belowMinimum) below --min-reward, \(summary.failed) not completed (reward null)"
        if dedupe { text += ", \(summary.duplicates) duplicate\(summary.duplicates == 1 ? "" : "s")" }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func describe(_ summary: SFTExportSummary, out: String) -> String {
        var text = "exported \(summary.exported) example\(summary.exported == 1 ? "" : "s") to \(out == "-" ? "standard output" : out)"
        if summary.duplicates > 0 { text += "; \(summary.duplicates) duplicate\(summary.duplicates == 1 ? "" : "s") left out (--dedupe)" }
        text += "\n"
        if summary.withoutPrompt > 0 {
            text += """
                \(summary.withoutPrompt) verified verdict\(summary.withoutPrompt == 1 ? " was" : "s were") left out: \
                no prompt was stored with \(summary.withoutPrompt == 1 ? "its problem" : "their problems") \
                (send `prompt` with each request to make them exportable)

                """
        }
        return text
    }
}
