import Foundation
import Logging
import Postgres

/// `ledger verify` reading both tables in physical order (docs/decisions/0014, "Session 7").
///
/// Read lane by lane through the `(lane, lane_seq)` indexes, every heap page is visited once per lane (the 16 lanes
/// interleave on every page); a sequential scan visits it once. So two connections on the coordinator's snapshot
/// stream `ledger_transaction` and `ledger_entry` as they lie on disk, and one thread restores each lane's order:
/// a record that is its lane's next position is released at once, one that arrives before its predecessor waits in
/// a per-lane buffer keyed by position (``LaneOrder``). The tables are appended in chain order, so records arrive
/// nearly in order and few wait (one lane's next header waits for its entries from the other table). The checks
/// themselves are ``ChainVerifier``'s: the same canonical texts, the same messages, the snapshot summed in the same
/// pass. They run on `workers` checking threads, each owning a share of the lanes and fed batches of its lanes'
/// records already in lane order (``ReleasedRecords``), so that reading and hashing overlap on every core.
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
    /// - Returns: the verifiers and the most records that waited at once; nil when more than `reorderLimit` would
    ///   have waited (the caller reads lane by lane instead).
    static func verify(
        _ coordinator: Connection, conninfo: String, heads: [LaneHead], checkers: Int, reorderLimit: Int,
        logger: Logger, progress: (Int) -> Void
    ) throws -> (verifiers: [ChainVerifier], peak: Int)? {
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
        let outcome: (verifiers: [ChainVerifier], peak: Int)
        do {
            outcome = try Self.read(
                headers: streams[0], entries: streams[1], heads: heads, checkers: checkers, reorderLimit: reorderLimit,
                progress: progress)
        } catch let exceeded as ReorderLimitExceeded {
            logger.notice(
                """
                ledger verify: \(exceeded.held) records waited for a predecessor at once (limit \(reorderLimit)): \
                the tables are not in chain order; reading lane by lane
                """)
            return nil
        }
        // Each verifier compares the snapshot rows of its lanes; the first also those of lanes no verifier walks
        // (they have no entries), as on the lane path.
        var checked = outcome.verifiers
        let lanes = checked.map { $0.report.heads.map { String($0.lane) } }
        for index in checked.indices {
            let others = lanes.indices.filter { $0 != index }.flatMap { lanes[$0] }
            let filter =
                index == 0
                ? (others.isEmpty ? "" : "WHERE lane NOT IN (\(others.joined(separator: ",")))")
                : (lanes[index].isEmpty ? "WHERE false" : "WHERE lane IN (\(lanes[index].joined(separator: ",")))")
            try checked[index].compareSnapshot(coordinator, filter: filter)
        }
        return (checked, outcome.peak)
    }

    /// Reads both streams to their ends on this thread, releasing each record in its lane's order to the verifier
    /// of the checking thread that owns the lane (`checkers` threads), then finishes every lane of `heads`. Reads
    /// the headers until one of their records has to wait (its lane needs entries first), then the entries until one
    /// of theirs waits, and so on: so neither stream runs far ahead of the other.
    ///
    /// - Throws: ``ReorderLimitExceeded`` when more records would wait than `reorderLimit`; the checking thread has
    ///   stopped by then, whatever the error.
    static func read(
        headers: Connection, entries: Connection, heads: [LaneHead], checkers: Int, reorderLimit: Int,
        progress: (Int) -> Void
    ) throws -> (verifiers: [ChainVerifier], peak: Int) {
        var reader = LaneOrder(reorder: ReorderBuffer(limit: reorderLimit), checkers: checkers)
        let count = reader.batches.count
        let queues = (0..<count).map { _ in ReleasedRecords() }
        let threads = (0..<count).map { index in
            // A verifier of its own per thread: a copy would share its SHA-256 context.
            var own = ChainVerifier()
            own.binaryTimes = true
            own.report.heads = heads.filter { reader.owner(of: $0.lane) == index }
            return CheckingThread(own, records: queues[index])
        }
        threads.forEach { $0.start() }
        do {
            let streams = [
                try headers.startCopyOutBinary(SQL(headersQuery)), try entries.startCopyOutBinary(SQL(entriesQuery)),
            ]
            var streaming = [true, true]
            var current = 0
            var pending = 0
            while streaming[0] || streaming[1] {
                if !streaming[current] { current = 1 - current }
                let isHeader = current == 0
                var waited = false
                let more = try streams[current].read { row in
                    if try !reader.receive(row.rawFields, isHeader: isHeader) { waited = true }
                    pending += 1
                }
                if !more { streaming[current] = false }
                if waited { current = 1 - current }
                for index in 0..<count where reader.batches[index].count >= ReleasedRecords.batchSize {
                    reader.batches[index] = queues[index].send(reader.batches[index])
                }
                if pending >= 0x4000 {
                    progress(pending)
                    pending = 0
                }
            }
            // What still waits lies after a gap: released in position order, its first record names the missing
            // positions, as on the lane path.
            for head in heads {
                reader.releaseAll(lane: head.lane)
            }
            for index in 0..<count {
                _ = queues[index].send(reader.batches[index])
            }
            progress(pending)
        } catch {
            queues.forEach { $0.close() }
            threads.forEach { _ = $0.join() }
            throw error
        }
        queues.forEach { $0.close() }
        var verifiers = threads.map { $0.join() }
        for head in heads {
            verifiers[reader.owner(of: head.lane)].finish(head)
        }
        return (verifiers, reader.reorder.peak)
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
    /// Per slot: the next position to release, and how many records are held.
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

    /// Keeps a copy of a record until its predecessors have been released.
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

/// The reading thread's side: each record released in its lane's order into the batch being filled, or held in the
/// reorder buffer until its predecessor has been released.
struct LaneOrder {
    var reorder: ReorderBuffer
    /// One batch being filled per checking thread; a lane's records all go to the same thread (``owner(of:)``).
    var batches: [ReleasedRecords.Batch]

    init(reorder: ReorderBuffer, checkers: Int) {
        self.reorder = reorder
        batches = Array(repeating: ReleasedRecords.Batch(), count: max(1, checkers))
    }

    /// The checking thread that owns `lane`.
    func owner(of lane: Int) -> Int {
        let count = batches.count
        return ((lane % count) + count) % count
    }

    /// Releases a record if it is its lane's next position (or one already passed: a repeated position, which the
    /// check names), then the records that waited for it; otherwise holds it.
    ///
    /// - Returns: false when the record waits.
    mutating func receive(_ row: UnsafeRawBufferPointer, isHeader: Bool) throws(ReorderLimitExceeded) -> Bool {
        var fields = FieldReader(bytes: row)
        let lane = Int(fields.integer() ?? -1)
        let position = fields.integer() ?? -1
        let slot = reorder.slot(of: lane)
        let next = reorder.next[slot]
        guard position <= next else {
            try reorder.hold(row, isHeader: isHeader, slot: slot, position: position)
            return false
        }
        let target = owner(of: lane)
        batches[target].append(row, isHeader: isHeader)
        if position == next {
            reorder.next[slot] = next + 1
            while reorder.waiting[slot] > 0, let records = reorder.take(slot: slot, position: reorder.next[slot]) {
                for record in records {
                    record.bytes.withUnsafeBytes { batches[target].append($0, isHeader: record.isHeader) }
                }
                reorder.next[slot] += 1
            }
        }
        return true
    }

    /// Releases every record `lane` still holds, in position order: at the end of the streams, those after a gap.
    mutating func releaseAll(lane: Int) {
        let target = owner(of: lane)
        for record in reorder.takeAll(slot: reorder.slot(of: lane)) {
            record.bytes.withUnsafeBytes { batches[target].append($0, isHeader: record.isHeader) }
        }
    }
}

/// Records released in lane order, handed from the reading thread to the checking thread in batches: reading the
/// streams (libpq's copy of each row, the reorder) and checking them (canonical text, SHA-256, the snapshot's sums)
/// then run on two cores. At most two full batches wait, so memory stays flat.
final class ReleasedRecords: @unchecked Sendable {
    /// Rows' fields as sent (``BinaryCopyRow/rawFields``), one after another.
    struct Batch {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var headers: [Bool] = []
        var count: Int { starts.count }

        mutating func append(_ row: UnsafeRawBufferPointer, isHeader: Bool) {
            starts.append(bytes.count)
            headers.append(isHeader)
            bytes.append(contentsOf: row)
        }

        /// Record `index`'s bytes in `all` (this batch's bytes).
        func record(_ index: Int, in all: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
            let end = index + 1 < starts.count ? starts[index + 1] : all.count
            return UnsafeRawBufferPointer(rebasing: all[starts[index]..<end])
        }
    }

    static let batchSize = 4096
    private let condition = NSCondition()
    private var queued: [Batch] = []
    private var spare: [Batch] = []
    private var closed = false

    /// Queues a batch, waiting while two wait already; returns an empty batch to fill next (a checked one's
    /// storage when there is one).
    func send(_ batch: Batch) -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while queued.count >= 2, !closed { condition.wait() }
        queued.append(batch)
        condition.broadcast()
        var next = spare.popLast() ?? Batch()
        next.bytes.removeAll(keepingCapacity: true)
        next.starts.removeAll(keepingCapacity: true)
        next.headers.removeAll(keepingCapacity: true)
        return next
    }

    /// The next batch, waiting for one; nil once closed and every batch taken.
    func receive() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty, !closed { condition.wait() }
        guard !queued.isEmpty else { return nil }
        let batch = queued.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Keeps a checked batch's storage for ``send(_:)``.
    func recycle(_ batch: Batch) {
        condition.lock()
        defer { condition.unlock() }
        if spare.count < 2 { spare.append(batch) }
    }

    /// No more batches: the checking thread ends once it has checked those queued.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }
}

