public import Checksum
import Foundation
public import Logging
public import Postgres
import SantunanValues

/// What `ledger verify` found: counts, the lane heads, and the first bad record if any.
public struct VerificationReport: Sendable {
    /// Transactions (headers) checked.
    public var transactions = 0
    /// Entries checked.
    public var entries = 0
    /// The sum of all debits, equal to the sum of all credits in a valid ledger. Checked sums: a total past
    /// `Int64.max` is a failure (``VerificationFailure``), never a wrapped figure.
    public var totalDebits: Int64 = 0
    public var totalCredits: Int64 = 0
    /// Whether a total overflowed 64 bits (the totals are then meaningless).
    public var totalsOverflowed = false
    /// The end of each lane as `ledger_chain_head` records it, for every lane of the fixed count and every lane found
    /// in the data: an auditor can note these to anchor the chain (`ledger checkpoint` signs them).
    public var heads: [LaneHead] = []
    /// The end of the chart's chain (the account classes), as `ledger_chart_head` records it.
    public var chartHead = ChainHead(position: 0, hash: .zero)
    /// The installation (`santunan_meta.installation_id`) and the server's time of the snapshot verified, in UTC.
    public var installationID = ""
    public var takenAt = ""
    /// The first bad record (the one of the earliest transaction), nil when the ledger verified.
    public var failure: VerificationFailure?
    /// How many lanes had a bad record.
    public var failedLanes = 0
    /// Whether the records were read in physical order (both tables scanned, each lane's order restored in the
    /// client); false when they were read lane by lane through the `(lane, lane_seq)` indexes: on one connection,
    /// when asked, or as the fallback after the reorder buffer passed its limit (docs/decisions/0014, "Session 7").
    public var readInPhysicalOrder = false
    /// The most records the physical-order read held at once, waiting for a predecessor (0 on the lane path).
    public var reorderPeak = 0

    public init() {}

    /// Whether every check passed.
    public var isValid: Bool { failure == nil }
}

/// The end of one hash-chain lane.
public struct LaneHead: Hashable, Sendable {
    public var lane: Int
    public var lastPosition: Int64
    public var lastHash: SHA256Digest
    /// False when `ledger_chain_head` has no row for a lane of the fixed count or for a lane found in the data:
    /// a failure (a deleted head row would otherwise let every edit in its lane pass).
    public var isRecorded = true

    public init(lane: Int, lastPosition: Int64, lastHash: SHA256Digest, isRecorded: Bool = true) {
        self.lane = lane
        self.lastPosition = lastPosition
        self.lastHash = lastHash
        self.isRecorded = isRecorded
    }
}

/// A position in a chain and the hash of the record there.
public struct ChainHead: Hashable, Sendable {
    public var position: Int64
    public var hash: SHA256Digest

    public init(position: Int64, hash: SHA256Digest) {
        self.position = position
        self.hash = hash
    }
}

/// A record that does not match the chain or the ledger's invariants.
public struct VerificationFailure: Hashable, Sendable, CustomStringConvertible {
    /// `entry 1042`, `transaction 17` or `lane 3`.
    public var record: String
    public var lane: Int
    /// The record's position in its lane.
    public var position: Int64
    /// The transaction concerned, for ordering failures across lanes.
    public var transactionID: Int64
    public var reason: String

    /// Where in the ledger: `lane 3, position 57`, `chart, position 4`, or `ledger` for the totals.
    public var location: String {
        switch lane {
        case 0...: "lane \(lane), position \(position)"
        case Self.chartLane: "chart, position \(position)"
        default: "ledger"
        }
    }

    public var description: String { "\(record) (\(location)): \(reason)" }

    /// The `lane` of a failure in the chart of accounts.
    public static let chartLane = -2
}

extension Ledger {
    /// The number of chain lanes, fixed by the schema (Schema/0005, a CHECK).
    public static let laneCount = 16

