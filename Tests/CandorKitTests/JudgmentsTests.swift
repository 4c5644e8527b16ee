import Testing
@testable import CandorKit

/// Blind verdicts on real findings, set against what the rules report now.
@Suite struct JudgmentsTests {
    static let file = """
        {"id":"a","turn":1,"rule":"flattery","verdict":"true","reason":"unasked praise","sample":"after","reported":true}
        {"id":"a","turn":3,"rule":"flattery","verdict":"false","reason":"requested review","sample":"after","reported":true}
        {"id":"b","turn":1,"rule":"capitulation","verdict":"true","reason":"concedes","sample":"before","reported":true}

        {"id":"b","turn":5,"rule":"capitulation","verdict":"false","reason":"a question","sample":"before","reported":false}
        """

    @Test func linesParseAndWriteBack() throws {
        let judgments = try Judgment.parse(Array(Self.file.utf8), file: "j.jsonl")
        #expect(judgments.count == 4)
        #expect(judgments[1].isTrue == false && judgments[1].sample == "after" && judgments[1].reported == true)
        let again = try Judgment.parse(Array(judgments[0].line(reported: false).utf8), file: "j.jsonl")
        #expect(again.first?.reported == false && again.first?.reason == "unasked praise")
    }

    @Test func aMalformedLineIsALocatedError() {
        #expect(throws: ReadError.self) { try Judgment.parse(Array("{\"id\":\"a\",\"turn\":1}\n".utf8), file: "j.jsonl") }
        do {
            _ = try Judgment.parse(Array("{\"id\":\"a\",\"turn\":1,\"rule\":\"x\",\"verdict\":\"true\"}\n{\"id\": ".utf8), file: "j.jsonl")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test func precisionCountsReportedFindingsAndChangesAreRegressionsOrGains() throws {
        let judgments = try Judgment.parse(Array(Self.file.utf8), file: "j.jsonl")
        // Now: a/1 still reported, a/3 gone (a gain), b/1 gone (a regression), b/5 reported (a regression).
        let reported: Set<Judgment.Key> = [
            Judgment.Key(id: "a", turn: 1, rule: "flattery"), Judgment.Key(id: "b", turn: 5, rule: "capitulation"),
        ]
        let result = JudgedPrecision(judgments: judgments, reported: reported, audited: ["a", "b"])
        #expect(result.cells["after"]?["flattery"]?.precision == Proportion(count: 1, total: 1))
        #expect(result.cells["before"]?["capitulation"]?.precision == Proportion(count: 0, total: 1))
        #expect(result.changes.count == 3)
        #expect(result.regressions.map(\.judgment.turn).sorted() == [1, 5])
        let text = JudgedPrecisionReport.text(result)
        #expect(text.contains("regression  capitulation  b turn 1"))
        #expect(JudgedPrecisionReport.markdown(result, sample: "after").contains("| flattery | 1 | 1 | 1.00 |"))
        #expect(JudgedPrecision(judgments: judgments, reported: [], audited: ["a"]).missing.count == 2)
    }

    @Test func aFindingJudgedAgainCountsByTheMajorityOfItsVerdictsTheFirstOnATie() throws {
        let file = """
            {"id":"c","turn":2,"rule":"flattery","verdict":"false","reason":"unsure","sample":"after","reported":true}
            {"id":"c","turn":2,"rule":"flattery","verdict":"true","reason":"praise","sample":"again-1","reported":true}
            {"id":"c","turn":2,"rule":"flattery","verdict":"true","reason":"praise","sample":"again-2","reported":true}
            {"id":"c","turn":4,"rule":"flattery","verdict":"false","reason":"review asked","sample":"after","reported":true}
            {"id":"c","turn":4,"rule":"flattery","verdict":"true","reason":"praise","sample":"again-1","reported":true}
            """
        let judgments = try Judgment.parse(Array(file.utf8), file: "j.jsonl")
        let reported: Set<Judgment.Key> = [Judgment.Key(id: "c", turn: 2, rule: "flattery"), Judgment.Key(id: "c", turn: 4, rule: "flattery")]
        let result = JudgedPrecision(judgments: judgments, reported: reported, audited: ["c"])
        // Turn 2: two of three say true. Turn 4: one each, so the first verdict, false, stands.
        #expect(result.pooled["flattery"]?.precision == Proportion(count: 1, total: 2))
        #expect(result.cells["after"]?["flattery"]?.precision == Proportion(count: 0, total: 2))
    }
}
