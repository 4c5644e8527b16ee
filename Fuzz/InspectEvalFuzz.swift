// libFuzzer entry for zipped inspect_ai `.eval` logs: the ZIP reader, inflate and the
import CandorKit

// inspect reader behind them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let reading = TranscriptReading(format: .inspectLog, maximumRecordBytes: 1 << 20, maximumDecompressedBytes: 1 << 22)
    _ = reading.read(Array(UnsafeBufferPointer(start: data, count: size)), file: "fuzz.eval")
    return 0
}
