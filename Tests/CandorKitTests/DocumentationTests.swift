import Foundation
import Testing
@testable import CandorKit

@Suite struct DocumentationTests {
    /// The README's rule table is generated from the registry (scripts/update-readme); a rule
    /// added or reworded without regenerating it fails here.
    @Test func readmeRuleTableMatchesTheRegistry() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- rules:begin -->\n"))
        let end = try #require(text.range(of: "<!-- rules:end -->"))
        #expect(String(text[begin.upperBound..<end.lowerBound]) == RuleCatalogReport.markdown(RuleRegistry.all))
    }
}
