// libFuzzer entry for `.gz` input: gzip members, inflate, then format detection.
import CandorKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let reading = TranscriptReading(format: .auto, maximumRecordBytes: 1 << 20, maximumDecompressedBytes: 1 << 22)
    _ = reading.read(Array(UnsafeBufferPointer(start: data, count: size)), file: "fuzz.gz")
    return 0
}
