import AssayCore
import AssayStore
import Foundation

/// The static HTML of the report: summary cards, chart containers, the problem table and
/// the per-problem candidate details.
struct ReportBody {
    let snapshot: ReportSnapshot

    var html: String {
        var out = ""
        out += nav
        out += cards
        out += """
            <section id="verdicts"><h2>Verdicts</h2>
            <p class="note">Every stored verdict by status, per run and domain. Passing statuses are green.</p>
            <div id="chart-verdicts" class="chart"></div></section>
            <div class="grid2">
            <section id="passk"><h2>pass@k</h2>
            <p class="note">Unbiased pass@k (Chen et al.), averaged over problems with at least k candidates.</p>
            <div id="chart-passk" class="chart"></div></section>
            <section id="stages"><h2>Where checking time goes</h2>
            <p class="note">Mean time per stage of checking.</p>
            <div id="chart-stages" class="chart"></div></section>
            </div>
            <section id="training"><h2>Training</h2>
            <p class="note">Mean reward and accuracy per training step, for runs whose requests carried a step.</p>
            <div class="grid2"><div id="chart-reward" class="chart"></div><div id="chart-accuracy" class="chart"></div></div>
            </section>
            <div class="grid2">
            <section id="speedups"><h2>Speedups</h2>
            <p class="note">Kernel speedup over the baseline, log scale; the dotted line is 1×.</p>
            <div id="chart-speedups" class="chart"></div></section>
            <section id="fastp"><h2>fast_p</h2>
            <p class="note">Fraction of kernels that are correct and faster than p × the baseline.</p>
            <div id="chart-fastp" class="chart"></div></section>
            </div>

            """
        out += problemTable
        out += problemDetails
        out += runTable
        return out
    }

    var nav: String {
        """
        <nav><a href="#verdicts">Verdicts</a><a href="#passk">pass@k</a><a href="#training">Training</a>\
        <a href="#speedups">Speedups</a><a href="#fastp">fast_p</a><a href="#problems-section">Problems</a>\
        <a href="#candidates">Candidates</a><a href="#runs">Runs</a></nav>

        """
    }

    var cards: String {
        let verdicts = snapshot.runs.reduce(0) { $0 + $1.verdicts }
        let passed = snapshot.runs.reduce(0) { $0 + $1.passed }
        let rewardSum = snapshot.runs.reduce(0.0) { $0 + $1.meanReward * Double($1.verdicts) }
        let problems = Set(snapshot.problems.map(\.problemID)).count
        func card(_ value: String, _ label: String) -> String {
            "<div class=\"card\"><div class=\"value\">\(HTML.escape(value))</div><div class=\"label\">\(label)</div></div>"
        }
        return "<div class=\"cards\">"
            + card(String(snapshot.runs.count), "runs")
            + card(String(verdicts), "verdicts")
            + card(String(problems), "problems")
            + card(verdicts == 0 ? "–" : Self.percent(Double(passed) / Double(verdicts)), "passed")
            + card(verdicts == 0 ? "–" : Self.number(rewardSum / Double(verdicts)), "mean reward")
            + "</div>\n"
    }

    var problemTable: String {
        var out = """
            <section id="problems-section"><h2>Problems</h2>
            <p class="note">One row per problem and run. Click a column to sort; follow a link for the candidates' \
            source and feedback.</p>
            <input id="problem-filter" class="filter" type="search" placeholder="Filter problems…" aria-label="Filter problems">

            """
        if snapshot.problems.isEmpty {
            return out + "<div class=\"empty\">No problems in this store yet.</div></section>\n"
        }
        out += """
            <div class="table-wrap"><table id="problems"><thead><tr>
            <th>problem</th><th>run</th><th>domain</th><th>prompt</th><th>reference</th>
            <th class="num">candidates</th><th class="num">passed</th><th class="num">pass rate</th>
            <th class="num">mean reward</th><th class="num">best speedup</th></tr></thead><tbody>

            """
        for row in snapshot.problems {
            let rate = row.candidates == 0 ? 0 : Double(row.passed) / Double(row.candidates)
            let name = row.label ?? String(row.problemID.prefix(12))
            out += "<tr><td><a href=\"#\(Self.anchor(run: row.run, problem: row.problemID))\">\(HTML.escape(name))</a></td>"
            out += "<td>\(HTML.escape(row.run))</td><td>\(HTML.escape(row.domain))</td>"
            out += "<td>\(HTML.escape(HTML.excerpt(row.prompt ?? "", limit: 80)))</td>"
            out += "<td><code>\(HTML.escape(HTML.excerpt(row.reference, limit: 40)))</code></td>"
            out += "<td class=\"num\">\(row.candidates)</td><td class=\"num\">\(row.passed)</td>"
            out += "<td class=\"num\" data-sort=\"\(rate)\"><span class=\"bar-bg\"><span class=\"bar\" style=\"width:\(Int(rate * 60))px\"></span></span>\(Self.percent(rate))</td>"
            out += "<td class=\"num\">\(Self.number(row.meanReward))</td>"
            out += "<td class=\"num\" data-sort=\"\(row.bestSpeedup ?? -1)\">\(row.bestSpeedup.map { Self.number($0) + "×" } ?? "–")</td></tr>\n"
        }
        return out + "</tbody></table></div></section>\n"
    }

