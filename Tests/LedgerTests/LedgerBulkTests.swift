import Foundation
import Postgres
import SantunanApp
import SantunanTestSupport
import SantunanValues
import Testing

@testable import BenefitRules
@testable import Ledger

/// Issue 19: postings by the chunk (Schema/0014, `Ledger.postChunk`) write the records `ledger_post` would, verify
/// as one chain with them, and the database refuses a chunk that breaks what it refused before.
@Suite struct LedgerBulkTests {
    static func transfers(_ prefix: String, count: Int, entries: Int = 2) -> [Posting] {
        (0..<count).map { index in
            var lines: [Entry] = [.debit(.bank, Int64(100 * (entries - 1) + index))]
            for line in 1..<entries {
                lines.append(.credit(AccountCode("FUND:JKK"), Int64(100 + (line == 1 ? index : 0))))
            }
            return Posting(
                idempotencyKey: "\(prefix):\(index)", kind: .transfer, effectiveDate: LedgerFixtures.date("2024-01-31"),
                recordedBy: "tester",
                references: PostingReferences(participantKPJ: index % 3 == 0 ? nil : "KPJ\"\\\(index)"),
                memo: index % 2 == 0 ? nil : "memo | \(index) é", entries: lines)
        }
    }

    @Test func aChunkBetweenSinglePostingsVerifiesAsOneChainAndARerunPostsNothing() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerFixtures.connect(conninfo)
        defer { connection.close() }
        for posting in Self.transfers("single.a", count: 20) { try Ledger.post(posting, on: connection) }
        // Three entries per posting, a participant account opened by the chunk, keys and memos needing escapes.
        var chunk = Self.transfers("bulk", count: 300, entries: 3)
        chunk.append(
            Posting(
                idempotencyKey: "bulk:jht", kind: .transfer, effectiveDate: LedgerFixtures.date("2024-02-29"),
                recordedBy: "tester", entries: [.debit(.bank, 7), .credit(.programAccount(.jht, participant: "K1"), 7)])
        )
        let receipt = try Ledger.postChunk(chunk, on: connection)
        #expect(receipt.createdCount == 301)
        for posting in Self.transfers("single.b", count: 20) { try Ledger.post(posting, on: connection) }
        let report = try Ledger.verify(on: connection)
        #expect(report.isValid, "\(report.failure?.description ?? "")")
        #expect(report.transactions == 341)
        #expect(report.entries == 20 * 2 + 300 * 3 + 2 + 20 * 2)
        // Recorded as ledger_post records: the actor and the server's time of the chunk's transaction.
        let who = try connection.execute(
            "SELECT count(DISTINCT recorded_at), min(recorded_by) FROM ledger_transaction WHERE idempotency_key LIKE 'bulk:%'"
        )
        #expect(try who[0, 0] as Int64 == 1)
        #expect(try who[0, 1] as String == "tester")

        // Again, with one new posting: only that one is written.
        var again = chunk
        again.append(contentsOf: Self.transfers("bulk.late", count: 1))
        let second = try Ledger.postChunk(again, on: connection)
        #expect(second.createdCount == 1)
        #expect(second.created.last == true)
        #expect(try Ledger.verify(on: connection).isValid)
        let count = try connection.execute("SELECT count(*) FROM ledger_transaction")
        #expect(try count[0, 0] as Int64 == 342)
    }

    /// What the database refuses of a chunk written around `Ledger.postChunk` (a client that computed it wrong).
    @Test func theDatabaseRefusesAChunkThatIsUnbalancedNotContiguousUnreservedOrDoesNotExtendTheHead() throws {
        let conninfo = try LedgerFixtures.database()
        let connection = try LedgerFixtures.connect(conninfo)
        defer { connection.close() }
        let zero = "\"\\\\x" + String(repeating: "0", count: 64) + "\""
        func chunk(amounts: String = "{5,5}", entrySeqs: String = "{2,3}", begin: Bool = true) -> String? {
            do {
                try connection.executeScript("BEGIN")
                defer { _ = try? connection.executeScript("ROLLBACK") }
                if begin {
                    _ = try connection.execute("SELECT * FROM ledger_bulk_begin('tester', '{bulk:1}', '{2}')")
                }
                let call = """
                    SELECT ledger_post_chunk('tester', '{bulk:1}', '{transfer}', '{2024-01-31}', '{NULL}', '{NULL}',
                        '{NULL}', '{NULL}', '{NULL}', '{NULL}', '{0}', '{1}', '{\(zero)}', '{1,1}', '{BANK,FUND:JKK}',
                        '{D,C}', '\(amounts)', '\(entrySeqs)', '{\(zero),\(zero)}')
                    """
                _ = try connection.execute(call, [])
                return nil
            } catch {
                return error.sqlState
            }
        }
        #expect(chunk(begin: false) == "SL005", "ids not reserved in this transaction")
        #expect(chunk(amounts: "{5,4}") == "23514", "debits ≠ credits")
        #expect(chunk(entrySeqs: "{2,4}") == "SL005", "an entry not right after its header")
        #expect(chunk() == "SL008", "the first record's hash does not extend the lane's head")
        let count = try connection.execute("SELECT count(*) FROM ledger_transaction")
        #expect(try count[0, 0] as Int64 == 0)
        #expect(try Ledger.verify(on: connection).isValid)
    }

    @Test func anOfficerLoginMayNotChunkTheOwnersKindsNorPostAsAnotherUser() throws {
        let conninfo = try LedgerIdentityTests.importedDatabase()
        let owner = try LedgerFixtures.connect(conninfo)
        defer { owner.close() }
        let name = try LedgerIdentityTests.login("santunan_officer", on: owner)
        let officer = try LedgerFixtures.connect(conninfo + " user=\(name)")
        defer { officer.close() }
        var transfers = Self.transfers("bulk", count: 2)
        for index in transfers.indices { transfers[index].recordedBy = name }
        let owners = #expect(throws: LedgerError.self) { try Ledger.postChunk(transfers, on: officer) }
        #expect(owners?.code == .forbidden)
        let claimed = #expect(throws: LedgerError.self) {
            try Ledger.postChunk([LedgerIdentityTests.due(recordedBy: "ani")], on: officer)
        }
        #expect(claimed?.underlying?.sqlState == "SI002")
        // A contribution key with another total than the imported row's: refused.
        var wrong = LedgerIdentityTests.due(recordedBy: name)
        wrong.entries[0].amount += 1
        wrong.entries[1].amount += 1
        let forged = #expect(throws: LedgerError.self) { try Ledger.postChunk([wrong], on: officer) }
        #expect(forged?.underlying?.sqlState == "SL007")
        // The imported rows themselves: posted by the chunk, as the officer.
        let summary = try LedgerContributions.postPending(on: officer, recordedBy: name)
        #expect(summary.duePosted == 3)
        #expect(try Ledger.verify(on: owner).isValid)
    }
}

