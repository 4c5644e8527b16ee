import Foundation
import Testing
@testable import CandorKit

@Suite struct DocumentationTests {
    /// The rule table in docs/rules.md is generated from the registry (scripts/update-readme);
    /// a rule added or reworded without regenerating it fails here.
    @Test func ruleCatalogTableMatchesTheRegistry() throws {
        let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/rules.md")
        let text = try String(contentsOf: catalog, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- rules:begin -->\n"))
        let end = try #require(text.range(of: "<!-- rules:end -->"))
        #expect(String(text[begin.upperBound..<end.lowerBound]) == RuleCatalogReport.markdown(RuleRegistry.all))
    }
}
