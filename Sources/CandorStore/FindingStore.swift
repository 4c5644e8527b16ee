import CandorKit
import Foundation
import GRDB

/// Audit results in SQLite, for questions across runs (rates per model, worst transcripts).
///
/// Tables: `sources` (files), `transcripts`, `turns` and `findings`, plus `exchanges` that
/// `candor proxy --db` fills (see `ExchangeStore`). A transcript is
/// identified by a hash of its id, model and content, so auditing it again replaces its
/// rows instead of adding a second set, while two conversations that happen to read alike
/// (different record ids) stay two.
/// Writes are batched in transactions of `batchSize` transcripts; call `flush()` at the end.
public final class FindingStore {
    let queue: DatabaseQueue
    public let batchSize: Int
    private var pending: [AuditResult] = []

    public init(path: String, batchSize: Int = 500) throws {
        queue = try DatabaseQueue(path: path, configuration: Self.configuration)
        self.batchSize = batchSize
        try Self.migrator.migrate(queue)
    }

    /// Shared by every connection to a store: a running proxy and an audit may use one file.
    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        return configuration
    }

    deinit {
        try? flush()
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sources (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,
                    last_audited TEXT NOT NULL
                );
                CREATE TABLE transcripts (
                    id INTEGER PRIMARY KEY,
                    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
                    record INTEGER,
                    line INTEGER,
                    external_id TEXT NOT NULL,
                    format TEXT NOT NULL,
                    model TEXT,
                    content_hash TEXT NOT NULL UNIQUE,
                    turn_count INTEGER NOT NULL,
                    assistant_turns INTEGER NOT NULL,
                    pushbacks INTEGER NOT NULL,
                    capitulations INTEGER NOT NULL,
                    longest_capitulation_streak INTEGER NOT NULL,
                    finding_count INTEGER NOT NULL,
                    candor_version TEXT NOT NULL,
                    audited_at TEXT NOT NULL
                );
                CREATE INDEX transcripts_source ON transcripts(source_id);
                CREATE INDEX transcripts_model ON transcripts(model);
                CREATE TABLE turns (
                    transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
                    turn_index INTEGER NOT NULL,
                    role TEXT NOT NULL,
                    text TEXT NOT NULL,
                    pushback INTEGER NOT NULL DEFAULT 0,
                    capitulation INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (transcript_id, turn_index)
                ) WITHOUT ROWID;
                CREATE TABLE findings (
                    id INTEGER PRIMARY KEY,
                    transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
                    turn_index INTEGER NOT NULL,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    role TEXT NOT NULL,
                    block_kind TEXT NOT NULL,
                    block_index INTEGER NOT NULL,
                    start_byte INTEGER NOT NULL,
                    end_byte INTEGER NOT NULL,
                    excerpt TEXT NOT NULL,
                    message TEXT NOT NULL,
                    suggestion TEXT
                );
                CREATE INDEX findings_transcript ON findings(transcript_id);
                CREATE INDEX findings_rule ON findings(rule, severity);
                """)
        }
        // `candor proxy --db`: one row per exchange, failed ones too; `record` is the redacted
        // JSON line the transcript log writes, so `candor audit -` reads it back.
        migrator.registerMigration("v2-exchanges") { db in
            try db.execute(sql: """
                CREATE TABLE exchanges (
                    id INTEGER PRIMARY KEY,
                    exchange_id TEXT NOT NULL UNIQUE,
                    time TEXT NOT NULL,
                    transcript_id INTEGER REFERENCES transcripts(id) ON DELETE SET NULL,
                    stream INTEGER NOT NULL,
                    status INTEGER NOT NULL,
                    action TEXT NOT NULL,
                    findings TEXT NOT NULL,
                    error TEXT,
                    record TEXT NOT NULL
                );
                CREATE INDEX exchanges_time ON exchanges(time);
                CREATE INDEX exchanges_transcript ON exchanges(transcript_id);
                """)
        }
        return migrator
    }

    /// Queues one result; writes when a batch is full.
    public func record(_ result: AuditResult) throws {
        pending.append(result)
        if pending.count >= batchSize { try flush() }
    }

    /// Writes every queued result in one transaction.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll()
        let now = ISO8601DateFormatter().string(from: Date())
        try queue.write { db in
            for result in batch { try Self.insert(result, at: now, into: db) }
        }
    }

    /// Inserts one result's rows and returns the transcript's row id.
    @discardableResult
    static func insert(_ result: AuditResult, at now: String, into db: Database) throws -> Int64 {
        let transcript = result.transcript
        let hash = Fingerprint.of(transcript)
        // Replacing by content: the old rows go (turns and findings cascade), the new ones come.
        try db.execute(sql: "DELETE FROM transcripts WHERE content_hash = ?", arguments: [hash])
        try db.execute(
            sql: "INSERT INTO sources (path, last_audited) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET last_audited = excluded.last_audited",
            arguments: [transcript.source.file, now]
        )
        let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM sources WHERE path = ?", arguments: [transcript.source.file])
        let metrics = result.metrics
        try db.execute(sql: """
            INSERT INTO transcripts (source_id, record, line, external_id, format, model, content_hash, turn_count,
                assistant_turns, pushbacks, capitulations, longest_capitulation_streak, finding_count, candor_version, audited_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                sourceID, transcript.source.record, transcript.source.line, transcript.id, transcript.format, transcript.model,
                hash, transcript.turns.count, metrics.assistantTurns, metrics.pushbacks, metrics.capitulations,
                metrics.longestCapitulationStreak, result.findings.count, CandorVersion.current, now,
            ])
        let transcriptID = db.lastInsertedRowID
        let pushbacks = Set(result.pushbackTurns), capitulations = Set(result.capitulationTurns)
        let turnStatement = try db.cachedStatement(sql: "INSERT INTO turns (transcript_id, turn_index, role, text, pushback, capitulation) VALUES (?, ?, ?, ?, ?, ?)")
        for (index, turn) in transcript.turns.enumerated() {
            try turnStatement.execute(arguments: [transcriptID, index, turn.role.rawValue, turn.visibleText, pushbacks.contains(index), capitulations.contains(index)])
        }
        let findingStatement = try db.cachedStatement(sql: """
            INSERT INTO findings (transcript_id, turn_index, rule, severity, role, block_kind, block_index, start_byte, end_byte, excerpt, message, suggestion)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for finding in result.findings {
            try findingStatement.execute(arguments: [
                transcriptID, finding.turn, finding.rule, finding.severity.rawValue, finding.role.rawValue, finding.block.rawValue,
                finding.blockIndex, finding.start, finding.end, finding.excerpt, finding.message, finding.suggestion,
            ])
        }
        return transcriptID
    }

    /// Runs a read-only query, for tests and tools: each row as column name → value text.
    public func rows(_ sql: String) throws -> [[String: String]] {
        try flush()
        return try Self.rows(sql, in: queue)
    }

    static func rows(_ sql: String, in reader: some DatabaseReader) throws -> [[String: String]] {
        try reader.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                Dictionary(uniqueKeysWithValues: row.columnNames.map { name in
                    let value: DatabaseValue = row[name]
                    return switch value.storage {
                    case .null: (name, "NULL")
                    case .int64(let number): (name, String(number))
                    case .double(let number): (name, String(number))
                    case .string(let text): (name, text)
                    case .blob(let data): (name, "<\(data.count) bytes>")
                    }
                })
            }
        }
    }
}