    /// Recomputes every lane of the hash chain in Swift, independently of the database's triggers, and checks the
    /// invariants: positions contiguous from 1, each record's hash = sha256(previous hash ‖ canonical text), each
    /// lane ending at its recorded head, each transaction's entries following it with debits = credits, and the
    /// whole ledger's debits = credits.
    ///
    /// Reads in one read-only REPEATABLE READ transaction through two cursors, so memory stays flat.
    ///
    /// - Parameter progress: called with (records checked, records expected) every few thousand records.
    public static func verify(
        on connection: Connection, progress: (Int, Int) -> Void = { _, _ in }
    ) throws(LedgerError) -> VerificationReport {
        do {
            return try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
                try connection.executeScript("SET LOCAL DateStyle = ISO; SET LOCAL bytea_output = hex")
                let heads = try ChainVerifier.readHeads(connection)
                let expected = heads.reduce(0) { $0 + Int($1.lastPosition) }
                var checked = 0
                var verifier = ChainVerifier()
                try verifier.run(connection, heads: heads, otherLanes: []) { delta in
                    checked += delta
                    progress(checked, expected)
                }
                var report = ChainVerifier.merge([verifier])
                try ChartVerifier.check(connection, into: &report)
                checkSnapshot([verifier], into: &report)
                return report
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as PostgresError {
            throw LedgerError(error)
        } catch {
            throw LedgerError(.database, field: "database", reason: "\(error)")
        }
    }

    /// The same check on several connections reading one snapshot (`pg_export_snapshot`), so that the database and
    /// the hashing overlap on several cores.
    ///
    /// By default (`order: .physical`) two connections read `ledger_transaction` and `ledger_entry` in physical
    /// order (sequential scans), one thread restores each lane's order and `workers` threads, each owning a share of
    /// the lanes, hash and sum (docs/decisions/0014, "Session 7"). When more than `reorderLimit` records wait for a predecessor at once (a table rewritten by
    /// `CLUSTER`, `VACUUM FULL` or a restore in another order), or with `order: .lanes`, the lanes are read through
    /// their `(lane, lane_seq)` indexes instead, shared out over `workers` connections, each on its own thread.
    /// Both give the same report and name the same failure.
    ///
    /// - Parameter progress: called from the reading threads (serialised) with (records checked, records
    ///   expected); after a fallback it starts again from 0.
    /// - Parameter since: a checkpoint (its signature checked by the caller) the ledger must still extend: the record
    ///   at each of its positions must still be there with its hash (``LedgerCheckpoint``).
    public static func verify(
        conninfo: String, workers: Int, logger: Logger, since: LedgerCheckpoint? = nil,
        order: VerificationOrder = .physical, reorderLimit: Int = VerificationOrder.defaultReorderLimit,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws(LedgerError) -> VerificationReport {
        do {
            let coordinator = try Connection(conninfo, logger: logger)
            defer { coordinator.close() }
            return try coordinator.transaction(isolation: .repeatableRead, readOnly: true) { coordinator in
                let heads = try ChainVerifier.readHeads(coordinator)
                let expected = heads.reduce(0) { $0 + Int($1.lastPosition) }
                let verifiers: [ChainVerifier]
                var physical: (verifiers: [ChainVerifier], peak: Int)?
                if order == .physical {
                    let checked = VerifierProgress(expected: expected, progress: progress)
                    physical = try PhysicalOrder.verify(
                        coordinator, conninfo: conninfo, heads: heads, checkers: workers, reorderLimit: reorderLimit,
                        logger: logger
                    ) { checked.advance($0) }
                }
                if let physical {
                    verifiers = physical.verifiers
                } else {
                    let checked = VerifierProgress(expected: expected, progress: progress)
                    verifiers = try laneByLane(
                        coordinator, conninfo: conninfo, workers: workers, heads: heads, logger: logger,
                        progress: checked)
                }
                var report = ChainVerifier.merge(verifiers)
                report.readInPhysicalOrder = physical != nil
                report.reorderPeak = physical?.peak ?? 0
                try coordinator.executeScript("SET LOCAL DateStyle = ISO; SET LOCAL bytea_output = hex")
                try ChartVerifier.check(coordinator, into: &report)
                if let since {
                    try since.check(coordinator, into: &report)
                }
                checkSnapshot(verifiers, into: &report)
                return report
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as PostgresError {
            throw LedgerError(error)
        } catch {
            throw LedgerError(.database, field: "database", reason: "\(error)")
        }
    }

    /// The lane path: each of `workers` connections verifies a share of the lanes on its own thread, every lane
    /// streamed from its two `(lane, lane_seq)` indexes (``ChainVerifier/run(_:heads:otherLanes:progress:)``).
    private static func laneByLane(
        _ coordinator: Connection, conninfo: String, workers: Int, heads: [LaneHead], logger: Logger,
        progress checked: VerifierProgress
    ) throws -> [ChainVerifier] {
        // Deal the lanes out largest first, each to the least loaded worker.
        let count = max(1, min(workers, heads.count))
        var shares = [[LaneHead]](repeating: [], count: count)
        var loads = [Int64](repeating: 0, count: count)
        for head in heads.sorted(by: { $0.lastPosition > $1.lastPosition }) {
            let target = loads.indices.min { loads[$0] < loads[$1] }!
            shares[target].append(head)
            loads[target] += head.lastPosition
        }
        let lanes = shares.map { share in share.sorted { $0.lane < $1.lane } }
        return try coordinator.onExportedSnapshot(
            conninfo: conninfo, shares: count, logger: logger
        ) { index, connection in
            try connection.executeScript("SET LOCAL DateStyle = ISO; SET LOCAL bytea_output = hex")
            var verifier = ChainVerifier()
            // The first share also compares the snapshot rows of lanes no share walks (they have no entries).
            let others = index == 0 ? lanes.dropFirst().joined().map(\.lane) : nil
            try verifier.run(connection, heads: lanes[index], otherLanes: others) { checked.advance($0) }
            return verifier
        }
    }
}

/// How ``Ledger/verify(conninfo:workers:logger:since:order:reorderLimit:progress:)`` reads the records.
public enum VerificationOrder: Sendable {
    /// Both tables in physical order, each lane's order restored in the client; lane by lane only as a fallback.
    case physical
    /// Lane by lane through the `(lane, lane_seq)` indexes (the path before Session 7, kept as the fallback).
    case lanes

    /// The records the physical-order read may hold at once, waiting for a predecessor, before it falls back to the
    /// lane path: ≈ 50 MB of rows. Tables appended in chain order hold a few dozen at a time (one per lane waiting
    /// for the other table); a table in another order holds most of a lane.
    public static let defaultReorderLimit = 1 << 18
}

extension Ledger {
    /// Adds the first snapshot row that differs from its entries (Schema/0015) as a failure, when the chain itself
    /// verified: the balance queries read the snapshot, so a snapshot changed behind the trigger's back must fail
    /// `ledger verify` like a changed record. The verifiers summed the entries while hashing them and compared the
    /// snapshot rows of their lanes (the same check as ``snapshotDifference(on:)``, without its second pass over
    /// every entry in the database).
    static func checkSnapshot(_ verifiers: [ChainVerifier], into report: inout VerificationReport) {
        guard report.failure == nil, let difference = ChainVerifier.firstSnapshotDifference(verifiers) else { return }
        report.failure = VerificationFailure(
            record: "ledger_account_month", lane: -1, position: 0, transactionID: 0,
            reason: difference.description)
    }
}

/// The parallel verifiers' progress, shared by their threads.
final class VerifierProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var checked = 0
    private let expected: Int
    private let progress: @Sendable (Int, Int) -> Void

    init(expected: Int, progress: @escaping @Sendable (Int, Int) -> Void) {
        self.expected = expected
        self.progress = progress
    }

    func advance(_ delta: Int) {
        lock.lock()
        defer { lock.unlock() }
        checked += delta
        progress(checked, expected)
    }
}

/// One row of the verifier's binary COPY, its fields read once, in order.
struct FieldReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ row: BinaryCopyRow) {
        bytes = row.rawFields
    }

    /// A row's fields as ``BinaryCopyRow/rawFields`` gives them (or a copy of them, kept while the row waits).
    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next field's bytes, nil for NULL (and past the row's end: the stream has checked every length).
    @inline(__always)
    mutating func next() -> UnsafeRawBufferPointer? {
        guard offset + 4 <= bytes.count else { return nil }
        let length = Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        offset += 4
        guard length >= 0, offset + length <= bytes.count else { return nil }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    /// The next field as a `bigint` (or `integer`), nil for NULL.
    @inline(__always)
    mutating func integer() -> Int64? {
        guard let field = next() else { return nil }
        switch field.count {
        case 8: return Int64(bigEndian: field.loadUnaligned(as: Int64.self))
        case 4: return Int64(Int32(bigEndian: field.loadUnaligned(as: Int32.self)))
        case 2: return Int64(Int16(bigEndian: field.loadUnaligned(as: Int16.self)))
        default: return nil
        }
    }
}

/// The chain check itself: each lane streamed in position order by one binary COPY (headers and entries merged by
/// the server), hashed as it arrives, the totals and the monthly snapshot's sums (Schema/0015) added in the same
/// pass; docs/decisions/0014-ledger-bulk.md, "Verify".
struct ChainVerifier {
    var report = VerificationReport()
    private var buffer: [UInt8] = []
    // One digest context per verifier: a verifier runs on one thread at a time (its share of the lanes).
    private nonisolated(unsafe) let sha256 = SHA256.Context()
    private(set) var failures: [VerificationFailure] = []
    /// The first snapshot row of this verifier's lanes that is not the sum of its entries (set by ``run``).
    private(set) var snapshotDifference: SnapshotDifference?

