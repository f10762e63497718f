public import Checksum
import Foundation
public import Logging
public import Postgres

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
                try verifier.run(connection, heads: heads) { delta in
                    checked += delta
                    progress(checked, expected)
                }
                var report = ChainVerifier.merge([verifier])
                try ChartVerifier.check(connection, into: &report)
                try checkSnapshot(connection, into: &report)
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

    /// The same check with `workers` connections, each verifying a share of the lanes on its own thread, all reading
    /// one snapshot (`pg_export_snapshot`): the database and the hashing then overlap on several cores.
    ///
    /// - Parameter progress: called from the worker threads (serialised) with (records checked, records expected).
    /// - Parameter since: a checkpoint (its signature checked by the caller) the ledger must still extend: the record
    ///   at each of its positions must still be there with its hash (``LedgerCheckpoint``).
    public static func verify(
        conninfo: String, workers: Int, logger: Logger, since: LedgerCheckpoint? = nil,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws(LedgerError) -> VerificationReport {
        do {
            let coordinator = try Connection(conninfo, logger: logger)
            defer { coordinator.close() }
            return try coordinator.transaction(isolation: .repeatableRead, readOnly: true) { coordinator in
                let heads = try ChainVerifier.readHeads(coordinator)
                let expected = heads.reduce(0) { $0 + Int($1.lastPosition) }
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
                let checked = VerifierProgress(expected: expected, progress: progress)
                let verifiers = try coordinator.onExportedSnapshot(
                    conninfo: conninfo, shares: count, logger: logger
                ) { index, connection in
                    try connection.executeScript("SET LOCAL DateStyle = ISO; SET LOCAL bytea_output = hex")
                    var verifier = ChainVerifier()
                    try verifier.run(connection, heads: lanes[index]) { checked.advance($0) }
                    return verifier
                }
                var report = ChainVerifier.merge(verifiers)
                try coordinator.executeScript("SET LOCAL DateStyle = ISO; SET LOCAL bytea_output = hex")
                try ChartVerifier.check(coordinator, into: &report)
                if let since {
                    try since.check(coordinator, into: &report)
                }
                try checkSnapshot(coordinator, into: &report)
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
}

extension Ledger {
    /// Adds the first snapshot row that differs from its entries (Schema/0015, ``snapshotDifference(on:)``) as a
    /// failure, when the chain itself verified: the balance queries read the snapshot, so a snapshot changed behind
    /// the trigger's back must fail `ledger verify` like a changed record.
    static func checkSnapshot(_ connection: Connection, into report: inout VerificationReport) throws(LedgerError) {
        guard report.failure == nil, let difference = try snapshotDifference(on: connection) else { return }
        report.failure = VerificationFailure(
            record: "ledger_account_month", lane: -1, position: 0, transactionID: 0,
            reason: difference.description)
    }
}

/// The parallel verifiers' progress, shared by their threads.
private final class VerifierProgress: @unchecked Sendable {
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

/// A cell's text straight from libpq's buffer, valid while its result lives: lets the verifier build canonical
/// text without a `String` per cell.
struct RawCell: PostgresDecodable {
    let bytes: UnsafeRawBufferPointer

    static func decode(postgresText bytes: UnsafeRawBufferPointer) -> RawCell? {
        RawCell(bytes: bytes)
    }

    var int64: Int64? {
        var value: Int64 = 0
        var negative = false
        guard !bytes.isEmpty else { return nil }
        for (index, byte) in bytes.enumerated() {
            if index == 0 && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 48))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    /// Whether the cell is `digest` as a `bytea` in hex output format: `\x` and 64 lower-case hex digits (what
    /// PostgreSQL prints with `bytea_output = hex`). Encodes `digest` and compares, instead of decoding the text.
    @inline(__always)
    func matches(_ digest: SHA256Digest) -> Bool {
        guard bytes.count == 66, let base = bytes.baseAddress else { return false }
        let text = base.assumingMemoryBound(to: UInt8.self)
        var difference = (text[0] ^ UInt8(ascii: "\\")) | (text[1] ^ UInt8(ascii: "x"))
        let words = digest.words
        withUnsafeBytes(of: words) { raw in
            for wordIndex in 0..<8 {
                let word = raw.loadUnaligned(fromByteOffset: wordIndex * 4, as: UInt32.self)
                var shift: UInt32 = 28
                for offset in 0..<8 {
                    let nibble = UInt8(truncatingIfNeeded: (word >> shift) & 0xF)
                    let digit = nibble < 10 ? 48 &+ nibble : 87 &+ nibble
                    difference |= text[2 + wordIndex * 8 + offset] ^ digit
                    shift &-= 4
                }
            }
        }
        return difference == 0
    }

    /// A `bytea` in hex output format (`\x…`) holding exactly 32 bytes.
    var digest: SHA256Digest? {
        guard bytes.count == 66, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") else { return nil }
        var digest = SHA256Digest.zero
        let valid = withUnsafeMutableBytes(of: &digest.words) { raw -> Bool in
            let words = raw.bindMemory(to: UInt32.self)
            for wordIndex in 0..<8 {
                var word: UInt32 = 0
                for index in (2 + wordIndex * 8)..<(10 + wordIndex * 8) {
                    let byte = bytes[index]
                    let nibble: UInt32
                    switch byte {
                    case 48...57: nibble = UInt32(byte - 48)
                    case 97...102: nibble = UInt32(byte - 87)
                    case 65...70: nibble = UInt32(byte - 55)
                    default: return false
                    }
                    word = word << 4 | nibble
                }
                words[wordIndex] = word
            }
            return true
        }
        return valid ? digest : nil
    }
}

/// Reads a cursor in batches.
final class CursorReader {
    let connection: Connection
    let name: String
    let batchSize: Int
    private(set) var result: QueryResult?
    private(set) var row = 0
    private(set) var finished = false
    /// The current row's (lane, position), decoded once per row; nil at the end.
    private(set) var key: (lane: Int, position: Int64)?

    init(connection: Connection, name: String, query: String, batchSize: Int) throws {
        self.connection = connection
        self.name = name
        self.batchSize = batchSize
        try connection.executeScript("DECLARE \(name) NO SCROLL CURSOR FOR \(query)")
        try fetch()
    }

    private func fetch() throws {
        let next = try connection.executeScript("FETCH FORWARD \(batchSize) FROM \(name)")
        row = 0
        if next.rowCount == 0 {
            finished = true
            result = nil
        } else {
            result = next
        }
        try updateKey()
    }

    private func updateKey() throws {
        guard let result, !finished else {
            key = nil
            return
        }
        key = (try result.decode(Int.self, row: row, column: 0), try result.decode(Int64.self, row: row, column: 1))
    }

    /// The current row, nil at the end.
    var current: QueryResult.Row? {
        guard let result, !finished else { return nil }
        return result[row]
    }

    func advance() throws {
        guard let result else { return }
        row += 1
        if row >= result.rowCount {
            try fetch()
        } else {
            try updateKey()
        }
    }
}

/// The chain check itself; fed rows in (lane, position) order.
struct ChainVerifier {
    var report = VerificationReport()
    private var buffer: [UInt8] = []
    // One digest context per verifier: a verifier runs on one thread at a time (its share of the lanes).
    private nonisolated(unsafe) let sha256 = SHA256.Context()
    private(set) var failures: [VerificationFailure] = []

    // Per-lane state.
    private var lane = -1
    private var expected: Int64 = 1
    private var previous = SHA256Digest.zero
    private var laneFailed = false
    private var open: (id: Int64, position: Int64, entries: Int, net: Int64)?

    static func transactionQuery(lanes: String) -> String {
        """
        SELECT lane, lane_seq, id, effective_date, (extract(epoch FROM recorded_at) * 1000000)::bigint, kind, \
        idempotency_key, recorded_by, participant_nik, participant_kpj, claim_id, batch_id, employer_npp, reverses, \
        memo, hash FROM ledger_transaction WHERE lane IN (\(lanes)) ORDER BY lane, lane_seq
        """
    }

    static func entryQuery(lanes: String) -> String {
        """
        SELECT lane, lane_seq, id, transaction_id, account, side, amount, hash FROM ledger_entry \
        WHERE lane IN (\(lanes)) ORDER BY lane, lane_seq
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

    /// Checks the lanes of `heads` (in lane order) in the connection's current transaction; `progress` receives
    /// the number of records checked since its last call.
    mutating func run(_ connection: Connection, heads: [LaneHead], progress: (Int) -> Void) throws {
        report.heads = heads
        guard !heads.isEmpty else { return }
        try connection.executeScript("SET LOCAL cursor_tuple_fraction = 1.0")
        let lanes = heads.map { String($0.lane) }.joined(separator: ",")
        let transactions = try CursorReader(
            connection: connection, name: "ledger_verify_transactions", query: Self.transactionQuery(lanes: lanes),
            batchSize: 20_000)
        let entries = try CursorReader(
            connection: connection, name: "ledger_verify_entries", query: Self.entryQuery(lanes: lanes),
            batchSize: 40_000)
        buffer.reserveCapacity(1024)
        var checked = 0
        var headIndex = 0
        while true {
            let header = transactions.current
            let entry = entries.current
            guard header != nil || entry != nil else { break }
            let headerKey = transactions.key
            let entryKey = entries.key
            let takeHeader: Bool
            if let headerKey, let entryKey {
                takeHeader = headerKey < entryKey
            } else {
                takeHeader = headerKey != nil
            }
            let key = takeHeader ? headerKey! : entryKey!
            if key.0 != lane {
                // Close the lanes up to this one, including lanes without any record.
                while headIndex < report.heads.count, report.heads[headIndex].lane < key.0 {
                    enterLane(report.heads[headIndex].lane)
                    finishLane(report.heads[headIndex])
                    headIndex += 1
                }
                enterLane(key.0)
            }
            if takeHeader {
                checkTransaction(header!, position: key.1)
                try transactions.advance()
            } else {
                checkEntry(entry!, position: key.1)
                try entries.advance()
            }
            checked += 1
            if checked & 0x3FFF == 0 {
                progress(0x4000)
            }
            let nextLane = min(transactions.key?.lane ?? Int.max, entries.key?.lane ?? Int.max)
            if nextLane != lane, headIndex < report.heads.count, report.heads[headIndex].lane == lane {
                finishLane(report.heads[headIndex])
                headIndex += 1
            }
        }
        while headIndex < report.heads.count {
            enterLane(report.heads[headIndex].lane)
            finishLane(report.heads[headIndex])
            headIndex += 1
        }
        progress(checked & 0x3FFF)
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

    private mutating func enterLane(_ newLane: Int) {
        lane = newLane
        expected = 1
        previous = .zero
        laneFailed = false
        open = nil
    }

    private mutating func finishLane(_ head: LaneHead) {
        guard !laneFailed else { return }
        closeOpenTransaction(nextRecord: nil)
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
        record: @autoclosure () -> String, position: Int64, transactionID: Int64, stored: RawCell?
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
        guard let stored, stored.matches(computed) else {
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

    private mutating func closeOpenTransaction(nextRecord: VerificationFailure?) {
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

    private mutating func checkTransaction(_ row: QueryResult.Row, position: Int64) {
        report.transactions += 1
        guard !laneFailed else { return }
        closeOpenTransaction(nextRecord: nil)
        guard !laneFailed else { return }
        let id = cell(row, 2)?.int64 ?? -1
        startRecord()
        append("T|")
        for column in 0...4 {
            if column > 0 { append("|") }
            appendRaw(cell(row, column))
        }
        for column in 5...12 {
            append("|")
            appendField(cell(row, column))
        }
        append("|")
        if let reverses = cell(row, 13) { appendRaw(reverses) } else { append("-") }
        append("|")
        appendField(cell(row, 14))
        guard checkLink(record: "transaction \(id)", position: position, transactionID: id, stored: cell(row, 15))
        else { return }
        open = (id, position, 0, 0)
    }

    private mutating func checkEntry(_ row: QueryResult.Row, position: Int64) {
        report.entries += 1
        let id = cell(row, 2)?.int64 ?? -1
        let transactionID = cell(row, 3)?.int64 ?? -1
        let sideCell = cell(row, 5)
        let side = sideCell?.bytes.first
        let amountCell = cell(row, 6)
        let amount = amountCell?.int64 ?? 0
        let overflow: Bool
        if side == UInt8(ascii: "D") {
            (report.totalDebits, overflow) = report.totalDebits.addingReportingOverflow(amount)
        } else {
            (report.totalCredits, overflow) = report.totalCredits.addingReportingOverflow(amount)
        }
        if overflow { report.totalsOverflowed = true }
        guard !laneFailed else { return }
        startRecord()
        append("E|")
        for column in 0...3 {
            if column > 0 { append("|") }
            appendRaw(cell(row, column))
        }
        append("|")
        appendField(cell(row, 4))
        append("|")
        appendRaw(sideCell)
        append("|")
        appendRaw(amountCell)
        guard checkLink(record: "entry \(id)", position: position, transactionID: transactionID, stored: cell(row, 7))
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
    }

    /// The cell's raw text, nil for NULL.
    @inline(__always)
    private func cell(_ row: QueryResult.Row, _ column: Int) -> RawCell? {
        // Non-optional decode after a NULL check: `RawCell?` went through generic metadata look-ups per cell.
        row.isNull(column) ? nil : try? row.decode(RawCell.self, column: column)
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

    private mutating func appendRaw(_ cell: RawCell?) {
        if let cell { buffer.append(contentsOf: cell.bytes) }
    }

    /// A text field as the canonical form writes it: `<byte length>:<text>`, or `-` for NULL.
    private mutating func appendField(_ cell: RawCell?) {
        guard let cell else {
            append("-")
            return
        }
        var count = cell.bytes.count
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
        var used = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[used] = UInt8(48 + count % 10)
                count /= 10
                used += 1
            } while count > 0 && used < 10
            for index in stride(from: used - 1, through: 0, by: -1) {
                buffer.append(scratch[index])
            }
        }
        buffer.append(UInt8(ascii: ":"))
        buffer.append(contentsOf: cell.bytes)
    }
}
