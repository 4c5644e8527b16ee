/// Where a turn "opens": a phrase counts as the turn's opening when only interjections,
/// apologies and thanks stand before it ("Oh, sorry — you're right").
public enum Openings {
    /// Word sequences that may come before an opening phrase without changing what it does.
    static let leadIns: [[String]] = [
        ["oh"], ["ah"], ["ahh"], ["aha"], ["ha"], ["hmm"], ["hm"], ["well"], ["so"], ["ok"], ["okay"],
        ["alright"], ["yes"], ["yeah"], ["yep"], ["wow"], ["honestly"], ["oops"], ["whoops"], ["ugh"],
        ["sorry"], ["apologies"], ["my", "apologies"], ["i", "apologize"], ["i", "apologise"],
        ["i'm", "sorry"], ["i", "am", "sorry"], ["thanks"], ["thank", "you"],
        ["for", "that"], ["about", "that"], ["for", "the", "confusion"], ["for", "the", "error"],
        ["for", "the", "mistake"], ["for", "the", "mix-up"], ["for", "the", "oversight"],
    ]

    /// Whether everything before `offset` in `bytes` is lead-in words, punctuation and markup.
    public static func isOpening(_ offset: Int, in bytes: [UInt8]) -> Bool {
        let before = TextScan.words(in: bytes, range: 0..<offset).map(\.text)
        guard before.count <= 12 else { return false }
        var index = 0
        while index < before.count {
            var longest = 0
            for leadIn in leadIns where leadIn.count > longest && index + leadIn.count <= before.count {
                if Array(before[index..<(index + leadIn.count)]) == leadIn { longest = leadIn.count }
            }
            if longest == 0 { return false }
            index += longest
        }
        return !containsDigitsOrListMarker(bytes, before: offset)
    }

    /// "1. You're right" is an item in a list, not an opening.
    private static func containsDigitsOrListMarker(_ bytes: [UInt8], before offset: Int) -> Bool {
        bytes[0..<offset].contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
