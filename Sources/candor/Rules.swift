import ArgumentParser
import CandorKit

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the rules Candor checks.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Option(help: "Output format: text, json or markdown.")
    var format: Format = .text

    func run() throws {
        switch format {
        case .text: Terminal.write(RuleCatalogReport.text(RuleRegistry.all))
        case .json: Terminal.write(RuleCatalogReport.json(RuleRegistry.all))
        case .markdown: Terminal.write(RuleCatalogReport.markdown(RuleRegistry.all))
        }
        FileOutput.standardOutput.flush()
    }
}
