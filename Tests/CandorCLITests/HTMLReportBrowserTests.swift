import Foundation
import Testing

/// The HTML report as a browser sees it: headless Chromium (Debian's `chromium`, which
/// scripts/test installs) loads the page, runs its script, and the resulting DOM must show
/// the same counts as the JSONL output of the same audit, with hostile markup inert.
@Suite struct HTMLReportBrowserTests {
    /// The project's examples; the evaluation set stands in on a checkout that has none yet.
    static var corpus: String {
        let examples = Programs.repository.appendingPathComponent("Examples").path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: examples)) ?? []
        return entries.isEmpty ? "Evaluation" : "Examples"
    }

    static let hostile = """
        User: Please remember I prefer tabs. <script>document.title='pwned'</script>
        Assistant: Noted. <img src=x onerror="document.title='pwned'"> I'll remember that.

        """

    @Test(.enabled(if: Programs.exists("chromium"), "chromium is not installed (scripts/test installs it)"))
    func renderedReportShowsTheJSONLCountsAndRunsNoTranscriptMarkup() throws {
        let directory = try Programs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hostileFile = directory.appendingPathComponent("hostile.txt")
        try Self.hostile.write(to: hostileFile, atomically: true, encoding: .utf8)
        let inputs = [Self.corpus, hostileFile.path]
        let report = directory.appendingPathComponent("report.html")

        let html = try Programs.candor(["audit"] + inputs + ["--format", "html", "--output", report.path, "--fail-on", "never"])
        #expect(html.status == 0, "\(html.errors)")
        let jsonl = try Programs.candor(["audit"] + inputs + ["--format", "jsonl", "--fail-on", "never"])
        let expected = try Self.counts(jsonl.output)
        #expect(expected.byRule["persistence-claim", default: 0] > 0, "the hostile transcript must be among those shown")

        let dom = try Self.chromium(["--dump-dom", report.absoluteString], profile: directory.appendingPathComponent("dom-profile"))
        #expect(dom.status == 0, "\(dom.errors)")
        let page = dom.output
        for (rule, count) in expected.byRule {
            #expect(Self.ruleCount(rule, in: page) == count, "rule \(rule)")
        }
        #expect(Self.number(after: "data-total=\"findings\">", in: page) == expected.total)
        #expect(Self.number(after: "data-total=\"transcripts\">", in: page) == expected.transcripts)
        // Written by the page's script after it applied the filters: proof the script ran.
        let visible = Self.number(after: "data-visible-findings=\"", in: page)
        #expect(visible == page.components(separatedBy: "class=\"fd\"").count - 1)
        if Self.number(after: "data-shown=\"", in: page) == Self.number(after: "data-with-findings=\"", in: page) {
            #expect(visible == expected.total, "every transcript with findings is shown, so every finding is")
        }
        #expect(page.contains("<title>Candor report</title>"), "the title was not changed by transcript markup")
        #expect(page.components(separatedBy: "<script").count == 2, "only the report's own script element")
        #expect(!page.contains("<img"))

        // A link to a finding opens the detail panel, built by the script from the finding and its rule.
        let first = try #require(Self.firstFinding(in: page))
        let linked = try Self.chromium(["--dump-dom", report.absoluteString + "#finding=" + first.id], profile: directory.appendingPathComponent("link-profile"))
        let panel = try #require(linked.output.range(of: "<aside id=\"detail\">"), "the detail panel is shown")
        let detail = String(linked.output[panel.upperBound...].prefix(4000))
        #expect(detail.contains("<h4>\(first.rule) · "), "the panel names the rule")
        #expect(detail.contains("Why it matters"), "the panel gives the rule's rationale")

        let screenshot = directory.appendingPathComponent("report.png")
        let shot = try Self.chromium(["--screenshot=\(screenshot.path)", "--window-size=1280,1600", report.absoluteString], profile: directory.appendingPathComponent("shot-profile"))
        #expect(shot.status == 0, "\(shot.errors)")
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000, "a non-trivial PNG")
    }

    static func chromium(_ arguments: [String], profile: URL) throws -> Programs.Outcome {
        try Programs.run("chromium", [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile.path)",
        ] + arguments, timeout: 90)
    }

    struct Counts {
        var total = 0
        var transcripts = 0
        var byRule: [String: Int] = [:]
    }

    /// Counts from JSONL audit output, read with Foundation's parser as an independent check.
    static func counts(_ jsonl: String) throws -> Counts {
        var counts = Counts()
        for line in jsonl.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let findings = object["findings"] as? [[String: Any]] else { continue }
            counts.transcripts += 1
            counts.total += findings.count
            for finding in findings { counts.byRule[finding["rule"] as? String ?? "", default: 0] += 1 }
        }
        return counts
    }

    /// The id and rule of the first finding on the page, from its hidden data element.
    static func firstFinding(in page: String) -> (id: String, rule: String)? {
        guard let element = page.range(of: "class=\"fd\"") else { return nil }
        let rest = page[element.upperBound...]
        func attribute(_ name: String) -> String? {
            guard let start = rest.range(of: " \(name)=\"") else { return nil }
            return String(rest[start.upperBound...].prefix { $0 != "\"" })
        }
        guard let id = attribute("id"), let rule = attribute("data-rule") else { return nil }
        return (id, rule)
    }

    static func ruleCount(_ rule: String, in page: String) -> Int? {
        guard let row = page.range(of: "<tr data-rule=\"\(rule)\"") else { return nil }
        return number(after: "data-findings=\"", in: String(page[row.upperBound...]))
    }

    static func number(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}
