import Foundation
import Logging
import Postgres

/// `ledger verify` reading both tables in physical order (docs/decisions/0014, "Session 7").
///
/// Read lane by lane through the `(lane, lane_seq)` indexes, every heap page is visited once per lane (the 16 lanes
/// interleave on every page); a sequential scan visits it once. So two connections on the coordinator's snapshot
/// stream `ledger_transaction` and `ledger_entry` as they lie on disk, and one thread restores each lane's order:
/// a record that is its lane's next position is checked at once, one that arrives before its predecessor waits in
/// a per-lane buffer keyed by position. The tables are appended in chain order, so records arrive nearly in order
/// and few wait (one lane's next header waits for its entries from the other table). The checks themselves are
/// ``ChainVerifier``'s: the same canonical texts, the same messages, the snapshot summed in the same pass.
enum PhysicalOrder {
    /// The headers as they lie on disk: `lane`, `lane_seq`, then the columns of ``ChainVerifier/laneQuery(_:)``
    /// after its `lane_seq`, except that `recorded_at` and `effective_date` come in their binary forms, which the
    /// verifier formats itself (``ChainVerifier/binaryTimes``): the server's cheapest output.
    static let headersQuery = """
        COPY (
            SELECT lane, lane_seq, id, recorded_at, reverses, effective_date, kind, hash, idempotency_key, recorded_by,
                participant_nik, participant_kpj, claim_id, batch_id, employer_npp, memo
            FROM ledger_transaction
        ) TO STDOUT WITH (FORMAT binary)
        """

    /// The entries as they lie on disk: `lane`, `lane_seq`, then the entry columns of ``ChainVerifier/laneQuery(_:)``
    /// (`side`, a `"char"`, is its one byte in binary as in text).
    static let entriesQuery = """
        COPY (
            SELECT lane, lane_seq, id, transaction_id, amount, account, side, hash FROM ledger_entry
        ) TO STDOUT WITH (FORMAT binary)
        """

    /// Verifies every lane of `heads` in physical order on two connections of their own, set to the snapshot of
    /// `coordinator`'s transaction (repeatable read), then compares every snapshot row on `coordinator`.
    ///
    /// - Returns: the verifier and the most records that waited at once; nil when more than `reorderLimit` would
    ///   have waited (the caller reads lane by lane instead).
    static func verify(
        _ coordinator: Connection, conninfo: String, heads: [LaneHead], reorderLimit: Int, logger: Logger,
        progress: (Int) -> Void
    ) throws -> (verifier: ChainVerifier, peak: Int)? {
        let snapshot: String = try coordinator.execute("SELECT pg_export_snapshot()")[0, 0]
        // The command takes no parameter; the id (hex digits and dashes) is quoted all the same.
        let literal = "'" + snapshot.replacingOccurrences(of: "'", with: "''") + "'"
        var streams: [Connection] = []
        // Closing a connection in the middle of its COPY is how a fallback stops the scans.
        defer { streams.forEach { $0.close() } }
        for _ in 0..<2 {
            let connection = try Connection(conninfo, logger: logger)
            streams.append(connection)
            try connection.executeScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try connection.execute("SET TRANSACTION SNAPSHOT \(unescaped: literal)")
            // A synchronised scan would start where another scan of the table is, not at its first page; a
            // parallel one would interleave its workers' pages.
            try connection.executeScript(
                """
                SET LOCAL DateStyle = ISO; SET LOCAL synchronize_seqscans = off;
                SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off
                """)
        }
        var verifier = ChainVerifier()
        verifier.binaryTimes = true
        var reorder = ReorderBuffer(limit: reorderLimit)
        do {
            try verifier.runInPhysicalOrder(
                headers: streams[0], entries: streams[1], heads: heads, reorder: &reorder, progress: progress)
        } catch let exceeded as ReorderLimitExceeded {
            logger.notice(
                """
                ledger verify: \(exceeded.held) records waited for a predecessor at once (limit \(reorderLimit)): \
                the tables are not in chain order; reading lane by lane
                """)
            return nil
        }
        try verifier.compareSnapshot(coordinator, filter: "")
        return (verifier, reorder.peak)
    }
}

/// More records waited for their predecessors than the reorder buffer's limit allows.
struct ReorderLimitExceeded: Error {
    var held: Int
}

/// The records that arrived before their lane's next position, per lane, until it arrives; and each lane's next
/// position. Lanes 0..<laneCount have slots of the same number; a lane outside the fixed count gets one when met.
struct ReorderBuffer {
    struct Held {
        var isHeader: Bool
        /// The row's fields as sent (``BinaryCopyRow/rawFields``), copied: the stream's message is gone by then.
        var bytes: [UInt8]
    }

    let limit: Int
    /// Records held now, and the most held at once.
    private(set) var count = 0
    private(set) var peak = 0
    /// Per slot: the next position to check, and how many records are held.
    var next: [Int64]
    private(set) var waiting: [Int]
    private var held: [[Int64: [Held]]]
    private var otherSlots: [Int: Int] = [:]

