// libFuzzer entry for the InspectLog reader: any bytes must give transcripts or located errors.
import CandorKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let reading = TranscriptReading(format: .inspectLog, maximumRecordBytes: 1 << 20, maximumDecompressedBytes: 1 << 22)
    _ = reading.read(Array(UnsafeBufferPointer(start: data, count: size)), file: "fuzz")
    return 0
}