/// The thread that checks the released records with its own ``ChainVerifier``, handed back by ``join()``.
final class CheckingThread: @unchecked Sendable {
    private var verifier: ChainVerifier
    private let records: ReleasedRecords
    private let finished = DispatchSemaphore(value: 0)

    init(_ verifier: ChainVerifier, records: ReleasedRecords) {
        self.verifier = verifier
        self.records = records
    }

    func start() {
        let thread = Thread { [self] in
            while let batch = records.receive() {
                verifier.check(batch)
                records.recycle(batch)
            }
            finished.signal()
        }
        thread.start()
    }

    /// Waits until the thread has checked every batch sent before ``ReleasedRecords/close()``; the verifier then.
    func join() -> ChainVerifier {
        finished.wait()
        return verifier
    }
}

extension ChainVerifier {
    /// Checks a batch of records released in lane order, each in its lane.
    mutating func check(_ batch: ReleasedRecords.Batch) {
        batch.bytes.withUnsafeBytes { all in
            for index in 0..<batch.count {
                var fields = FieldReader(bytes: batch.record(index, in: all))
                let lane = Int(fields.integer() ?? -1)
                let position = fields.integer() ?? -1
                check(&fields, lane: lane, position: position, isHeader: batch.headers[index])
            }
        }
    }
}
