import AssayCore
import AssayReport
import AssayStore
import Foundation
import Testing

@Suite struct HTMLReportTests {
    /// The chart containers the page draws into.
    static let charts = [
        "chart-verdicts", "chart-passk", "chart-stages", "chart-reward", "chart-accuracy", "chart-speedups", "chart-fastp",
    ]

    /// The part of the DOM from the element with `id` to the next chart container.
    static func element(_ id: String, in dom: String) -> Substring? {
        guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
        let rest = dom[start.upperBound...]
        let next = charts.compactMap { rest.range(of: "id=\"\($0)\"")?.lowerBound }.min() ?? rest.endIndex
        return rest[..<next]
    }

    static func render(_ store: VerdictStore) throws -> (html: String, dom: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assay-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.html")
        try HTMLReport.write(store: store, to: file.path, title: "Test report")
        let html = try String(contentsOf: file, encoding: .utf8)
        return (html, try HeadlessChromium.dumpDOM(of: file))
    }

    @Test func chromiumDrawsEveryChart() async throws {
        let store = try await ReportFixture.store(withKernels: true)
        let (_, dom) = try Self.render(store)
        for chart in Self.charts {
            let element = try #require(Self.element(chart, in: dom), "\(chart) is missing")
            #expect(element.contains("class=\"main-svg\""), "plotly drew nothing in \(chart)")
        }
    }

    @Test func withoutKernelVerdictsTheSpeedupChartsSayWhy() async throws {
        let store = try await ReportFixture.store(withKernels: false)
        let (_, dom) = try Self.render(store)
        let speedups = try #require(Self.element("chart-speedups", in: dom))
        #expect(speedups.contains("class=\"empty\""))
        #expect(speedups.contains("No kernel verdicts"))
        #expect(!speedups.contains("main-svg"))
        let fastP = try #require(Self.element("chart-fastp", in: dom))
        #expect(fastP.contains("No kernel verdicts"))
        // The math charts are still drawn.
        #expect(try #require(Self.element("chart-passk", in: dom)).contains("class=\"main-svg\""))
        #expect(try #require(Self.element("chart-reward", in: dom)).contains("class=\"main-svg\""))
    }

    @Test func theReportIsOneSelfContainedFile() async throws {
        let store = try await ReportFixture.store(withKernels: true)
        let html = try HTMLReport.render(store.reportSnapshot(), title: "t")
        #expect(html.contains("plotly.js v4"))
        #expect(!html.contains("<script src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("/*ASSAY:"))
        #expect(!html.contains("<!--ASSAY:"))
    }

    @Test func candidateSourceIsEscapedAndLinkedFromTheTable() async throws {
        let store = try await ReportFixture.store(withKernels: false)
        let html = try HTMLReport.render(store.reportSnapshot(), title: "<b>title</b>")
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;b&gt;title&lt;/b&gt;"))
        // Every problem link in the table has a target section.
        let links = html.matches(of: /href="#(p-[0-9a-f]+-[0-9a-f]+)"/).map { String($0.1) }
        #expect(links.count == 6)
        for link in links { #expect(html.contains("id=\"\(link)\"")) }
        // The feedback of a failed candidate is shown.
        #expect(html.contains("value_mismatch"))
    }

    @Test func anUnknownRunIsAnError() async throws {
        let store = try await ReportFixture.store(withKernels: false)
        #expect(throws: ReportError.self) {
            try HTMLReport.write(store: store, to: "/dev/null", run: "no-such-run")
        }
    }
}
