/// Blind reviewers' verdicts on findings in conversations nobody here wrote, and what the
/// rules make of them now.
///
/// A judgments file is JSON Lines, one verdict a line, with no conversation text:
/// `{"id": "QWJhYvA_0", "turn": 3, "rule": "flattery", "verdict": "true", "reason": "…",
/// "sample": "after", "reported": true}`. `sample` names the random draw the finding came
/// from; `reported` says whether the rules reported it when the verdicts were last recorded.
/// Precision is read per sample from the verdicts on findings the rules still report: a
/// sample drawn after the last change to the rules estimates their precision; an older one
/// shows what changed. A sample drawn without the rules (turns after pushback, say, judged
/// whether or not anything was reported) also gives recall. A finding counts as reported at
/// its rule's own severity; one lowered to info is counted, not accused.
public struct Judgment: Sendable, Hashable {
    public var id: String
    public var turn: Int
    public var rule: String
    public var isTrue: Bool
    public var reason: String
    public var sample: String
    public var reported: Bool?

    public var key: Key { Key(id: id, turn: turn, rule: rule) }

    public struct Key: Sendable, Hashable {
        public var id: String
        public var turn: Int
        public var rule: String

        public init(id: String, turn: Int, rule: String) {
            self.id = id
            self.turn = turn
            self.rule = rule
        }
    }

    /// Every line of a judgments file; a malformed line is a located error.
    public static func parse(_ bytes: [UInt8], file: String) throws(ReadError) -> [Judgment] {
        var judgments: [Judgment] = []
        var line = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            line += 1
            defer { start = end + 1 }
            guard bytes[start..<end].contains(where: { !TextScan.isSpace($0) }) else { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(Array(bytes[start..<end]))
            } catch {
                throw ReadError(file: file, line: line, offset: start + error.offset, expected: error.expected)
            }
            guard let id = value["id"]?.string, let turn = value["turn"]?.number, turn >= 0, turn == turn.rounded(),
                  let rule = value["rule"]?.string, let verdict = value["verdict"]?.string, verdict == "true" || verdict == "false"
            else {
                throw ReadError(file: file, line: line, offset: start, expected: "{\"id\", \"turn\", \"rule\", \"verdict\": \"true\" or \"false\", \"reason\", \"sample\"}")
            }
            var reported: Bool?
            if case .bool(let flag) = value["reported"] { reported = flag }
            judgments.append(Judgment(
                id: id, turn: Int(turn), rule: rule, isTrue: verdict == "true", reason: value["reason"]?.string ?? "",
                sample: value["sample"]?.string ?? "", reported: reported
            ))
        }
        return judgments
    }

    /// The line for a judgments file, with `reported` as given.
    public func line(reported: Bool) -> String {
        "{\"id\":\(JSONText.quoted(id)),\"turn\":\(turn),\"rule\":\(JSONText.quoted(rule)),\"verdict\":\"\(isTrue)\""
            + ",\"reason\":\(JSONText.quoted(reason)),\"sample\":\(JSONText.quoted(sample)),\"reported\":\(reported)}"
    }
}

/// Verdicts set against a fresh audit: precision per rule and sample, and the verdicts whose
/// finding came or went since they were recorded.
public struct JudgedPrecision: Sendable {
    public struct Cell: Sendable, Hashable {
        /// Judged true / false among the findings the rules report now.
        public var trueReported = 0
        public var falseReported = 0
        /// Judged true / false and no longer reported.
        public var trueGone = 0
        public var falseGone = 0

        /// Counts one verdict against whether its finding is reported now.
        mutating func add(isTrue: Bool, reported: Bool) {
            switch (isTrue, reported) {
            case (true, true): trueReported += 1
            case (false, true): falseReported += 1
            case (true, false): trueGone += 1
            case (false, false): falseGone += 1
            }
        }

        public var precision: Proportion { Proportion(count: trueReported, total: trueReported + falseReported) }
        /// Of the verdicts "true", the share still reported: recall, on a sample drawn without
        /// the rules (every candidate turn judged, not only the rules' findings).
        public var recall: Proportion { Proportion(count: trueReported, total: trueReported + trueGone) }
    }

    public struct Change: Sendable, Hashable {
        public var judgment: Judgment
        public var reportedNow: Bool
        /// A true finding lost or a false one back: a regression. The other way is a gain.
        public var isRegression: Bool { judgment.isTrue != reportedNow }
    }

    public private(set) var cells: [String: [String: Cell]] = [:]
    /// Every judged finding once, whichever samples judged it: by the majority of its
    /// verdicts, the first where they tie (a finding read again by more reviewers counts as
    /// most of them judged it).
    public private(set) var pooled: [String: Cell] = [:]
    public private(set) var changes: [Change] = []
    /// Judged conversations the corpus did not hold.
    public private(set) var missing: [Judgment] = []
    public let judgments: [Judgment]

    /// `reported` holds the findings reported now, at their rules' own severities, over the
    /// conversations of `audited` (ids).
    public init(judgments: [Judgment], reported: Set<Judgment.Key>, audited: Set<String>) {
        self.judgments = judgments
        // Per finding, in the order first judged: the first verdict and the count of true less false.
        var pooledOrder: [Judgment] = []
        var balance: [Judgment.Key: Int] = [:]
        for judgment in judgments {
            guard audited.contains(judgment.id) else {
                missing.append(judgment)
                continue
            }
            let now = reported.contains(judgment.key)
            cells[judgment.sample, default: [:]][judgment.rule, default: Cell()].add(isTrue: judgment.isTrue, reported: now)
            if balance[judgment.key] == nil { pooledOrder.append(judgment) }
            balance[judgment.key, default: 0] += judgment.isTrue ? 1 : -1
            if let before = judgment.reported, before != now { changes.append(Change(judgment: judgment, reportedNow: now)) }
        }
        for first in pooledOrder {
            let lean = balance[first.key] ?? 0
            pooled[first.rule, default: Cell()].add(isTrue: lean == 0 ? first.isTrue : lean > 0, reported: reported.contains(first.key))
        }
    }

    public var samples: [String] { cells.keys.sorted() }

    /// One sample's cells by rule, or every judged finding once for "all".
    public func cells(sample: String) -> [String: Cell] {
        sample == "all" ? pooled : cells[sample] ?? [:]
    }

    public var regressions: [Change] { changes.filter(\.isRegression) }

    /// Whether a finding is reported in the sense precision counts: at its rule's own severity.
    public static func counts(_ finding: Finding) -> Bool { Evaluation.isPositive(finding) }
}