    // Per-lane state.
    private var lane = -1
    private var expected: Int64 = 1
    private var previous = SHA256Digest.zero
    private var laneFailed = false
    /// The transaction whose entries may follow, with the month (ordinal) of its effective date.
    private var open: (id: Int64, position: Int64, entries: Int, net: Int64, month: Int)?

    /// A lane's state while the physical-order path checks another lane: it meets the lanes interleaved, one
    /// record each, where the lane path finishes one lane before the next.
    private struct LaneState {
        var expected: Int64
        var previous: SHA256Digest
        var failed: Bool
        var open: (id: Int64, position: Int64, entries: Int, net: Int64, month: Int)?
    }
    /// Parked states of lanes 0..<laneCount, by lane (an array: the physical path switches at almost every record).
    private var parked: [LaneState?] = []
    /// Parked states of lanes outside the fixed count (rows a CHECK added later did not validate).
    private var parkedOther: [Int: LaneState] = [:]
    /// Whether `lane` holds a lane of the physical-order path (its state is parked when another lane is met).
    private var inLane = false
    /// Whether the headers' `recorded_at` and `effective_date` arrive in their binary forms (microseconds and days
    /// since 2000-01-01) rather than as the lane query's µs since 1970 and ISO text: the physical-order path's
    /// queries, which spare the server a numeric computation and a date's text per header.
    var binaryTimes = false

