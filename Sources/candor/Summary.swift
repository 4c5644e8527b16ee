import ArgumentParser
import CandorKit
import Foundation

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with audit summaries written by `candor audit --summary`.",
        subcommands: [Merge.self]
    )

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Combine summaries of disjoint parts of a corpus into the summary of the whole.",
            discussion: """
                Counts and histograms are added, and rates are recomputed from the totals, so \
                merging the summaries of partitions gives exactly the summary of one run over all of them.
                """
        )

        @Argument(help: "Summary files to merge.")
        var files: [String] = []

        @Option(name: .shortAndLong, help: "Write the merged summary to this file instead of standard output.")
        var output: String?

        func validate() throws {
            if files.isEmpty { throw ValidationError("Give at least one summary file.") }
        }

        func run() throws {
            var merged = CorpusSummary()
            merged.distributions = [:]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError("Cannot read the summary '\(file)'.")
                }
                do {
                    merged.merge(try CorpusSummaryJSON.parse(Array(data)))
                } catch {
                    throw ValidationError("\(file): at \(error.path): expected \(error.expected)")
                }
            }
            let text = CorpusSummaryJSON.render(merged)
            if let output {
                guard let destination = FileOutput(creating: output) else { throw ValidationError("Cannot write to '\(output)'.") }
                destination.write(text)
                destination.flush()
            } else {
                Terminal.write(text)
                FileOutput.standardOutput.flush()
            }
        }
    }
}
