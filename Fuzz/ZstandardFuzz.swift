// libFuzzer entry for Zstandard frames (the entries of Inspect's `.eval` logs): any bytes must
// decode, or stop at located damage, within the output cap.
import CandorKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let unpacked = Zstandard.decompress(UnsafeBufferPointer(start: data, count: size), limit: 1 << 22)
    precondition(unpacked.content.count <= 1 << 22)
    precondition(unpacked.damage.map { $0.offset <= size } ?? true)
    return 0
}