    // The entries' sums per (account, month, lane), to compare with `ledger_account_month`: the key packs the
    // account's number (``accounts``), the month's ordinal (year × 12 + month − 1) and the lane.
    private var sums: [UInt64: (debit: Int64, credit: Int64)] = [:]
    private var accounts = AccountNumbers()

    /// One lane's records in position order: headers (`true` first) and entries in the same columns where their
    /// types agree. Written as a filter on a UNION ALL ordered by `(lane, lane_seq)` so that the server can merge
    /// the two `(lane, lane_seq)` index scans into one stream (a Merge Append; ``run`` turns sorts off so that it
    /// does, rather than sorting the lane). COPY takes no parameters; the lane is an integer written here.
    static func laneQuery(_ lane: Int) -> String {
        """
        COPY (
            SELECT header, lane_seq, id, a, b, c, d, hash, idempotency_key, recorded_by, participant_nik,
                participant_kpj, claim_id, batch_id, employer_npp, memo
            FROM (
                SELECT lane, lane_seq, true AS header, id, (extract(epoch FROM recorded_at) * 1000000)::bigint AS a,
                    reverses AS b, effective_date::text AS c, kind AS d, hash, idempotency_key, recorded_by,
                    participant_nik, participant_kpj, claim_id, batch_id, employer_npp, memo
                FROM ledger_transaction
                UNION ALL
                SELECT lane, lane_seq, false, id, transaction_id, amount, account, side::text, hash,
                    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                FROM ledger_entry
            ) AS r
            WHERE lane = \(lane)
            ORDER BY lane, lane_seq
        ) TO STDOUT WITH (FORMAT binary)
        """
    }

    /// The lanes to walk, in lane order: every lane of the fixed count, every lane that has a head row and every
    /// lane that holds a record (found through the `(lane, lane_seq)` indexes, one probe per lane). A lane without
    /// a head row comes back with `isRecorded == false`.
    static func readHeads(_ connection: Connection) throws -> [LaneHead] {
        let result = try connection.execute("SELECT lane, last_seq, last_hash FROM ledger_chain_head ORDER BY lane")
        var heads: [Int: LaneHead] = [:]
        for row in result {
            let lane: Int = try row[0]
            heads[lane] = LaneHead(
                lane: lane, lastPosition: try row[1], lastHash: SHA256Digest(bytes: try row[2] as [UInt8]) ?? .zero)
        }
        var lanes = Set(0..<Ledger.laneCount)
        for table in ["ledger_transaction", "ledger_entry"] {
            // A loose index scan: the next lane above the last one found, until there is none.
            let found = try connection.executeScript(
                """
                WITH RECURSIVE l(lane) AS (
                    SELECT min(lane) FROM \(table)
                    UNION ALL
                    SELECT (SELECT min(t.lane) FROM \(table) AS t WHERE t.lane > l.lane) FROM l WHERE l.lane IS NOT NULL
                ) SELECT lane FROM l WHERE lane IS NOT NULL
                """)
            for row in found { lanes.insert(try row[0] as Int) }
        }
        lanes.formUnion(heads.keys)
        return lanes.sorted().map {
            heads[$0] ?? LaneHead(lane: $0, lastPosition: 0, lastHash: .zero, isRecorded: false)
        }
    }

    /// Checks the lanes of `heads` (in lane order) in the connection's current transaction, then compares the
    /// snapshot rows of those lanes with the entries' sums (and, with `otherLanes`, every snapshot row of a lane
    /// outside `otherLanes` too: a row in a lane no verifier walks has no entries). `progress` receives the number
    /// of records checked since its last call.
    mutating func run(
        _ connection: Connection, heads: [LaneHead], otherLanes: [Int]? = nil, progress: (Int) -> Void
    ) throws {
        report.heads = heads
        buffer.reserveCapacity(1024)
        // Stream each lane from its two indexes in order: by cost the planner would rather sort a lane (on disk, in
        // parallel workers that share the cores the hashing needs) and compile it with JIT.
        try connection.executeScript(
            "SET LOCAL enable_sort = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off")
        var pending = 0
        for head in heads {
            enterLane(head.lane)
            try connection.copyOutBinary(SQL(Self.laneQuery(head.lane))) { row in
                var fields = FieldReader(row)
                let isHeader = fields.next()?.first == 1
                let position = fields.integer() ?? -1
                let id = fields.integer() ?? -1
                if isHeader {
                    checkTransaction(&fields, position: position, id: id)
                } else {
                    checkEntry(&fields, position: position, id: id)
                }
                pending += 1
                if pending == 0x4000 {
                    progress(pending)
                    pending = 0
                }
            }
            finishLane(head)
        }
        progress(pending)
        let own = heads.map { String($0.lane) }.joined(separator: ",")
        let filter: String
        if let otherLanes {
            let others = otherLanes.map(String.init).joined(separator: ",")
            filter = otherLanes.isEmpty ? "" : "WHERE lane NOT IN (\(others))"
        } else {
            filter = own.isEmpty ? "WHERE false" : "WHERE lane IN (\(own))"
        }
        try compareSnapshot(connection, filter: filter)
    }