    init(limit: Int) {
        self.limit = limit
        next = Array(repeating: 1, count: Ledger.laneCount)
        waiting = Array(repeating: 0, count: Ledger.laneCount)
        held = Array(repeating: [:], count: Ledger.laneCount)
    }

    mutating func slot(of lane: Int) -> Int {
        if lane >= 0, lane < Ledger.laneCount { return lane }
        if let slot = otherSlots[lane] { return slot }
        next.append(1)
        waiting.append(0)
        held.append([:])
        otherSlots[lane] = next.count - 1
        return next.count - 1
    }

    /// Keeps a copy of a record until its predecessors have been checked.
    mutating func hold(
        _ row: UnsafeRawBufferPointer, isHeader: Bool, slot: Int, position: Int64
    ) throws(ReorderLimitExceeded) {
        guard count < limit else { throw ReorderLimitExceeded(held: count + 1) }
        held[slot][position, default: []].append(Held(isHeader: isHeader, bytes: Array(row)))
        waiting[slot] += 1
        count += 1
        peak = max(peak, count)
    }

    /// The records held at `position` of `slot` (two when a position appears twice), taken out.
    mutating func take(slot: Int, position: Int64) -> [Held]? {
        guard let records = held[slot].removeValue(forKey: position) else { return nil }
        waiting[slot] -= records.count
        count -= records.count
        return records
    }

    /// Every record still held in `slot`, in position order, taken out: at the end of the streams, the records of a
    /// lane whose predecessor never came (a gap).
    mutating func takeAll(slot: Int) -> [Held] {
        let records = held[slot].keys.sorted().flatMap { held[slot][$0] ?? [] }
        held[slot] = [:]
        count -= waiting[slot]
        waiting[slot] = 0
        return records
    }
}

extension ChainVerifier {
    /// Reads both streams to their ends, each record checked in its lane's order, then finishes every lane of
    /// `heads`. Reads the headers until one of their records has to wait (its lane needs entries first), then the
    /// entries until one of theirs waits, and so on: so neither stream runs far ahead of the other.
    ///
    /// - Throws: ``ReorderLimitExceeded`` when more records would wait than `reorder` allows.
    mutating func runInPhysicalOrder(
        headers: Connection, entries: Connection, heads: [LaneHead], reorder: inout ReorderBuffer,
        progress: (Int) -> Void
    ) throws {
        report.heads = heads
        let readers = [
            try headers.startCopyOutBinary(SQL(PhysicalOrder.headersQuery)),
            try entries.startCopyOutBinary(SQL(PhysicalOrder.entriesQuery)),
        ]
        var streaming = [true, true]
        var current = 0
        var pending = 0
        while streaming[0] || streaming[1] {
            if !streaming[current] { current = 1 - current }
            let isHeader = current == 0
            var waited = false
            let more = try readers[current].read { row in
                if try !receive(row.rawFields, isHeader: isHeader, reorder: &reorder) { waited = true }
                pending += 1
            }
            if !more { streaming[current] = false }
            if waited { current = 1 - current }
            if pending >= 0x4000 {
                progress(pending)
                pending = 0
            }
        }
        // What still waits lies after a gap: checked in position order, its first record names the missing
        // positions, as on the lane path.
        for head in heads {
            let slot = reorder.slot(of: head.lane)
            for record in reorder.takeAll(slot: slot) {
                checkHeld(record, lane: head.lane)
            }
            finish(head)
        }
        progress(pending)
    }

    /// Checks a record if it is its lane's next position (or one already passed: a repeated position, which the
    /// check names), then the records that waited for it; otherwise holds it.
    ///
    /// - Returns: false when the record waits.
    private mutating func receive(
        _ row: UnsafeRawBufferPointer, isHeader: Bool, reorder: inout ReorderBuffer
    ) throws(ReorderLimitExceeded) -> Bool {
        var fields = FieldReader(bytes: row)
        let lane = Int(fields.integer() ?? -1)
        let position = fields.integer() ?? -1
        let slot = reorder.slot(of: lane)
        let next = reorder.next[slot]
        guard position <= next else {
            try reorder.hold(row, isHeader: isHeader, slot: slot, position: position)
            return false
        }
        check(&fields, lane: lane, position: position, isHeader: isHeader)
        if position == next {
            reorder.next[slot] = next + 1
            while reorder.waiting[slot] > 0, let records = reorder.take(slot: slot, position: reorder.next[slot]) {
                for record in records {
                    checkHeld(record, lane: lane)
                }
                reorder.next[slot] += 1
            }
        }
        return true
    }

    /// Checks a record that waited in the reorder buffer.
    private mutating func checkHeld(_ record: ReorderBuffer.Held, lane: Int) {
        record.bytes.withUnsafeBytes { bytes in
            var fields = FieldReader(bytes: bytes)
            _ = fields.integer()  // the lane
            let position = fields.integer() ?? -1
            check(&fields, lane: lane, position: position, isHeader: record.isHeader)
        }
    }
}