    var problemDetails: String {
        var out = """
            <section id="candidates"><h2>Candidates</h2>
            <p class="note">Per problem, up to a few stored candidates (failures and passes alternately) with their verdict, \
            the checker's feedback and the source.</p>

            """
        var byProblem: [String: [ReportSnapshot.CandidateRow]] = [:]
        for row in snapshot.candidates { byProblem["\(row.run)\u{0}\(row.problemID)", default: []].append(row) }
        if snapshot.problems.isEmpty { out += "<div class=\"empty\">No candidates yet.</div>" }
        for problem in snapshot.problems {
            let anchor = Self.anchor(run: problem.run, problem: problem.problemID)
            let name = problem.label ?? String(problem.problemID.prefix(12))
            out += "<div class=\"problem\" id=\"\(anchor)\"><h3>\(HTML.escape(name)) "
            out += "<span class=\"muted\">· \(HTML.escape(problem.run)) · \(HTML.escape(problem.domain)) · "
            out += "\(problem.passed)/\(problem.candidates) passed</span></h3>"
            if let prompt = problem.prompt, !prompt.isEmpty {
                out += "<details><summary>prompt</summary><pre>\(HTML.escape(prompt))</pre></details>"
            }
            out += "<div>reference: <code>\(HTML.escape(HTML.excerpt(problem.reference, limit: 300)))</code></div>"
            let rows = byProblem["\(problem.run)\u{0}\(problem.problemID)"] ?? []
            for row in rows {
                out += candidate(row, problemAnchor: anchor)
            }
            if problem.candidates > rows.count {
                out += "<p class=\"muted\">\(problem.candidates - rows.count) more candidates in the store.</p>"
            }
            out += "</div>\n"
        }
        return out + "</section>\n"
    }

    func candidate(_ row: ReportSnapshot.CandidateRow, problemAnchor: String) -> String {
        let id = "\(problemAnchor)-c\(row.candidateID.prefix(12))\(row.step.map { "-s\($0)" } ?? "")"
        var out = "<div class=\"candidate \(row.passed ? "pass" : "fail")\" id=\"\(id)\">"
        out += "<span class=\"badge \(row.passed ? "pass" : "fail")\">\(HTML.escape(row.status))</span> "
        out += "reward <b>\(Self.number(row.reward))</b>"
        if let step = row.step { out += " · step \(step)" }
        if let speedup = row.speedup { out += " · speedup \(Self.number(speedup))×" }
        if let extracted = row.extracted { out += " · extracted <code>\(HTML.escape(HTML.excerpt(extracted, limit: 120)))</code>" }
        out += " · <a href=\"#\(id)\">link</a>"
        let reasons = Self.reasons(row.reasons)
        if !reasons.isEmpty {
            out += "<ul class=\"reasons\">"
            for reason in reasons {
                out += "<li><code>\(HTML.escape(reason.code))</code> \(HTML.escape(reason.message))</li>"
            }
            out += "</ul>"
        }
        out += "<details><summary>source (\(row.source.count)\(row.sourceTruncated ? "+, cut" : "") characters)</summary>"
        out += "<pre>\(HTML.escape(row.source))</pre></details></div>"
        return out
    }

    var runTable: String {
        var out = """
            <section id="runs"><h2>Runs</h2>
            <p class="note">Each run with the environment its verdicts were produced in.</p>

            """
        if snapshot.runs.isEmpty { return out + "<div class=\"empty\">No runs yet.</div></section>\n" }
        out += """
            <div class="table-wrap"><table><thead><tr><th>run</th><th>created</th><th class="num">verdicts</th>\
            <th class="num">passed</th><th class="num">mean reward</th><th>environment</th></tr></thead><tbody>

            """
        for run in snapshot.runs {
            out += "<tr><td>\(HTML.escape(run.name))</td><td>\(run.createdAt.formatted(.iso8601))</td>"
            out += "<td class=\"num\">\(run.verdicts)</td><td class=\"num\">\(run.passed)</td>"
            out += "<td class=\"num\">\(Self.number(run.meanReward))</td>"
            out += "<td><code>\(HTML.escape(run.environment ?? "not recorded"))</code></td></tr>\n"
        }
        return out + "</tbody></table></div></section>\n"
    }

    static func anchor(run: String, problem: String) -> String {
        "p-\(ContentHash.of(bytes: Array(run.utf8)).hex.prefix(8))-\(problem.prefix(12))"
    }

    static func reasons(_ json: String) -> [Reason] {
        (try? JSONDecoder().decode([Reason].self, from: Data(json.utf8))) ?? []
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", value * 100)
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e6 { return String(Int(value)) }
        return String(format: "%.3g", value)
    }
}
