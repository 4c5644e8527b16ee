import Testing
@testable import CandorKit

@Suite struct JSONParserTests {
    @Test func numbersAreWrittenAsSwiftPrintsThem() {
        for value in [0, 5, 9, 10, 99, 100, 101, 12_345, 1_000_000, -1, -10, -100, Int.max, Int.min, Int.max / 10, 999_999_999_999] {
            var out = JSONBytes()
            out.number(value)
            #expect(String(decoding: out.bytes, as: UTF8.self) == String(value))
        }
    }

    @Test func parsesNestedValuesInOrder() throws {
        let value = try JSONParser.parse(#"{"b": [1, 2.5, -3e2, true, false, null], "a": {"k": "v"}}"#)
        #expect(value.object?.keys == ["b", "a"])
        #expect(value["b"]?.array?.compactMap(\.number) == [1, 2.5, -300])
        #expect(value["a"]?["k"]?.string == "v")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""line\nbreak \"q\" \\ \/ \u00e9 \ud83d\ude00""#)
        #expect(value.string == "line\nbreak \"q\" \\ / é 😀")
    }

    @Test func copiesLongPlainRunsBetweenEscapesWhole() throws {
        let run = "a plain run longer than eight bytes, naïve — "
        let value = try JSONParser.parse("\"\\n\(run)\\t\(run)\\u00e9\(run)\"")
        #expect(value.string == "\n\(run)\t\(run)é\(run)")
    }

    @Test func locatesFaultsAfterAnEscape() {
        let faults: [([UInt8], Int, String)] = [
            (Array(#""ab\nabcdefghij"#.utf8) + [0x01, 0x22], 15, "no unescaped control character"),
            (Array(#""ab\nabcdefghij"#.utf8) + [0xC3, 0x28, 0x22], 14, "valid UTF-8"),
            (Array(#""ab\nabcdefghij"#.utf8), 0, "a closing"),
        ]
        for (bytes, offset, expected) in faults {
            do {
                _ = try JSONParser.parse(bytes)
                Issue.record("expected an error for \(bytes)")
            } catch {
                #expect(error.offset == offset)
                #expect(error.expected.hasPrefix(expected))
            }
        }
    }

    @Test func keepsMultibyteTextExactly() throws {
        #expect(try JSONParser.parse("\"You’re right — naïve\"").string == "You’re right — naïve")
    }

    @Test func reportsTheOffsetOfTruncatedInput() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"{"a": [1, 2"#) }
        do {
            _ = try JSONParser.parse(#"{"a": [1, 2"#)
        } catch {
            #expect(error.offset == 11)
            #expect(error.expected.contains("','"))
        }
    }

    @Test func rejectsTrailingContent() {
        do {
            _ = try JSONParser.parse(#"{"a": 1} x"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 9)
        }
    }

    @Test func rejectsInvalidUTF8InsideStrings() {
        do {
            _ = try JSONParser.parse([UInt8(ascii: "\""), 0x61, 0xC3, 0x28, UInt8(ascii: "\"")])
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 2)
            #expect(error.expected == "valid UTF-8 in string")
        }
    }

    @Test func limitsNestingDepthInsteadOfExhaustingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser.parse(deep)
            Issue.record("expected an error")
        } catch {
            #expect(error.expected.contains("nesting"))
        }
    }

    @Test func rejectsControlCharactersAndBadLiterals() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("\"a\u{01}b\"") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("tru") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("01") }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("") }
    }

    @Test func serialisesBackToEquivalentText() throws {
        let text = #"{"name":"web_fetch","input":{"url":"https://example.org/a?b=\"c\"","n":3,"ok":true,"x":null}}"#
        #expect(JSONText.serialize(try JSONParser.parse(text)) == text)
    }

    @Test func escapesQuotesControlCharactersAndLineSeparators() throws {
        let value = "say \"hi\"\\ then\n\r\t\u{01}\u{1F} and \u{2028}\u{2029} — “curly” 数据 ✅"
        let quoted = JSONText.quoted(value)
        #expect(quoted == #""say \"hi\"\\ then\n\r\t\u0001\u001f and \u2028\u2029 — “curly” 数据 ✅""#)
        #expect(try JSONParser.parse(quoted).string == value)
    }
}