/// Issue 19: the demo's range of months (balances carried in memory) credits exactly what the monthly flow credits
/// month by month (balances read from the ledger each month), withdrawals and deposits in between included.
@Suite struct DevelopmentRangeTests {
    @Test func aRangeOfMonthsCreditsWhatMonthByMonthCredits() throws {
        let development = try SavingsDevelopment.jht(JHTStatementTests.parameters)
        func book(_ connection: Connection) throws {
            for (kpj, amount, month) in [
                ("14000000001", Int64(12_000_000), "2024-01"), ("14000000002", Int64(3_500_000), "2024-01"),
                ("14000000001", Int64(400_000), "2024-03"), ("14000000003", Int64(900_000), "2024-04"),
            ] {
                try Ledger.post(
                    .contributionDue(
                        employer: "NN010203", participant: kpj, month: month,
                        effectiveDate: CivilDate(iso: "\(month)-15")!, shares: [ProgramAmount(.jht, amount)],
                        recordedBy: "test"), on: connection)
            }
            // A withdrawal in April: the balance drops before May's crediting.
            try Ledger.post(
                .claimApproved(
                    claimID: "C1", participant: "14000000002", lines: [ProgramAmount(.jht, 1_000_000)],
                    effectiveDate: CivilDate(iso: "2024-04-20")!, recordedBy: "test"), on: connection)
        }
        let first = try #require(YearMonth(iso: "2024-01"))
        let last = try #require(YearMonth(iso: "2024-06"))
        let monthly = try LedgerFixtures.connect(try LedgerFixtures.database())
        defer { monthly.close() }
        try book(monthly)
        for ordinal in first.ordinal...last.ordinal {
            _ = try LedgerDevelopment.post(
                development, month: YearMonth(ordinal: ordinal), on: monthly, recordedBy: "test")
        }
        let ranged = try LedgerFixtures.connect(try LedgerFixtures.database())
        defer { ranged.close() }
        try book(ranged)
        let months = try LedgerDevelopment.post(
            [development], from: first, through: last, on: ranged, recordedBy: "test")
        #expect(months.count == 6)
        let query = """
            SELECT t.idempotency_key, e.amount FROM ledger_transaction AS t
            JOIN ledger_entry AS e ON e.transaction_id = t.id AND e.side = 'C'
            WHERE t.kind = 'development.credited' ORDER BY 1
            """
        let expected = try monthly.execute(query, []).map { "\(try $0[0] as String)=\(try $0[1] as Int64)" }
        let actual = try ranged.execute(query, []).map { "\(try $0[0] as String)=\(try $0[1] as Int64)" }
        #expect(expected.count == 12, "February to June for two accounts, May and June for the third")
        #expect(actual == expected)
        #expect(try Ledger.verify(on: ranged).isValid)
        // Run again: nothing new.
        let again = try LedgerDevelopment.post(
            [development], from: first, through: last, on: ranged, recordedBy: "test")
        #expect(again.joined().reduce(0) { $0 + $1.posted } == 0)
    }
}
