import ClaimStore
import Foundation
import Postgres
import SantunanApp
import SantunanTestSupport
import Testing

@testable import Ledger

/// Issue 15, item "identity and write rights": a login posts only through `ledger_post`, as itself, at the server's
/// time, and only under its flow's key namespace (Schema/0005).
@Suite struct LedgerIdentityTests {
    /// A new login granted `role`; roles belong to the cluster, so each test makes its own.
    static func login(_ role: String, on connection: Connection) throws -> String {
        let name = "ledger_\(role.replacingOccurrences(of: "santunan_", with: ""))_\(UInt32.random(in: 0...UInt32.max))"
        try connection.executeScript("CREATE ROLE \(name) LOGIN; GRANT \(role) TO \(name)")
        return name
    }

    /// A database with every migration of Schema/ (the payout tables included).
    static func fullDatabase() throws -> String {
        try TestDatabase.shared.migratedDatabase()
    }

    /// A full database holding the imported rows of ``ContributionData``.
    static func importedDatabase() throws -> String {
        let conninfo = try fullDatabase()
        let connection = try LedgerFixtures.connect(conninfo)
        defer { connection.close() }
        let directory = try ScratchDirectory(prefix: "santunan-ledger-")
        defer { directory.remove() }
        for (kind, text) in [
            (ImportKind.employers, ContributionData.employers), (.participants, ContributionData.participants),
            (.contributions, ContributionData.contributions),
        ] {
            let url = directory.url.appendingPathComponent("\(kind.rawValue).csv")
            try Data(text.utf8).write(to: url)
            _ = try Importer(connection: connection, logger: LedgerFixtures.logger).importFile(kind, path: url.path)
        }
        return conninfo
    }

    /// The due posting of an imported row (14007825461, 2022-01), or of `month` with the same amounts.
    static func due(month: String = "2022-01", recordedBy: String) -> Posting {
        .contributionDue(
            employer: "NN000001", participant: "14007825461", nik: nil, month: month,
            effectiveDate: LedgerFixtures.date("2022-02-15"),
            shares: [
                ProgramAmount(.jkk, 34532), ProgramAmount(.jkm, 11640), ProgramAmount(.jht, 221160),
                ProgramAmount(.jp, 116400),
            ], recordedBy: recordedBy)
    }

    @Test func anOfficerLoginCannotInsertLedgerRowsItselfNorChooseWhoOrWhen() throws {
        let conninfo = try Self.importedDatabase()
        let owner = try LedgerFixtures.connect(conninfo)
        defer { owner.close() }
        let name = try Self.login("santunan_officer", on: owner)
        let officer = try LedgerFixtures.connect(conninfo + " user=\(name)")
        defer { officer.close() }

        // A transaction header with a made-up author and date, inserted straight into the table: refused.
        let inserted = #expect(throws: PostgresError.self) {
            try officer.execute(
                """
                INSERT INTO ledger_transaction (idempotency_key, kind, effective_date, recorded_by, recorded_at)
                VALUES ('contribution.due:X:2022-01', 'contribution.due', '2022-01-31', 'ani', '2020-01-01')
                """)
        }
        #expect(inserted?.sqlState == "42501")

