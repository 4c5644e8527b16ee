import Foundation
@testable import CandorKit

/// Reader fixtures read through `TranscriptReading`: the project's own (see `fixture(_:)`) and
/// the shared real exports (../shared/data/exports from the package root).
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let realExports = packageRoot.appendingPathComponent("../shared/data/exports/echomine/tests/fixtures").standardized
    static let realExportsAvailable = FileManager.default.fileExists(atPath: realExports.path)
    static let realExportsMissing = "real exports not found at ../shared/data/exports (relative to the package root); skipped"

    static func read(_ name: String, format: InputFormat = .auto) throws -> [ReadOutcome] {
        TranscriptReading(format: format).read(try fixture(name), file: name)
    }

    static func readRealExport(_ path: String) throws -> [ReadOutcome] {
        TranscriptReading().read(Array(try Data(contentsOf: realExports.appendingPathComponent(path))), file: path)
    }
}

extension ReadOutcome {
    var transcript: Transcript? {
        if case .transcript(let transcript) = self { return transcript }
        return nil
    }

    var error: ReadError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension Array where Element == ReadOutcome {
    var transcripts: [Transcript] { compactMap(\.transcript) }
    var errors: [ReadError] { compactMap(\.error) }
}

extension Transcript {
    func blocks(_ kind: BlockKind) -> [Block] {
        turns.flatMap(\.blocks).filter { $0.kind == kind }
    }
}
