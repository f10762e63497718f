import Checksum
import Foundation
import Postgres
import SantunanApp
import SantunanTestSupport
import Testing

@testable import Ledger

/// Issue 15, item "verify": every lane in the data is walked, a missing head fails, the chart is chained, totals are
/// checked sums.
@Suite struct LedgerLaneAndChartTests {
    static func verify(_ conninfo: String, since: LedgerCheckpoint? = nil) throws -> VerificationReport {
        try Ledger.verify(conninfo: conninfo, workers: 2, logger: LedgerFixtures.logger, since: since)
    }

    /// The lane of the entry with the highest id, and that id.
    static func lastEntry(_ connection: Connection) throws -> (lane: Int, id: Int64) {
        let result = try connection.execute("SELECT lane, id FROM ledger_entry ORDER BY id DESC LIMIT 1")
        return (try result[0, 0], try result[0, 1])
    }

    /// What a thorough superuser does after editing the chain: rebuilds the monthly snapshot (Schema/0015) from the
    /// entries, so that the snapshot check of `ledger verify` no longer sees the edit either.
    static let snapshotRebuilt = """
        SET session_replication_role = replica;
        DELETE FROM ledger_account_month;
        INSERT INTO ledger_account_month (account, month, lane, debit, credit)
        SELECT e.account, date_trunc('month', t.effective_date::timestamp)::date, e.lane,
            coalesce(sum(e.amount) FILTER (WHERE e.side = 'D'), 0), coalesce(sum(e.amount) FILTER (WHERE e.side = 'C'), 0)
        FROM ledger_entry AS e JOIN ledger_transaction AS t ON t.id = e.transaction_id
        GROUP BY 1, 2, 3;
        SET session_replication_role = origin;
        """

    @Test func deletingALanesHeadRowNoLongerHidesAnEditInThatLane() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        let (lane, id) = try Self.lastEntry(connection)
        try connection.executeScript(
            """
            SET session_replication_role = replica;
            DELETE FROM ledger_chain_head WHERE lane = \(lane);
            UPDATE ledger_entry SET amount = amount + 1000 WHERE id = \(id);
            """)
        let failure = try #require(try Self.verify(conninfo).failure)
        #expect(failure.lane == lane)
        #expect(failure.record == "entry \(id)")
        // Without the edit, the missing head alone is a failure.
        let other = try LedgerFixtures.database()
        let intact = try LedgerIntegrityTests.populated(other)
        defer { intact.close() }
        try intact.executeScript("SET session_replication_role = replica; DELETE FROM ledger_chain_head WHERE lane = 3")
        let missing = try #require(try Self.verify(other).failure)
        #expect(missing.record == "lane 3")
        #expect(missing.reason.contains("no head row"))
    }

    @Test func aPostingInALaneOutsideTheFixedCountIsRefusedAndCaughtWhenPresent() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        let insert = """
            SET session_replication_role = replica;
            INSERT INTO ledger_transaction (idempotency_key, kind, effective_date, recorded_by, lane, lane_seq, hash)
            VALUES ('lane77', 'transfer', '2024-01-31', 'x', 77, 1, '\\x00');
            """
        let refused = #expect(throws: PostgresError.self) { try connection.executeScript(insert) }
        #expect(refused?.sqlState == "23514")
        // A row from before the CHECK (NOT VALID keeps old rows): verify walks its lane and names it.
        try connection.executeScript(
            """
            ALTER TABLE ledger_transaction DROP CONSTRAINT ledger_transaction_lane_check;
            ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_lane_check;
            \(insert)
            INSERT INTO ledger_entry (transaction_id, account, side, amount, lane, lane_seq, hash)
            SELECT id, 'BANK', 'D', 5, 77, 2, '\\x00' FROM ledger_transaction WHERE idempotency_key = 'lane77';
            INSERT INTO ledger_entry (transaction_id, account, side, amount, lane, lane_seq, hash)
            SELECT id, 'FUND:JKK', 'C', 5, 77, 3, '\\x00' FROM ledger_transaction WHERE idempotency_key = 'lane77';
            """)
        let report = try Self.verify(conninfo)
        let failure = try #require(report.failure)
        #expect(failure.lane == 77)
        #expect(report.heads.contains { $0.lane == 77 })
    }

    @Test func flippingAnAccountClassOrAnAccountsClassFailsVerify() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        #expect(try Self.verify(conninfo).isValid)
        try connection.executeScript(
            """
            SET session_replication_role = replica;
            UPDATE ledger_account_class SET account_type = 'asset', normal_side = 'D' WHERE prefix = 'FUND';
            """)
        let failure = try #require(try Self.verify(conninfo).failure)
        #expect(failure.record == "account class FUND")
        #expect(failure.lane == VerificationFailure.chartLane)

        let other = try LedgerFixtures.database()
        let second = try LedgerIntegrityTests.populated(other)
        defer { second.close() }
        try second.executeScript(
            "SET session_replication_role = replica; UPDATE ledger_account SET class = 'BANK' WHERE code = 'FUND:JKK'")
        let account = try #require(try Self.verify(other).failure)
        #expect(account.record == "an account of class FUND")
    }

    @Test func totalsPast64BitsAreAFailureNotAWrappedFigure() {
        var first = ChainVerifier()
        first.report.totalDebits = Int64.max - 10
        first.report.totalCredits = Int64.max - 10
        var second = ChainVerifier()
        second.report.totalDebits = 5_005_241_897_857_284_969
        second.report.totalCredits = 5_005_241_897_857_284_969
        let report = ChainVerifier.merge([first, second])
        #expect(report.totalsOverflowed)
        #expect(report.failure?.reason.contains("64 bits") == true)
    }
}

