import CandorKit
import CandorProbe
import Foundation

/// One input to read: a file path or standard input.
struct InputFile {
    var path: String

    var displayName: String { path }

    /// The whole input at once, for commands that need a file whole (`candor eval`).
    func load() -> Result<[UInt8], ReadError> {
        if path == "-" {
            return .success(Array(FileHandle.standardInput.readDataToEndOfFile()))
        }
        if let problem = InputPath.problem(path) { return .failure(problem) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ReadError(file: path, expected: "a readable file (permission denied)"))
        }
        return .success(Array(data))
    }

    /// Size in bytes for regular files, for a progress ETA.
    var size: Int? {
        guard path != "-" else { return nil }
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    }
}

extension [InputFile] {
    /// Total size when every input's size is known (no standard input).
    var totalSize: Int? {
        var total = 0
        for input in self {
            guard let size = input.size else { return nil }
            total += size
        }
        return total
    }
}

enum InputFiles {
    static let transcriptExtensions: Set<String> = ["txt", "json", "jsonl", "ndjson", "log", "gz", "eval", "zip"]

    /// Paths as given, with directories replaced by the transcript files under them, sorted
    /// so runs are reproducible. Every non-directory entry with a transcript extension is
    /// listed, links and special files too, so one that cannot be read is reported, not
    /// passed over.
    ///
    /// Files in `outputs` (the command's own report files) are left out of directory walks,
    /// so `candor audit DIR -o DIR/report.jsonl` never reads its own report back in; so are
    /// the stances and results in a `candor probe` output directory (see `ToolOutputs`).
    static func expand(_ paths: [String], excluding outputs: [String] = []) -> [InputFile] {
        let excluded = Set(outputs.map(canonical))
        var inputs: [InputFile] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                inputs.append(contentsOf: filesUnder(path).filter { !excluded.contains(canonical($0)) }.map(InputFile.init))
            } else {
                inputs.append(InputFile(path: path))
            }
        }
        return inputs
    }

    /// One spelling per file: absolute, `.`/`..` and symbolic links resolved.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func filesUnder(_ directory: String) -> [String] {
        let base = URL(fileURLWithPath: directory)
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var entries: [URL] = []
        var namesByFolder: [String: Set<String>] = [:]
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true else { continue }
            entries.append(url)
            namesByFolder[url.deletingLastPathComponent().path, default: []].insert(url.lastPathComponent)
        }
        var files: [String] = []
        for url in entries where isTranscriptName(url) {
            if let siblings = namesByFolder[url.deletingLastPathComponent().path], ToolOutputs.isProbeOutput(siblings),
               ToolOutputs.probeResults.contains(url.lastPathComponent) { continue }
            let relative = url.path.hasPrefix(base.path + "/") ? String(url.path.dropFirst(base.path.count + 1)) : url.lastPathComponent
            files.append(directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
        }
        return files.sorted()
    }

    /// A transcript extension, also under a rotation number (`exchanges.jsonl.1`, as the
    /// proxy's log rotates); label files are not transcripts.
    static func isTranscriptName(_ url: URL) -> Bool {
        guard !url.lastPathComponent.hasSuffix(".labels.json") else { return false }
        var url = url
        if !url.pathExtension.isEmpty, url.pathExtension.allSatisfy({ $0.isASCII && $0.isNumber }) {
            url.deletePathExtension()
        }
        return transcriptExtensions.contains(url.pathExtension.lowercased())
    }
}

/// Files Candor's own commands write beside transcripts, which a directory walk leaves out.
enum ToolOutputs {
    /// What `candor probe run --output DIR` writes besides `transcripts.jsonl`, in the
    /// extensions a walk would otherwise read: stances per turn and the results.
    static let probeResults: Set<String> = [ProbeStore.outcomesFile, ProbeStore.reportFiles.json, ProbeStore.reportFiles.text]

    /// A probe's output directory, by its file names: stances beside transcripts or results
    /// (during or after a run), or the four reports (a run in which every conversation failed).
    static func isProbeOutput(_ names: Set<String>) -> Bool {
        let files = ProbeStore.reportFiles
        if names.contains(ProbeStore.outcomesFile) {
            return names.contains(ProbeStore.transcriptsFile) || names.contains(files.json)
        }
        return names.isSuperset(of: [files.text, files.json, files.markdown, files.html])
    }
}