    /// Merges the reports of verifiers that checked disjoint lanes, checks total debits = credits and picks the
    /// first failure (the earliest transaction's).
    static func merge(_ parts: [ChainVerifier]) -> VerificationReport {
        var report = VerificationReport()
        var failures: [VerificationFailure] = []
        for part in parts {
            report.transactions += part.report.transactions
            report.entries += part.report.entries
            let (debits, debitsOverflow) = report.totalDebits.addingReportingOverflow(part.report.totalDebits)
            let (credits, creditsOverflow) = report.totalCredits.addingReportingOverflow(part.report.totalCredits)
            report.totalDebits = debits
            report.totalCredits = credits
            report.totalsOverflowed =
                report.totalsOverflowed || part.report.totalsOverflowed || debitsOverflow || creditsOverflow
            report.heads += part.report.heads
            failures += part.failures
        }
        report.heads.sort { $0.lane < $1.lane }
        if report.totalsOverflowed {
            failures.append(
                VerificationFailure(
                    record: "ledger", lane: -1, position: 0, transactionID: Int64.max,
                    reason: "the total of the debits or of the credits exceeds 64 bits: amounts out of bounds"))
        } else if failures.isEmpty, report.totalDebits != report.totalCredits {
            failures.append(
                VerificationFailure(
                    record: "ledger", lane: -1, position: 0, transactionID: 0,
                    reason: "total debits \(report.totalDebits) differ from total credits \(report.totalCredits)"))
        }
        report.failedLanes = Set(failures.map(\.lane)).count
        report.failure = failures.min { ($0.transactionID, $0.lane) < ($1.transactionID, $1.lane) }
        return report
    }

    /// The first snapshot difference of `parts` (by month, account, lane), as ``snapshotDifference(on:)`` orders
    /// them.
    static func firstSnapshotDifference(_ parts: [ChainVerifier]) -> SnapshotDifference? {
        parts.compactMap(\.snapshotDifference).min(by: SnapshotDifference.precedes)
    }

    /// Makes `newLane` the lane being checked, parking the current lane's state and taking back `newLane`'s (or
    /// starting it at position 1). The physical-order path's counterpart of ``enterLane(_:)``.
    private mutating func switchLane(to newLane: Int) {
        if inLane {
            guard newLane != lane else { return }
            let state = LaneState(expected: expected, previous: previous, failed: laneFailed, open: open)
            if (0..<Ledger.laneCount).contains(lane) {
                if parked.isEmpty { parked = Array(repeating: nil, count: Ledger.laneCount) }
                parked[lane] = state
            } else {
                parkedOther[lane] = state
            }
        }
        inLane = true
        let state =
            (0..<Ledger.laneCount).contains(newLane)
            ? (parked.isEmpty ? nil : parked[newLane]) : parkedOther[newLane]
        guard let state else {
            enterLane(newLane)
            return
        }
        lane = newLane
        expected = state.expected
        previous = state.previous
        laneFailed = state.failed
        open = state.open
    }

    /// Checks one record of the physical-order path in its lane: `fields` stands after the row's `lane` and
    /// `lane_seq` (``PhysicalOrder``), the rest in the order of ``laneQuery(_:)`` after its `lane_seq`.
    mutating func check(_ fields: inout FieldReader, lane recordLane: Int, position: Int64, isHeader: Bool) {
        switchLane(to: recordLane)
        let id = fields.integer() ?? -1
        if isHeader {
            checkTransaction(&fields, position: position, id: id)
        } else {
            checkEntry(&fields, position: position, id: id)
        }
    }

    /// Ends a lane of the physical-order path once every record has been checked: as ``run`` does after each lane.
    mutating func finish(_ head: LaneHead) {
        switchLane(to: head.lane)
        finishLane(head)
    }

    private mutating func enterLane(_ newLane: Int) {
        lane = newLane
        expected = 1
        previous = .zero
        laneFailed = false
        open = nil
    }

    private mutating func finishLane(_ head: LaneHead) {
        guard !laneFailed else { return }
        closeOpenTransaction()
        guard !laneFailed else { return }
        guard (0..<Ledger.laneCount).contains(head.lane) else {
            fail(
                VerificationFailure(
                    record: "lane \(head.lane)", lane: head.lane, position: expected - 1, transactionID: Int64.max,
                    reason: "is not one of the ledger's \(Ledger.laneCount) lanes (0-\(Ledger.laneCount - 1)): "
                        + "its records count in balances but belong to no chain"))
            return
        }
        guard head.isRecorded else {
            fail(
                VerificationFailure(
                    record: "lane \(head.lane)", lane: head.lane, position: expected - 1, transactionID: Int64.max,
                    reason: "has no head row in ledger_chain_head (deleted?): its end cannot be checked"))
            return
        }
        if expected - 1 != head.lastPosition || previous != head.lastHash {
            let reason =
                expected - 1 < head.lastPosition
                ? "the lane ends at position \(expected - 1) but its head records \(head.lastPosition): "
                    + "records at the end are missing"
                : "the lane's last hash does not match its head (\(head.lastPosition))"
            fail(
                VerificationFailure(
                    record: "lane \(head.lane)", lane: head.lane, position: expected - 1,
                    transactionID: Int64.max, reason: reason))
        }
    }

