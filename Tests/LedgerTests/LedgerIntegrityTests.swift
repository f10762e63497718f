import Foundation
import Ledger
import Postgres
import SantunanTestSupport
import SantunanValues
import Testing

@Suite struct LedgerIntegrityTests {
    /// A database holding 40 two-entry postings spread over the lanes.
    static func populated(_ conninfo: String? = nil) throws -> Connection {
        let connection = try LedgerFixtures.connect(try conninfo ?? LedgerFixtures.database())
        for index in 1...40 {
            try Ledger.post(
                LedgerFixtures.transfer(
                    "p\(index)", from: .receivable(employer: "NN\(index % 3)"), to: .jht(participant: "K\(index % 5)"),
                    Int64(1000 + index)), on: connection)
        }
        return connection
    }

    @Test func theApplicationRoleCannotUpdateOrDeleteLedgerRows() throws {
        let connection = try Self.populated()
        try connection.executeScript("SET ROLE santunan_officer")
        // The application role may post and read...
        try Ledger.post(LedgerFixtures.transfer("officer", from: .bank, to: .fund(.jkk), 7), on: connection)
        let read = try connection.execute("SELECT count(*) FROM ledger_entry")
        #expect(try read[0, 0] as Int64 == 82)
        // ...but not change anything.
        for statement in [
            "UPDATE ledger_entry SET amount = amount + 1", "DELETE FROM ledger_entry",
            "UPDATE ledger_transaction SET memo = 'x'", "DELETE FROM ledger_transaction",
            "TRUNCATE ledger_entry", "UPDATE ledger_chain_head SET last_seq = 0",
        ] {
            let error = #expect(throws: PostgresError.self) { try connection.execute(SQL(statement)) }
            #expect(error?.sqlState == "42501", "\(statement)")
        }
        // Auditors read and cannot post.
        try connection.executeScript("RESET ROLE; SET ROLE santunan_auditor")
        #expect(throws: LedgerError.self) {
            try Ledger.post(LedgerFixtures.transfer("auditor", from: .bank, to: .fund(.jkk), 7), on: connection)
        }
        #expect(try Ledger.balances(on: connection).isEmpty == false)
        #expect(try Ledger.verify(on: connection).isValid)
        try connection.executeScript("RESET ROLE")
    }

    @Test func theTriggersRefuseUpdateDeleteAndTruncateEvenToTheOwner() throws {
        let connection = try Self.populated()
        for statement in [
            "UPDATE ledger_entry SET amount = amount + 1", "DELETE FROM ledger_entry WHERE id = 1",
            "UPDATE ledger_transaction SET memo = 'x'", "TRUNCATE ledger_entry", "TRUNCATE ledger_transaction",
            "DELETE FROM ledger_account",
        ] {
            let error = #expect(throws: PostgresError.self) { try connection.execute(SQL(statement)) }
            #expect(error?.sqlState == "SL001", "\(statement)")
        }
        #expect(try Ledger.verify(on: connection).isValid)
    }

    @Test func aSuperuserChangingAnAmountMakesVerifyFailNamingTheEntry() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try Self.populated(conninfo)
        let target = try connection.execute("SELECT id FROM ledger_entry WHERE amount = 1017 AND side = 'C'")
        let entryID: Int64 = try target[0, 0]
        try connection.executeScript(
            """
            ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only;
            UPDATE ledger_entry SET amount = 1 WHERE id = \(entryID);
            ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only;
            """)
        let report = try Ledger.verify(on: connection)
        let failure = try #require(report.failure)
        #expect(failure.record == "entry \(entryID)")
        #expect(failure.reason.contains("hash does not match"))
        // The parallel verify (one snapshot, lanes shared out over connections) names the same entry.
        let parallel = try Ledger.verify(conninfo: conninfo, workers: 3, logger: LedgerFixtures.logger)
        #expect(parallel.failure == failure)
        #expect(parallel.entries == report.entries)
    }

    @Test func aSuperuserChangingAHeaderMakesVerifyFailNamingTheTransaction() throws {
        let connection = try Self.populated()
        try connection.executeScript(
            """
            ALTER TABLE ledger_transaction DISABLE TRIGGER ledger_transaction_append_only;
            UPDATE ledger_transaction SET effective_date = '2020-01-01' WHERE idempotency_key = 'p9';
            ALTER TABLE ledger_transaction ENABLE TRIGGER ledger_transaction_append_only;
            """)
        let id: Int64 = try connection.execute("SELECT id FROM ledger_transaction WHERE idempotency_key = 'p9'")[0, 0]
        let failure = try #require(try Ledger.verify(on: connection).failure)
        #expect(failure.record == "transaction \(id)")
    }

    @Test func aSuperuserDeletingARowMakesVerifyFailNamingTheRecordAfterTheGap() throws {
        let connection = try Self.populated()
        // An entry in the middle of its lane: the record after it is named, its position is reported missing.
        let target = try connection.execute(
            """
            SELECT e.id, e.lane, e.lane_seq FROM ledger_entry AS e JOIN ledger_chain_head AS h ON h.lane = e.lane
            WHERE e.lane_seq < h.last_seq - 2 ORDER BY e.id LIMIT 1
            """)
        let entryID: Int64 = try target[0, 0]
        let lane: Int = try target[0, 1]
        let position: Int64 = try target[0, 2]
        try connection.executeScript(
            """
            ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only;
            DELETE FROM ledger_entry WHERE id = \(entryID);
            ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only;
            """)
        let failure = try #require(try Ledger.verify(on: connection).failure)
        #expect(failure.lane == lane)
        #expect(failure.position == position + 1)
        #expect(failure.reason.contains("position \(position)"))
        #expect(failure.reason.contains("missing"))
    }

    @Test func deletingTheLastPostingOfALaneIsCaughtByTheLaneHead() throws {
        let connection = try Self.populated()
        try connection.executeScript(
            """
            ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only;
            DELETE FROM ledger_entry WHERE id = (SELECT max(id) FROM ledger_entry);
            ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only;
            """)
        let failure = try #require(try Ledger.verify(on: connection).failure)
        #expect(failure.reason.contains("missing") || failure.reason.contains("two or more"))
    }

    @Test func concurrentPostingsFromEightConnectionsLeaveAValidChainAndBalancesNettingToZero() throws {
        let conninfo = try LedgerFixtures.database()
        let perThread = 150
        let errors = runOnThreads(8) { thread in
            let connection = try LedgerFixtures.connect(conninfo)
            defer { connection.close() }
            for index in 0..<perThread {
                // A shared hot account (BANK), per-participant ones, and a retried key every seventh posting.
                let number = index % 7 == 6 ? index - 1 : index
                try Ledger.post(
                    LedgerFixtures.transfer(
                        "t\(thread)-\(number)", from: .bank, to: .jht(participant: "K\((thread + number) % 11)"),
                        Int64(100 + thread)),
                    on: connection)
            }
        }
        #expect(errors.allSatisfy { $0 == nil }, "\(errors.compactMap { $0 })")
        let connection = try LedgerFixtures.connect(conninfo)
        let report = try Ledger.verify(on: connection)
        #expect(report.isValid, "\(String(describing: report.failure))")
        let parallel = try Ledger.verify(conninfo: conninfo, workers: 2, logger: LedgerFixtures.logger)
        #expect(parallel.isValid)
        #expect(parallel.entries == report.entries && parallel.transactions == report.transactions)
        let unique = 8 * (perThread - perThread / 7)
        #expect(report.transactions == unique)
        #expect(report.entries == 2 * unique)
        #expect(report.totalDebits == report.totalCredits)
        let trial = try Ledger.trialBalance(at: nil, on: connection)
        #expect(trial.isBalanced)
        #expect(trial.accounts.reduce(0) { $0 + $1.debits - $1.credits } == 0)
        #expect(report.heads.filter { $0.lastPosition > 0 }.count > 1)
    }

    @Test func pointInTimeBalancesEqualTheSumOfEntriesUpToThatDate() throws {
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        var generator = SystemRandomNumberGenerator()
        var posted: [(date: CivilDate, debit: AccountCode, credit: AccountCode, amount: Int64)] = []
        let accounts: [AccountCode] = [.bank, .fund(.jkk), .receivable(employer: "NN1"), .jht(participant: "K1")]
        for index in 0..<120 {
            let day = CivilDate(year: 2024, month: Int.random(in: 1...6, using: &generator), day: 10)!
            let debit = accounts.randomElement(using: &generator)!
            let credit = accounts.filter { $0 != debit }.randomElement(using: &generator)!
            let amount = Int64.random(in: 1...1_000_000, using: &generator)
            try Ledger.post(
                LedgerFixtures.transfer("pit\(index)", from: debit, to: credit, amount, on: day.description),
                on: connection)
            posted.append((day, debit, credit, amount))
        }
        for month in 0...7 {
            let at =
                month == 0
                ? CivilDate(year: 2023, month: 12, day: 31)! : CivilDate(year: 2024, month: month, day: 15)!
            let upTo = posted.filter { $0.date <= at }
            let balances = try Ledger.balances(at: at, on: connection)
            for balance in balances where accounts.contains(balance.account) {
                let debits = upTo.filter { $0.debit == balance.account }.reduce(0) { $0 + $1.amount }
                let credits = upTo.filter { $0.credit == balance.account }.reduce(0) { $0 + $1.amount }
                #expect(balance.debits == debits, "\(balance.account) at \(at)")
                #expect(balance.credits == credits, "\(balance.account) at \(at)")
            }
            #expect(try Ledger.trialBalance(at: at, on: connection).isBalanced)
        }
    }
}
