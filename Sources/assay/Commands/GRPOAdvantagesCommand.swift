public import ArgumentParser
import AssayCore

/// `assay grpo advantages`: JSON lines with `group` and `reward` in, `advantage` added out.
struct GRPOAdvantagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advantages",
        abstract: "Add group-relative advantages to JSON lines that carry `group` and `reward`.",
        discussion: """
            Input: one JSON object per line with a `group` (any JSON value: lines with equal \
            values form one group) and a numeric `reward`. Output: the same lines in the same \
            order with `advantage` added. Groups whose rewards are all equal, or that hold a \
            single candidate, get advantage 0 and `advantage_note` saying why.

            Methods:
              grpo     (r - mean) / (std + eps), sample std as in TRL
              dr-grpo  r - mean
              rloo     r - mean of the other rewards in the group
            """
    )

    @Argument(help: "JSON-lines file to read, or - for standard input.")
    var input: String = "-"

    @Option(help: "Advantage estimator: grpo, dr-grpo or rloo.")
    var method: AdvantageMethod = .grpo

    @Option(help: "Epsilon added to the standard deviation (grpo only).")
    var epsilon: Double = 1e-4

    func run() async throws {
        let lines = try InputLines.read(input)
        var records: [JSONObject] = []
        for (index, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            do {
                records.append(try JSONLines.decodeObject(line))
            } catch {
                throw CommandFailure("line \(index + 1): \(error.message)")
            }
        }
        let annotated: [JSONObject]
        do {
            annotated = try AdvantageAssignment.annotate(records, method: method, epsilon: epsilon)
        } catch {
            throw CommandFailure(error.message)
        }
        var output = BufferedOutput()
        for record in annotated { output.writeLine(JSONLines.encode(.object(record))) }
        output.flush()
    }
}

extension AdvantageMethod: ExpressibleByArgument {}