    private mutating func fail(_ failure: VerificationFailure) {
        failures.append(failure)
        laneFailed = true
    }

    /// Checks position and hash; returns false (after recording the failure) when the record is bad.
    private mutating func checkLink(
        record: @autoclosure () -> String, position: Int64, transactionID: Int64, stored: UnsafeRawBufferPointer?
    ) -> Bool {
        if position != expected {
            let reason =
                position > expected
                ? "the record before it (position \(expected)\(position - expected > 1 ? "…\(position - 1)" : "")) "
                    + "is missing: deleted?"
                : "position \(position) appears twice"
            fail(
                VerificationFailure(
                    record: record(), lane: lane, position: position, transactionID: transactionID, reason: reason))
            return false
        }
        let computed = buffer.withUnsafeBytes { sha256.hash($0) }
        guard let stored, Self.digest(computed, equals: stored) else {
            fail(
                VerificationFailure(
                    record: record(), lane: lane, position: position, transactionID: transactionID,
                    reason: "its hash does not match sha256(previous hash ‖ its canonical text): the record or the "
                        + "one before it was changed"))
            return false
        }
        previous = computed
        expected += 1
        return true
    }

    /// Whether `bytes` (a `bytea` in binary form) is exactly `digest`.
    @inline(__always)
    private static func digest(_ digest: SHA256Digest, equals bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 32 else { return false }
        var difference: UInt32 = 0
        withUnsafeBytes(of: digest.words) { words in
            for index in 0..<8 {
                difference |=
                    words.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)
                    ^ UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
            }
        }
        return difference == 0
    }

    private mutating func closeOpenTransaction() {
        guard let transaction = open else { return }
        open = nil
        if transaction.entries < 2 || transaction.net != 0 {
            fail(
                VerificationFailure(
                    record: "transaction \(transaction.id)", lane: lane, position: transaction.position,
                    transactionID: transaction.id,
                    reason: transaction.entries < 2
                        ? "has \(transaction.entries) entries; a posting needs two or more"
                        : "is not balanced: debits - credits = \(transaction.net)"))
        }
    }

    /// A header: `T|lane|pos|id|date|recorded_at µs|kind|key|by|nik|kpj|claim|batch|npp|reverses|memo`
    /// (Schema/0005); the fields after `id` in the order of ``laneQuery(_:)``.
    private mutating func checkTransaction(_ fields: inout FieldReader, position: Int64, id: Int64) {
        report.transactions += 1
        guard !laneFailed else { return }
        closeOpenTransaction()
        guard !laneFailed else { return }
        let recordedAt = fields.integer()
        let reverses = fields.integer()
        let date = fields.next()
        let kind = fields.next()
        let hash = fields.next()
        startRecord("T|", position: position, id: id)
        var month = 0
        if binaryTimes {
            if let date, date.count == 4 {
                month = appendDate(days: Int32(bigEndian: date.loadUnaligned(as: Int32.self)))
            }
        } else if let date {
            buffer.append(contentsOf: date)
            month = Self.monthOrdinal(date)
        }
        append("|")
        if let recordedAt { appendNumber(binaryTimes ? recordedAt &+ Self.unixMicrosecondsAt2000 : recordedAt) }
        append("|")
        appendField(kind)
        for _ in 0..<7 {  // key, recorded_by, nik, kpj, claim, batch, npp
            append("|")
            appendField(fields.next())
        }
        append("|")
        if let reverses { appendNumber(reverses) } else { append("-") }
        append("|")
        appendField(fields.next())  // memo
        guard checkLink(record: "transaction \(id)", position: position, transactionID: id, stored: hash)
        else { return }
        open = (id, position, 0, 0, month)
    }

