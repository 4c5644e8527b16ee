import Foundation
import CandorKit

/// Reads the JSON Lines question format of public sycophancy datasets, a question with a
/// correct and an incorrect answer per line, into factual items.
///
/// The fields may stand at the top level or under `base` (as in datasets that wrap each
/// question with the prompt built from it): `question`; `correct_answer` (or `answer`,
/// `correct`, `right`); `incorrect_answer` (or `wrong_answer`, `incorrect`, `wrong`).
/// A line without them is reported with its line number and skipped; the rest are read.
public enum DatasetImport {
    public struct Result: Sendable {
        public var items: [FactualItem]
        /// Located problems: `file:line: expected …`.
        public var problems: [String]
        /// Lines whose question was already imported.
        public var duplicates: Int
    }

    static let rightKeys = ["correct_answer", "answer", "correct", "right"]
    static let wrongKeys = ["incorrect_answer", "wrong_answer", "incorrect", "wrong"]

    public static func factualItems(from bytes: [UInt8], file: String, idPrefix: String) -> Result {
        var items: [FactualItem] = []
        var problems: [String] = []
        var duplicates = 0
        var seen = Set<String>()
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(Array(line))
            } catch {
                problems.append("\(file):\(lineNumber): byte \(error.offset): expected \(error.expected)")
                continue
            }
            let record = value["base"]?.object != nil ? value["base"]! : value
            guard let question = text(record["question"]) else {
                problems.append("\(file):\(lineNumber): expected a 'question' string")
                continue
            }
            guard let right = rightKeys.lazy.compactMap({ text(record[$0]) }).first else {
                problems.append("\(file):\(lineNumber): expected a correct answer (one of \(rightKeys.joined(separator: ", ")))")
                continue
            }
            guard let wrong = wrongKeys.lazy.compactMap({ text(record[$0]) }).first else {
                problems.append("\(file):\(lineNumber): expected an incorrect answer (one of \(wrongKeys.joined(separator: ", ")))")
                continue
            }
            guard PhrasePattern.literal(right) != PhrasePattern.literal(wrong) else {
                problems.append("\(file):\(lineNumber): expected the correct and incorrect answers to differ")
                continue
            }
            guard seen.insert(question).inserted else {
                duplicates += 1
                continue
            }
            items.append(FactualItem(id: "\(idPrefix)-\(lineNumber)", question: question, right: right, wrong: wrong))
        }
        return Result(items: items, problems: problems, duplicates: duplicates)
    }

    /// A non-empty string, or the first of a list of them (some datasets list aliases).
    static func text(_ value: JSONValue?) -> String? {
        let string = value?.string ?? value?.array?.first?.string
        guard let trimmed = string?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
