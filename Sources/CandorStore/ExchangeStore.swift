import CandorKit
import Foundation
import GRDB

/// One exchange through `candor proxy`, as the store keeps it: the redacted log record and,
/// when a response was audited, the audit of that redacted record.
public struct StoredExchange: Sendable {
    /// Unique per exchange; also the stored transcript's id, so identical exchanges stay apart.
    public var id: String
    public var time: Date
    public var stream: Bool
    public var status: Int
    /// What the proxy did: none, observe, notice or block.
    public var action: String
    /// The `X-Candor-Findings` value sent to the client.
    public var findingsHeader: String
    public var error: String?
    /// The redacted JSON line, exactly as the transcript log writes it.
    public var record: String
    /// Nil when no response was audited (upstream failures, unreadable responses).
    public var audit: AuditResult?

    public init(
        id: String, time: Date, stream: Bool, status: Int, action: String, findingsHeader: String,
        error: String?, record: String, audit: AuditResult?
    ) {
        self.id = id
        self.time = time
        self.stream = stream
        self.status = status
        self.action = action
        self.findingsHeader = findingsHeader
        self.error = error
        self.record = record
        self.audit = audit
    }
}

/// The SQLite store as `candor proxy --db` writes it: `FindingStore`'s tables (the exchange's
/// transcript, turns and findings) plus one `exchanges` row per exchange.
///
/// Each `record` call returns once its exchange is committed, so an answered exchange is
/// never lost to a kill. Calls that arrive while a transaction is being written are
/// committed together in the next one (group commit): one transaction per batch, never a
/// part of an exchange. WAL with `synchronous = NORMAL`: commits survive a killed process;
/// a power cut may lose the last ones but never leaves a torn record.
public final class ExchangeStore: Sendable {
    let pool: DatabasePool
    private let commits: GroupCommit

    public init(path: String) throws {
        var configuration = FindingStore.configuration
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        pool = try DatabasePool(path: path, configuration: configuration)
        try FindingStore.migrator.migrate(pool)
        commits = GroupCommit(pool: pool)
    }

    /// Returns when the exchange is committed.
    public func record(_ exchange: StoredExchange) async throws {
        try await commits.commit(exchange)
    }

    /// Runs a read-only query, for tests and tools: each row as column name → value text.
    public func rows(_ sql: String) throws -> [[String: String]] {
        try FindingStore.rows(sql, in: pool)
    }

    static func insert(_ exchange: StoredExchange, into db: Database) throws {
        let time = exchange.time.formatted(.iso8601)
        let transcriptID = try exchange.audit.map { try FindingStore.insert($0, at: time, into: db) }
        try db.execute(sql: """
            INSERT INTO exchanges (exchange_id, time, transcript_id, stream, status, action, findings, error, record)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                exchange.id, time, transcriptID, exchange.stream, exchange.status, exchange.action,
                exchange.findingsHeader, exchange.error, exchange.record,
            ])
    }
}

/// Exchanges waiting for the next transaction, and whether one is being written.
private actor GroupCommit {
    let pool: DatabasePool
    private var waiting: [(exchange: StoredExchange, continuation: CheckedContinuation<Void, any Error>)] = []
    private var writing = false

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func commit(_ exchange: StoredExchange) async throws {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((exchange, continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    /// Writes everything waiting, batch after batch, until nothing is left.
    private func drain() async {
        while !waiting.isEmpty {
            let batch = waiting
            waiting.removeAll()
            let exchanges = batch.map(\.exchange)
            let outcome: Result<Void, any Error>
            do {
                try await pool.write { db in
                    for exchange in exchanges { try ExchangeStore.insert(exchange, into: db) }
                }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            for entry in batch { entry.continuation.resume(with: outcome) }
        }
        writing = false
    }
}