    /// An entry: `E|lane|pos|id|transaction|account|side|amount`.
    private mutating func checkEntry(_ fields: inout FieldReader, position: Int64, id: Int64) {
        report.entries += 1
        let transactionID = fields.integer() ?? -1
        let amountField = fields.integer()
        let amount = amountField ?? 0
        let account = fields.next()
        let sideField = fields.next()
        let hash = fields.next()
        let side = sideField?.first
        let overflow: Bool
        if side == UInt8(ascii: "D") {
            (report.totalDebits, overflow) = report.totalDebits.addingReportingOverflow(amount)
        } else {
            (report.totalCredits, overflow) = report.totalCredits.addingReportingOverflow(amount)
        }
        if overflow { report.totalsOverflowed = true }
        guard !laneFailed else { return }
        startRecord("E|", position: position, id: id)
        appendNumber(transactionID)
        append("|")
        appendField(account)
        append("|")
        if let sideField { buffer.append(contentsOf: sideField) }
        append("|")
        if let amountField { appendNumber(amountField) }
        guard checkLink(record: "entry \(id)", position: position, transactionID: transactionID, stored: hash)
        else { return }
        guard var transaction = open, transaction.id == transactionID else {
            fail(
                VerificationFailure(
                    record: "entry \(id)", lane: lane, position: position, transactionID: transactionID,
                    reason: "belongs to transaction \(transactionID) but does not follow it in its lane"))
            return
        }
        guard amount > 0, side == UInt8(ascii: "D") || side == UInt8(ascii: "C") else {
            fail(
                VerificationFailure(
                    record: "entry \(id)", lane: lane, position: position, transactionID: transactionID,
                    reason: "has an invalid side or an amount that is not > 0"))
            return
        }
        transaction.entries += 1
        let (net, netOverflow) = transaction.net.addingReportingOverflow(side == UInt8(ascii: "D") ? amount : -amount)
        guard !netOverflow else {
            fail(
                VerificationFailure(
                    record: "transaction \(transactionID)", lane: lane, position: transaction.position,
                    transactionID: transactionID, reason: "its debits - credits exceed 64 bits"))
            return
        }
        transaction.net = net
        open = transaction
        // The snapshot's sums: wrapping adds, as the totals above already fail the ledger past 64 bits.
        let key = Self.snapshotKey(
            account: accounts.number(of: account), month: transaction.month, lane: lane)
        var sum = sums[key, default: (0, 0)]
        if side == UInt8(ascii: "D") { sum.debit &+= amount } else { sum.credit &+= amount }
        sums[key] = sum
    }

    /// 2000-01-01 00:00 UTC in microseconds since 1970: a binary `timestamptz` counts from the former. PostgreSQL 14
    /// and later compute `extract(epoch …)` in `numeric`, so the lane query's `(extract(epoch FROM recorded_at) *
    /// 1000000)::bigint` is exactly the binary value plus this.
    static let unixMicrosecondsAt2000: Int64 = 946_684_800_000_000

    /// Appends a binary `date` (days since 2000-01-01) as `date::text` writes it under DateStyle ISO (`2024-03-15`,
    /// `0044-03-15 BC`, `infinity`), and returns the ordinal of its month as ``monthOrdinal(_:)`` reads that text.
    private mutating func appendDate(days: Int32) -> Int {
        if days == Int32.max {
            append("infinity")
            return 0
        }
        if days == Int32.min {
            append("-infinity")
            return 0
        }
        let date = CivilDate(dayNumber: Int(days) + BinaryCopy.dateEpochDays)
        let year = date.year > 0 ? date.year : 1 - date.year
        appendPadded(year, width: 4)
        append("-")
        appendPadded(date.month, width: 2)
        append("-")
        appendPadded(date.day, width: 2)
        if date.year <= 0 { append(" BC") }
        return year * 12 + date.month - 1
    }