        // Posting as someone else: refused; as itself: recorded with the login and the server's time.
        let claimed = #expect(throws: LedgerError.self) {
            try Ledger.post(Self.due(recordedBy: "ani"), on: officer)
        }
        #expect(claimed?.code == .forbidden)
        #expect(claimed?.underlying?.sqlState == "SI002")
        try Ledger.post(Self.due(recordedBy: name), on: officer)
        let row = try owner.execute(
            """
            SELECT recorded_by, abs(extract(epoch FROM now() - recorded_at)) < 60
            FROM ledger_transaction WHERE idempotency_key = 'contribution.due:14007825461:2022-01'
            """)
        #expect(try row[0, 0] as String == name)
        #expect(try row[0, 1] as Bool)
        #expect(try Ledger.verify(on: owner).isValid)
    }

    @Test func anOfficerCannotPostAnotherFlowsKeysNorABatchKeyAheadOfItsBatch() throws {
        let conninfo = try Self.importedDatabase()
        let owner = try LedgerFixtures.connect(conninfo)
        defer { owner.close() }
        let officerName = try Self.login("santunan_officer", on: owner)
        let approverName = try Self.login("santunan_approver", on: owner)
        let officer = try LedgerFixtures.connect(conninfo + " user=\(officerName)")
        defer { officer.close() }
        let approver = try LedgerFixtures.connect(conninfo + " user=\(approverName)")
        defer { approver.close() }

        // The release key of a batch that does not exist yet, with other content than the batch will post: on
        // main this made `batch approve` of PB-2031-0001 fail forever (SL002).
        let ahead = Posting.payoutReleased(
            batchID: "PB-2031-0001", lineID: "PL-000101", claimID: "PMS-2031-0001", amount: 1,
            effectiveDate: LedgerFixtures.date("2024-01-31"), recordedBy: officerName)
        let byOfficer = #expect(throws: LedgerError.self) { try Ledger.post(ahead, on: officer) }
        #expect(byOfficer?.code == .forbidden)
        #expect(byOfficer?.underlying?.sqlState == "SL007")
        // The approver role may post releases, but only of a line of a batch approved now.
        var early = ahead
        early.recordedBy = approverName
        let byApprover = #expect(throws: LedgerError.self) { try Ledger.post(early, on: approver) }
        #expect(byApprover?.underlying?.sqlState == "SL007")
        // Nor may a flow's key hide under another kind, or a login post the owner's kinds.
        var disguised = LedgerFixtures.transfer(
            "payout.released:PB-2031-0001:PL-000101", from: .bank, to: .fund(.jkk), 1)
        disguised.recordedBy = officerName
        #expect(throws: LedgerError.self) { try Ledger.post(disguised, on: officer) }
        var transfer = LedgerFixtures.transfer("any-key", from: .bank, to: .fund(.jkk), 1)
        transfer.recordedBy = officerName
        let owners = #expect(throws: LedgerError.self) { try Ledger.post(transfer, on: officer) }
        #expect(owners?.code == .forbidden)
        // A contribution key is the officer's, not the approver's; and only for an imported row with its total, so
        // no key of a month still to be imported can be taken with other content.
        #expect(throws: LedgerError.self) { try Ledger.post(Self.due(recordedBy: approverName), on: approver) }
        let future = #expect(throws: LedgerError.self) {
            try Ledger.post(Self.due(month: "2022-03", recordedBy: officerName), on: officer)
        }
        #expect(future?.underlying?.sqlState == "SL007")
        try Ledger.post(Self.due(recordedBy: officerName), on: officer)
        let keys = try owner.execute("SELECT idempotency_key FROM ledger_transaction")
        #expect(keys.rowCount == 1)
    }

    @Test func anAmountAboveOneTrillionRupiahIsRefusedByLedgerPostAndByTheTable() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        let posting = LedgerFixtures.transfer("big", from: .bank, to: .fund(.jkk), 1_000_000_000_001)
        let posted = #expect(throws: PostgresError.self) {
            try connection.execute(Ledger.postSQL, Ledger.binds(posting))
        }
        #expect(posted?.sqlState == "23514")
        #expect(posted?.constraintName == "ledger_entry_amount_check")
        try Ledger.post(LedgerFixtures.transfer("max", from: .bank, to: .fund(.jkk), 1_000_000_000_000), on: connection)
        // A superuser with the triggers off still meets the CHECK.
        let plain = #expect(throws: PostgresError.self) {
            try connection.executeScript(
                """
                SET session_replication_role = replica;
                INSERT INTO ledger_entry (transaction_id, account, side, amount, lane, lane_seq, hash)
                VALUES (1, 'BANK', 'D', 5005241897857284969, 0, 999, '\\x00');
                """)
        }
        #expect(plain?.sqlState == "23514")
    }
}

/// Issue 15, item "post-contributions": a run's summary counts only what the run itself wrote.
@Suite struct LedgerContributionRunTests {
    @Test func aRunThatFindsItsRowsPostedByAConcurrentRunCountsNone() throws {
        let conninfo = try LedgerIdentityTests.importedDatabase()
        let first = try LedgerFixtures.connect(conninfo)
        defer { first.close() }
        // The first run posts everything in one open transaction; the second starts meanwhile, sees every row
        // pending, and waits on the lane until the first commits.
        try first.executeScript("BEGIN")
        let posted = try LedgerContributions.postPending(on: first, recordedBy: "ani", pageSize: 2)
        #expect(posted.duePosted == 3)
        #expect(posted.paidPosted == 2)
        let second = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let connection = try LedgerFixtures.connect(conninfo)
                defer { connection.close() }
                second.summary = try LedgerContributions.postPending(on: connection, recordedBy: "budi", pageSize: 2)
            } catch {
                second.error = "\(error)"
            }
            done.signal()
        }
        thread.start()
        let watcher = try LedgerFixtures.connect(conninfo)
        defer { watcher.close() }
        var waiting = false
        for _ in 0..<400 where !waiting {
            let result = try watcher.execute(
                """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                """)
            waiting = try result[0, 0] as Int64 > 0
            if !waiting { usleep(25_000) }
        }
        #expect(waiting)
        try first.executeScript("COMMIT")
        done.wait()
        #expect(second.error == nil)
        // On main the second run reported 3 due and 2 paid postings, none of which it wrote.
        #expect(second.summary?.rowsRead == 3)
        #expect(second.summary?.duePosted == 0)
        #expect(second.summary?.paidPosted == 0)
        let count = try watcher.execute("SELECT count(*) FROM ledger_transaction")
        #expect(try count[0, 0] as Int64 == 5)
    }
}

/// Three contribution rows (two paid) of two participants.
enum ContributionData {
    static let employers = """
        npp,name,kind,branch_office,region\r
        NN000001,"PT Sumatra Tobacco Trading Company, Tbk",company,Pematangsiantar,Kota Pematangsiantar\r

        """
    static let participants = """
        nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,branch_office,reported_on,reported_wage
        1272011204820031,Rudi Hartono Sitorus,1982-04-12,M,14007825461,PU,NN000001,,JKK+JKM+JHT+JP,III,2014-03-01,,,2014-03-01,2171000
        1222010101800001,Ponijan,1980-01-01,M,22109900411,BPU,,"Ponijan (penderes karet, BPU rentan)",JKK+JKM,,2022-10-01,,Rantauprapat,2022-10-01,1000000

        """
    static let contributions = """
        kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on
        14007825461,2022-01,3880000,34532,11640,221160,116400,2022-02-15,2022-02-14
        14007825461,2022-02,3880000,34532,11640,221160,116400,2022-03-15,
        22109900411,2022-10,1000000,10000,6800,0,0,2022-11-15,2022-10-05

        """
}

/// The second run's outcome, written by its thread before it signals.
final class Box: @unchecked Sendable {
    var summary: LedgerContributions.Summary?
    var error: String?
}