/// Issue 15, item "checkpoint": a signed checkpoint kept outside the database catches tail truncation with the head
/// rewound and recomputed lanes, which leave a consistent chain.
@Suite struct LedgerCheckpointTests {
    static func checkpoint(_ conninfo: String, key: Ed25519PrivateKey) throws -> LedgerCheckpoint {
        try LedgerCheckpoint.sign(try LedgerLaneAndChartTests.verify(conninfo), key: key)
    }

    /// A lane holding at least three postings at the checkpoint, and its signed end.
    static func busyLane(_ checkpoint: LedgerCheckpoint) throws -> (lane: Int, position: Int64) {
        let lane = try #require(checkpoint.lanes.filter { $0.value.position >= 9 }.keys.min())
        return (lane, checkpoint.lanes[lane]!.position)
    }

    @Test func aTailDeletedWithItsHeadRewoundFailsVerifySinceNamingTheLaneAndPosition() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        let key = try Ed25519PrivateKey.generate()
        let signed = try Self.checkpoint(conninfo, key: key)
        // Extended after the checkpoint: still passes.
        for index in 41...60 {
            try Ledger.post(
                LedgerFixtures.transfer("p\(index)", from: .bank, to: .jht(participant: "K\(index % 5)"), 10),
                on: connection)
        }
        #expect(try LedgerLaneAndChartTests.verify(conninfo, since: signed).isValid)

