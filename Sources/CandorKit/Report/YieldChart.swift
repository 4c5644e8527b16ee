/// The yield curve of one conversation as inline SVG: cumulative pushbacks (user turns)
/// and cumulative unwarranted capitulations (assistant turns) against the turn index, with
/// ticks where findings fall. Two curves that climb together show output that gives way
/// to pressure; a flat capitulation curve under a rising pushback curve shows it holding.
struct YieldChart {
    var turns: Int
    var pushbacks: [Int]
    var capitulations: [Int]
    var findings: [Int]
    var width = 640.0
    var height = 120.0

    func svg() -> String {
        guard !pushbacks.isEmpty else {
            return "<p class=\"note yield-none\">No pushback in this conversation, so no yield curve.</p>\n"
        }
        let left = 30.0, right = 10.0, top = 22.0, bottom = 22.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let peak = Double(max(pushbacks.count, capitulations.count, 1))
        let lastTurn = Double(max(turns - 1, 1))
        func x(_ turn: Int) -> Double { left + Double(turn) / lastTurn * plotWidth }
        func y(_ value: Int) -> Double { top + plotHeight - Double(value) / peak * plotHeight }
        func fmt(_ value: Double) -> String { value.oneDecimal }

        /// A step line that rises by one at each event turn and runs on to the last turn.
        func steps(_ events: [Int]) -> String {
            var points = ["\(fmt(x(0))),\(fmt(y(0)))"]
            for (count, turn) in events.sorted().enumerated() {
                points.append("\(fmt(x(turn))),\(fmt(y(count)))")
                points.append("\(fmt(x(turn))),\(fmt(y(count + 1)))")
            }
            points.append("\(fmt(x(max(turns - 1, 0)))),\(fmt(y(events.count)))")
            return points.joined(separator: " ")
        }

        var out = "<svg class=\"yield\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Yield curve: \(pushbacks.count) pushbacks, \(capitulations.count) capitulations\">"
        out += "<title>Yield curve: \(pushbacks.count) pushbacks, \(capitulations.count) capitulations over \(turns) turns</title>"
        out += "<line class=\"axis\" x1=\"\(fmt(left))\" x2=\"\(fmt(left + plotWidth))\" y1=\"\(fmt(top + plotHeight))\" y2=\"\(fmt(top + plotHeight))\"/>"
        out += "<line class=\"axis\" x1=\"\(fmt(left))\" x2=\"\(fmt(left))\" y1=\"\(fmt(top))\" y2=\"\(fmt(top + plotHeight))\"/>"
        out += "<text class=\"label\" x=\"\(fmt(left - 4))\" y=\"\(fmt(top + 4))\" text-anchor=\"end\">\(Int(peak))</text>"
        out += "<text class=\"label\" x=\"\(fmt(left - 4))\" y=\"\(fmt(top + plotHeight))\" text-anchor=\"end\">0</text>"
        out += "<text class=\"label\" x=\"\(fmt(left))\" y=\"\(fmt(height - 6))\">turn 0</text>"
        out += "<text class=\"label\" x=\"\(fmt(left + plotWidth))\" y=\"\(fmt(height - 6))\" text-anchor=\"end\">turn \(max(turns - 1, 0))</text>"
        for turn in Set(findings).sorted() {
            out += "<line class=\"finding-tick\" x1=\"\(fmt(x(turn)))\" x2=\"\(fmt(x(turn)))\" y1=\"\(fmt(top + plotHeight))\" y2=\"\(fmt(top + plotHeight + 5))\"><title>finding at turn \(turn)</title></line>"
        }
        out += "<polyline class=\"curve pushback\" points=\"\(steps(pushbacks))\"/>"
        out += "<polyline class=\"curve capitulation\" points=\"\(steps(capitulations))\"/>"
        for (count, turn) in pushbacks.sorted().enumerated() {
            out += "<circle class=\"pushback\" cx=\"\(fmt(x(turn)))\" cy=\"\(fmt(y(count + 1)))\" r=\"3\"><title>turn \(turn): pushback</title></circle>"
        }
        for (count, turn) in capitulations.sorted().enumerated() {
            out += "<circle class=\"capitulation\" cx=\"\(fmt(x(turn)))\" cy=\"\(fmt(y(count + 1)))\" r=\"3\"><title>turn \(turn): capitulation</title></circle>"
        }
        out += "<text class=\"legend pushback\" x=\"\(fmt(left + 4))\" y=\"12\">— pushbacks (\(pushbacks.count))</text>"
        out += "<text class=\"legend capitulation\" x=\"\(fmt(left + 140))\" y=\"12\">— capitulations (\(capitulations.count))</text>"
        out += "<text class=\"legend finding-tick\" x=\"\(fmt(left + 300))\" y=\"12\">| findings</text>"
        return out + "</svg>\n"
    }
}