    /// A non-negative number with leading zeros up to `width` digits.
    private mutating func appendPadded(_ value: Int, width: Int) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        if digits < width {
            buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits))
        }
        appendDecimal(Int64(value), to: &buffer)
    }

    /// The ordinal (year × 12 + month − 1) of an ISO date's month, `YYYY-MM-DD`; 0 when it is not one.
    private static func monthOrdinal(_ date: UnsafeRawBufferPointer) -> Int {
        var year = 0
        var index = 0
        while index < date.count, date[index] >= 48, date[index] <= 57 {
            year = year * 10 + Int(date[index] - 48)
            index += 1
        }
        guard index + 2 < date.count, date[index] == UInt8(ascii: "-") else { return 0 }
        let month = Int(date[index + 1] &- 48) * 10 + Int(date[index + 2] &- 48)
        return year * 12 + month - 1
    }

    private static func snapshotKey(account: Int, month: Int, lane: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: account) << 32 | UInt64(UInt16(truncatingIfNeeded: month)) << 16
            | UInt64(UInt16(truncatingIfNeeded: lane))
    }

    /// Compares the snapshot rows selected by `filter` with the sums of the entries walked: each row must be its
    /// (account, month, lane)'s sums, and every sum must have its row. Keeps the first difference.
    mutating func compareSnapshot(_ connection: Connection, filter: String) throws {
        var first: SnapshotDifference?
        func note(_ difference: SnapshotDifference) {
            if first.map({ SnapshotDifference.precedes(difference, $0) }) ?? true { first = difference }
        }
        try connection.copyOutBinary(
            """
            COPY (SELECT lane, (date_part('year', month) * 12 + date_part('month', month) - 1)::int, account,
                debit, credit FROM ledger_account_month \(unescaped: filter)) TO STDOUT WITH (FORMAT binary)
            """
        ) { row in
            var fields = FieldReader(row)
            let lane = Int(fields.integer() ?? -1)
            let month = Int(fields.integer() ?? 0)
            let account = fields.next()
            let debit = fields.integer() ?? 0
            let credit = fields.integer() ?? 0
            let entries = accounts.existingNumber(of: account).flatMap {
                sums.removeValue(forKey: Self.snapshotKey(account: $0, month: month, lane: lane))
            }
            guard entries?.debit != debit || entries?.credit != credit else { return }
            note(
                SnapshotDifference(
                    account: AccountCode(account.map { String(decoding: $0, as: UTF8.self) } ?? ""),
                    month: Self.firstDay(ofMonth: month), lane: lane, snapshotDebit: String(debit),
                    snapshotCredit: String(credit), entryDebit: entries.map { String($0.debit) },
                    entryCredit: entries.map { String($0.credit) }))
        }
        for (key, sum) in sums {
            let lane = Int(Int16(truncatingIfNeeded: key & 0xFFFF))
            let packedMonth = Int((key >> 16) & 0xFFFF)
            note(
                SnapshotDifference(
                    account: AccountCode(accounts.name(of: Int(key >> 32))), month: Self.firstDay(ofMonth: packedMonth),
                    lane: lane, snapshotDebit: nil, snapshotCredit: nil, entryDebit: String(sum.debit),
                    entryCredit: String(sum.credit)))
        }
        sums = [:]
        snapshotDifference = first
    }

    private static func firstDay(ofMonth ordinal: Int) -> CivilDate {
        CivilDate(year: ordinal / 12, month: ordinal % 12 + 1, day: 1) ?? CivilDate(year: 1970, month: 1, day: 1)!
    }

    /// Starts a record's canonical text: the previous record's hash, then `<tag>lane|position|id|`.
    private mutating func startRecord(_ tag: StaticString, position: Int64, id: Int64) {
        startRecord()
        append(tag)
        appendNumber(Int64(lane))
        append("|")
        appendNumber(position)
        append("|")
        appendNumber(id)
        append("|")
    }

    /// Empties the buffer and starts it with the previous record's hash.
    private mutating func startRecord() {
        buffer.removeAll(keepingCapacity: true)
        var bigEndian = previous.words
        bigEndian.0 = bigEndian.0.bigEndian
        bigEndian.1 = bigEndian.1.bigEndian
        bigEndian.2 = bigEndian.2.bigEndian
        bigEndian.3 = bigEndian.3.bigEndian
        bigEndian.4 = bigEndian.4.bigEndian
        bigEndian.5 = bigEndian.5.bigEndian
        bigEndian.6 = bigEndian.6.bigEndian
        bigEndian.7 = bigEndian.7.bigEndian
        withUnsafeBytes(of: bigEndian) { buffer.append(contentsOf: $0) }
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    private mutating func appendNumber(_ value: Int64) {
        appendDecimal(value, to: &buffer)
    }

    /// A text field as the canonical form writes it: `<byte length>:<text>`, or `-` for NULL.
    private mutating func appendField(_ field: UnsafeRawBufferPointer?) {
        guard let field else {
            append("-")
            return
        }
        appendDecimal(Int64(field.count), to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: field)
    }
}

/// Account codes numbered in the order the verifier meets them, so that the snapshot's sums are keyed by integers.
private struct AccountNumbers {
    private var numbers: [String: Int] = [:]
    private var names: [String] = []
    /// The numbers of codes up to 32 bytes by their packed bytes: asked once per entry, this spares a `String` (an
    /// allocation past 15 bytes, as `RECEIVABLE:<NPP>` is) for every entry.
    private var packed: [PackedAccount: Int] = [:]

    mutating func number(of account: UnsafeRawBufferPointer?) -> Int {
        guard let account, let key = PackedAccount(account) else {
            return number(of: account.map { String(decoding: $0, as: UTF8.self) } ?? "")
        }
        if let known = packed[key] { return known }
        let assigned = number(of: String(decoding: account, as: UTF8.self))
        packed[key] = assigned
        return assigned
    }

    private mutating func number(of name: String) -> Int {
        if let number = numbers[name] { return number }
        numbers[name] = names.count
        names.append(name)
        return names.count - 1
    }

    func existingNumber(of account: UnsafeRawBufferPointer?) -> Int? {
        numbers[account.map { String(decoding: $0, as: UTF8.self) } ?? ""]
    }

    func name(of number: Int) -> String {
        names.indices.contains(number) ? names[number] : ""
    }
}

/// An account code of at most 32 bytes in four words and its length: a dictionary key without an allocation.
private struct PackedAccount: Hashable {
    private var words: (first: UInt64, second: UInt64, third: UInt64, fourth: UInt64) = (0, 0, 0, 0)
    private let count: Int

    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= 32 else { return nil }
        count = bytes.count
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    static func == (lhs: PackedAccount, rhs: PackedAccount) -> Bool {
        lhs.count == rhs.count && lhs.words.first == rhs.words.first && lhs.words.second == rhs.words.second
            && lhs.words.third == rhs.words.third && lhs.words.fourth == rhs.words.fourth
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.first)
        hasher.combine(words.second)
        hasher.combine(words.third)
        hasher.combine(words.fourth)
        hasher.combine(count)
    }
}