        // The superuser deletes the lane's last posting (3 records) and rewinds the head to the record before it.
        let (lane, position) = try Self.busyLane(signed)
        let keep = position - 3
        try connection.executeScript(
            """
            SET session_replication_role = replica;
            DELETE FROM ledger_entry WHERE lane = \(lane) AND lane_seq > \(keep);
            DELETE FROM ledger_transaction WHERE lane = \(lane) AND lane_seq > \(keep);
            UPDATE ledger_chain_head SET last_seq = \(keep), last_hash = (
                SELECT hash FROM ledger_entry WHERE lane = \(lane) AND lane_seq = \(keep)
                UNION ALL SELECT hash FROM ledger_transaction WHERE lane = \(lane) AND lane_seq = \(keep))
            WHERE lane = \(lane);
            SET session_replication_role = origin;
            """)
        // The stale snapshot alone gives the deletion away...
        #expect(try LedgerLaneAndChartTests.verify(conninfo).failure?.record == "ledger_account_month")
        try connection.executeScript(LedgerLaneAndChartTests.snapshotRebuilt)
        // ...but once it is rebuilt too, the chain alone is consistent: that is the gap the checkpoint closes.
        #expect(try LedgerLaneAndChartTests.verify(conninfo).isValid)
        let failure = try #require(try LedgerLaneAndChartTests.verify(conninfo, since: signed).failure)
        #expect(failure.record == "lane \(lane)")
        #expect(failure.lane == lane)
        #expect(failure.position == position)
        #expect(failure.reason.contains("gone"))
    }

    @Test func aLaneRecomputedAfterAnEditFailsVerifySince() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        let signed = try Self.checkpoint(conninfo, key: try Ed25519PrivateKey.generate())
        let (lane, position) = try Self.busyLane(signed)
        // Both entries of the lane's first posting raised by the same amount (still balanced), then every hash of the
        // lane and its head recomputed with the chain's own functions.
        try connection.executeScript(
            """
            SET session_replication_role = replica;
            UPDATE ledger_entry SET amount = amount + 1000000
            WHERE transaction_id = (SELECT id FROM ledger_transaction WHERE lane = \(lane) AND lane_seq = 1);
            DO $$
            DECLARE
                r record;
                previous bytea := '\\x0000000000000000000000000000000000000000000000000000000000000000';
            BEGIN
                FOR r IN SELECT 'T' AS k, id, lane_seq FROM ledger_transaction WHERE lane = \(lane)
                    UNION ALL SELECT 'E', id, lane_seq FROM ledger_entry WHERE lane = \(lane) ORDER BY lane_seq LOOP
                    IF r.k = 'T' THEN
                        UPDATE ledger_transaction AS t
                        SET hash = sha256(previous || convert_to(ledger_transaction_canonical(t), 'UTF8'))
                        WHERE t.id = r.id RETURNING hash INTO previous;
                    ELSE
                        UPDATE ledger_entry AS e
                        SET hash = sha256(previous || convert_to(ledger_entry_canonical(e), 'UTF8'))
                        WHERE e.id = r.id RETURNING hash INTO previous;
                    END IF;
                END LOOP;
                UPDATE ledger_chain_head SET last_hash = previous WHERE lane = \(lane);
            END
            $$;
            SET session_replication_role = origin;
            """)
        try connection.executeScript(LedgerLaneAndChartTests.snapshotRebuilt)
        #expect(try LedgerLaneAndChartTests.verify(conninfo).isValid)
        let failure = try #require(try LedgerLaneAndChartTests.verify(conninfo, since: signed).failure)
        #expect(failure.lane == lane)
        #expect(failure.position == position)
        #expect(failure.reason.contains("rewritten"))
    }

    @Test func aTamperedCheckpointFileOrAnotherKeyFailsItsSignature() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        let key = try Ed25519PrivateKey.generate()
        let signed = try Self.checkpoint(conninfo, key: key)
        let text = signed.text
        #expect(try LedgerCheckpoint.read(text, trusting: try key.publicKey) == signed)
        // A head rewound in the file too (to match a truncated ledger): the signature no longer verifies.
        let (lane, position) = try Self.busyLane(signed)
        let tampered = text.replacingOccurrences(of: "lane \(lane) \(position) ", with: "lane \(lane) \(position - 3) ")
        #expect(tampered != text)
        let error = #expect(throws: LedgerError.self) { try LedgerCheckpoint.read(tampered, trusting: nil) }
        #expect(error?.reason.contains("signature does not verify") == true)
        // Re-signed with another key: refused against the auditor's public key.
        let forged = try LedgerCheckpoint.sign(try LedgerLaneAndChartTests.verify(conninfo), key: .generate())
        let other = #expect(throws: LedgerError.self) {
            try LedgerCheckpoint.read(forged.text, trusting: try key.publicKey)
        }
        #expect(other?.reason.contains("another key") == true)
    }

    @Test func keygenWritesAPrivateKeyOnlyItsOwnerReadsAndCheckpointFilesRoundTrip() throws {
        let directory = try ScratchDirectory(prefix: "santunan-ledger-key-")
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("ledger.key").path
        let (publicPath, publicHex) = try LedgerCheckpoints.generateKey(at: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = try LedgerCheckpoints.readKey(path, option: "--key")
        let publicKey = try LedgerCheckpoints.readPublicKey(publicPath, option: "--public-key")
        #expect(try key.publicKey == publicKey)
        #expect(Hex.encode(publicKey.rawRepresentation) == publicHex)
        // Never overwritten.
        let again = #expect(throws: AppError.self) { try LedgerCheckpoints.generateKey(at: path) }
        #expect(again?.status == .usage)
        // A key others may read is refused.
        chmod(path, 0o644)
        let open = #expect(throws: AppError.self) { try LedgerCheckpoints.readKey(path, option: "--key") }
        #expect(open?.status == .permissionDenied)

        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerIntegrityTests.populated(conninfo)
        defer { connection.close() }
        let signed = try LedgerCheckpointTests.checkpoint(conninfo, key: key)
        let file = directory.url.appendingPathComponent("today.checkpoint").path
        try LedgerCheckpoints.write(signed, to: file)
        #expect(try LedgerCheckpoints.read(file, trusting: publicKey) == signed)
        let device = #expect(throws: AppError.self) { try LedgerCheckpoints.write(signed, to: "/dev/null") }
        #expect(device?.status == .usage)
    }
}
