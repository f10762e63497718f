import Foundation
import Ledger
import Postgres
import SantunanTestSupport
import Testing

/// Issue 19, `ledger verify` in physical order (docs/decisions/0014, "Session 7"): both tables read as they lie on
/// disk, each lane's order restored in the client; the same report and the same failures as the lane path, a row
/// out of place reordered, a gap named, and the lane path as the fallback past the reorder buffer's limit.
@Suite struct LedgerPhysicalOrderVerifyTests {
    static func verify(
        _ conninfo: String, order: VerificationOrder = .physical,
        reorderLimit: Int = VerificationOrder.defaultReorderLimit
    ) throws -> VerificationReport {
        try Ledger.verify(
            conninfo: conninfo, workers: 2, logger: LedgerFixtures.logger, order: order, reorderLimit: reorderLimit)
    }

    /// Runs `statements` with the triggers off, as a superuser who edits the ledger behind its back.
    static func behindTheTriggers(_ connection: Connection, _ statements: String) throws {
        try connection.executeScript(
            "SET session_replication_role = replica; \(statements); SET session_replication_role = origin;")
    }

    /// The ids of `table` in the order a sequential scan returns them (physical order).
    static func physicalIDs(_ connection: Connection, _ table: String) throws -> [Int64] {
        try connection.executeScript(
            "SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off")
        defer {
            _ = try? connection.executeScript(
                "RESET enable_indexscan; RESET enable_indexonlyscan; RESET enable_bitmapscan")
        }
        return try connection.execute("SELECT id FROM \(unescaped: table)").map { try $0[0] as Int64 }
    }

    /// An entry in the middle of the lane of the first posting: the first entry of the lane's first posting.
    static func earlyEntry(_ connection: Connection) throws -> (id: Int64, lane: Int, position: Int64) {
        let row = try connection.execute(
            """
            SELECT e.id, e.lane::int, e.lane_seq FROM ledger_entry AS e
            WHERE e.lane = (SELECT lane FROM ledger_entry ORDER BY id LIMIT 1) ORDER BY e.lane_seq LIMIT 1
            """)
        let id: Int64 = try row[0, 0]
        let lane: Int = try row[0, 1]
        let position: Int64 = try row[0, 2]
        return (id, lane, position)
    }

    @Test func aLedgerOfSinglePostingsAndAChunkVerifiesInPhysicalOrderWithTheLanePathsReport() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        _ = try Ledger.postChunk(LedgerBulkTests.transfers("bulk", count: 2_000, entries: 3), on: connection)
        for posting in LedgerBulkTests.transfers("single.b", count: 20) { try Ledger.post(posting, on: connection) }

