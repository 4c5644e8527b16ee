import Foundation

/// Checks a path before it is opened for reading, so that one that cannot be read becomes
/// a located error instead of a hang (a FIFO blocks on open) or a silent skip.
public enum InputPath {
    /// Why `path` cannot be read as a transcript file, or nil when it is a readable regular file.
    public static func problem(_ path: String) -> ReadError? {
        guard FileManager.default.fileExists(atPath: path) else {
            return ReadError(file: path, expected: "an existing file (or a link to one)")
        }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType
        guard type == .typeRegular else {
            return ReadError(file: path, expected: "a regular file, found a special file (a FIFO, socket or device)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return ReadError(file: path, expected: "a readable file (permission denied)")
        }
        return nil
    }
}
