// libFuzzer entry for reading a top-level JSON array element by element. The input (after a
// `[` the target adds) is also given in pieces of a size its first byte picks, dropping what
// the reader no longer needs, as the stream does: the items must be those of the whole input,
// and each must read as a transcript or a located error.
@testable import CandorKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 1 else { return 0 }
    let pieceBytes = 1 + Int(data[0]) % 64
    let input = [UInt8(ascii: "[")] + Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    // A small record limit, so long elements and the resumption after them are reached.
    let reading = TranscriptReading(maximumRecordBytes: 512)
    var whole = reading.arrayElements(start: 0, line: 1)
    var expected: [JSONArrayElements.Item] = []
    input.withUnsafeBufferPointer { buffer in
        while case .item(let item) = whole.next(buffer, base: 0, atEnd: true) {
            expected.append(item)
            _ = reading.read(item, in: buffer, base: 0, origin: Source(file: "fuzz"))
        }
    }
    var pieces = reading.arrayElements(start: 0, line: 1)
    var items: [JSONArrayElements.Item] = []
    var base = 0
    var available = min(pieceBytes, input.count)
    reading: while true {
        let step = input[base..<available].withUnsafeBufferPointer { pieces.next($0, base: base, atEnd: available == input.count) }
        switch step {
        case .item(let item):
            items.append(item)
        case .needMore:
            base = pieces.keepFrom
            available = min(available + pieceBytes, input.count)
        case .end:
            break reading
        }
    }
    precondition(items == expected, "an array read in pieces gave other items than read whole")
    return 0
}
