public import AssayStore
import AssayCore
import Foundation

/// `assay report`: one self-contained HTML file (plotly.js inlined) that shows what a verdict
/// store holds: the verdict breakdown, speedups, pass@k and fast_p, reward and accuracy per
/// training step, stage timings, and every problem with links to its candidates' source and
/// feedback.
public enum HTMLReport {
    /// Renders a snapshot as HTML.
    ///
    /// - Throws: ``ReportError`` when the bundled template or charting library is missing.
    public static func render(_ snapshot: ReportSnapshot, title: String = "Assay report") throws(ReportError) -> String {
        let template = try ReportResources.text("report-template", "html")
        let plotly = try ReportResources.text("plotly.min", "js")
        let data = ReportCharts(snapshot: snapshot).json.jsonText.replacingOccurrences(of: "</", with: "<\\/")
        let subtitle =
            "\(snapshot.runs.count) run\(snapshot.runs.count == 1 ? "" : "s") · generated "
            + snapshot.takenAt.formatted(.iso8601)
        // Splice in a fixed order; the inserted pieces never contain the markers.
        var page = template.replacingOccurrences(of: "<!--ASSAY:TITLE-->", with: HTML.escape(title))
        page = page.replacingOccurrences(of: "<!--ASSAY:SUBTITLE-->", with: HTML.escape(subtitle))
        page = page.replacingOccurrences(of: "<!--ASSAY:BODY-->", with: ReportBody(snapshot: snapshot).html)
        page = page.replacingOccurrences(of: "/*ASSAY:DATA*/", with: data)
        page = page.replacingOccurrences(of: "/*ASSAY:PLOTLY*/", with: plotly)
        return page
    }

    /// Reads `store` and writes the report to `path`.
    public static func write(
        store: VerdictStore, to path: String, run: String? = nil, candidatesPerProblem: Int = 6,
        title: String = "Assay report"
    ) throws(ReportError) {
        let snapshot: ReportSnapshot
        do {
            snapshot = try store.reportSnapshot(run: run, candidatesPerProblem: candidatesPerProblem)
        } catch {
            throw ReportError("cannot read the store: \(error.message)")
        }
        if let run, snapshot.runs.isEmpty { throw ReportError("the store has no run named \(run)") }
        let html = try render(snapshot, title: title)
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ReportError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// A report that could not be produced.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}

enum ReportResources {
    static func text(_ name: String, _ ext: String) throws(ReportError) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw ReportError("the report resource \(name).\(ext) is missing from this build") }
        return text
    }
}