        let physical = try Self.verify(conninfo)
        let lanes = try Self.verify(conninfo, order: .lanes)
        #expect(physical.isValid, "\(physical.failure?.description ?? "")")
        #expect(physical.readInPhysicalOrder && !lanes.readInPhysicalOrder)
        #expect(physical.transactions == 40 + 2_000 + 20 && physical.entries == 80 + 6_000 + 40)
        #expect(physical.transactions == lanes.transactions && physical.entries == lanes.entries)
        #expect(physical.totalDebits == lanes.totalDebits && physical.totalCredits == lanes.totalCredits)
        #expect(physical.heads == lanes.heads)
        // Appended in chain order, the tables arrive nearly in order: a few records per lane wait for the other
        // table, never a lane's worth.
        #expect(physical.reorderPeak > 0 && physical.reorderPeak <= 4 * Ledger.laneCount, "\(physical.reorderPeak)")
    }

    /// A superuser's UPDATE with the triggers off writes a new version of the row at the table's end: in physical
    /// order the record then arrives after its whole lane. Unchanged, the ledger still verifies (the lane waits in
    /// the reorder buffer); changed, verify names the record as the lane path does.
    @Test func aRowMovedToTheTableEndVerifiesWhenUnchangedAndIsNamedWhenChanged() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        let moved = try Self.earlyEntry(connection)
        // And the first header of another lane.
        let header: Int64 = try connection.execute(
            "SELECT id FROM ledger_transaction WHERE lane <> \(unescaped: String(moved.lane)) ORDER BY id LIMIT 1"
        )[0, 0]
        try Self.behindTheTriggers(
            connection,
            """
            UPDATE ledger_entry SET amount = amount WHERE id = \(moved.id);
            UPDATE ledger_transaction SET memo = memo WHERE id = \(header)
            """)
        #expect(try Self.physicalIDs(connection, "ledger_entry").last == moved.id)
        #expect(try Self.physicalIDs(connection, "ledger_transaction").last == header)
        let later: Int = try connection.execute(
            """
            SELECT count(*)::int FROM ledger_entry
            WHERE lane = \(unescaped: String(moved.lane)) AND lane_seq > \(unescaped: String(moved.position))
            """
        )[0, 0]
        #expect(later > 0)

        let unchanged = try Self.verify(conninfo)
        #expect(unchanged.isValid, "\(unchanged.failure?.description ?? "")")
        #expect(unchanged.readInPhysicalOrder)
        // Every later entry of the moved record's lane came before it, and waited.
        #expect(unchanged.reorderPeak >= later)
        #expect(unchanged.entries == 80 && unchanged.transactions == 40)

        try Self.behindTheTriggers(connection, "UPDATE ledger_entry SET amount = amount + 1 WHERE id = \(moved.id)")
        let changed = try Self.verify(conninfo)
        let failure = try #require(changed.failure)
        #expect(changed.readInPhysicalOrder)
        #expect(failure.record == "entry \(moved.id)" && failure.lane == moved.lane)
        #expect(failure.position == moved.position)
        #expect(failure.reason.contains("hash does not match"))
        #expect(try Ledger.verify(on: connection).failure == failure)
    }

    /// Past the reorder buffer's limit (here forced tiny) verify reads lane by lane, with the same outcome.
    @Test func aReorderBufferPastItsLimitFallsBackToTheLanePath() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        let moved = try Self.earlyEntry(connection)
        try Self.behindTheTriggers(connection, "UPDATE ledger_entry SET amount = amount WHERE id = \(moved.id)")

        let physical = try Self.verify(conninfo)
        #expect(physical.readInPhysicalOrder && physical.isValid)
        let fallback = try Self.verify(conninfo, reorderLimit: 0)
        #expect(!fallback.readInPhysicalOrder)
        #expect(fallback.isValid, "\(fallback.failure?.description ?? "")")
        #expect(fallback.reorderPeak == 0)
        #expect(fallback.entries == physical.entries && fallback.transactions == physical.transactions)
        #expect(fallback.heads == physical.heads)

        // A table rewritten in another order (CLUSTER by account): reordered within the default limit, lane by
        // lane past a small one; valid both ways.
        try connection.executeScript("CLUSTER ledger_entry USING ledger_entry_account")
        let clustered = try Self.verify(conninfo)
        #expect(clustered.isValid && clustered.readInPhysicalOrder, "\(clustered.failure?.description ?? "")")
        #expect(clustered.reorderPeak > 8)
        let clusteredFallback = try Self.verify(conninfo, reorderLimit: 8)
        #expect(clusteredFallback.isValid && !clusteredFallback.readInPhysicalOrder)

        // A change found by the fallback is named as by the physical path.
        try Self.behindTheTriggers(connection, "UPDATE ledger_entry SET amount = amount + 1 WHERE id = \(moved.id)")
        let changed = try #require(try Self.verify(conninfo).failure)
        let changedFallback = try Self.verify(conninfo, reorderLimit: 0)
        #expect(!changedFallback.readInPhysicalOrder)
        #expect(changedFallback.failure == changed)
        #expect(changed.record == "entry \(moved.id)")
    }

    /// A record deleted in the middle of a lane: the lane's later records wait for it to the end of both tables,
    /// then the first of them names the missing position, as the lane path does.
    @Test func aLaneWhoseRecordsNeverCompleteFailsNamingTheLaneAndTheMissingPosition() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        // The header of a posting in the middle of its lane.
        let target = try connection.execute(
            """
            SELECT t.id, t.lane::int, t.lane_seq FROM ledger_transaction AS t
            JOIN ledger_chain_head AS h ON h.lane = t.lane
            WHERE t.lane_seq > 1 AND t.lane_seq < h.last_seq - 2 ORDER BY t.id LIMIT 1
            """)
        let headerID: Int64 = try target[0, 0]
        let lane: Int = try target[0, 1]
        let position: Int64 = try target[0, 2]
        let nextEntry: Int64 = try connection.execute(
            "SELECT id FROM ledger_entry WHERE transaction_id = \(headerID) ORDER BY lane_seq LIMIT 1")[0, 0]
        try Self.behindTheTriggers(connection, "DELETE FROM ledger_transaction WHERE id = \(headerID)")

        let report = try Self.verify(conninfo)
        let failure = try #require(report.failure)
        #expect(report.readInPhysicalOrder)
        #expect(failure.lane == lane && failure.position == position + 1)
        #expect(failure.record == "entry \(nextEntry)")
        #expect(failure.reason == "the record before it (position \(position)) is missing: deleted?")
        #expect(failure.description == "entry \(nextEntry) (lane \(lane), position \(position + 1)): \(failure.reason)")
        #expect(try Ledger.verify(on: connection).failure == failure)
        #expect(try Self.verify(conninfo, order: .lanes).failure == failure)
        // Every record was still counted.
        #expect(report.transactions == 39 && report.entries == 80)

        // The last record of another lane deleted too: its lane ends short of its head, named as on the lane path.
        let other = try connection.execute(
            """
            SELECT e.id, e.lane::int FROM ledger_entry AS e JOIN ledger_chain_head AS h
                ON h.lane = e.lane AND h.last_seq = e.lane_seq
            WHERE e.lane <> \(unescaped: String(lane)) ORDER BY e.id LIMIT 1
            """)
        let otherEntry: Int64 = try other[0, 0]
        let otherLane: Int = try other[0, 1]
        try Self.behindTheTriggers(connection, "DELETE FROM ledger_entry WHERE id = \(otherEntry)")
        let both = try Self.verify(conninfo)
        #expect(both.failedLanes == 2)
        #expect(try Ledger.verify(on: connection).failure == both.failure)
        let lanePath = try Self.verify(conninfo, order: .lanes)
        #expect(both.failure == lanePath.failure && both.failedLanes == lanePath.failedLanes)
        let bothFailure = try #require(both.failure)
        #expect(Set([lane, otherLane]).contains(bothFailure.lane))
    }
}
