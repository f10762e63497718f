import BenefitRules
import Foundation
import Payouts
import Postgres
import SantunanApp
import SantunanValues
import Testing

/// JP pensions in payment (issue 16; RULEBOOK §9.7 item 8) through `payouts due` against a real PostgreSQL: each month
/// at the bounds of its own award year, children sharing, events recorded on the claim, corrections as new lines.
@Suite("Pensions in payment")
struct PensionPayoutTests {
    static let widow = "6371014505850272"
    static let elder = "6371010206030273"
    static let younger = "6371015212080274"
    static let guardian = "6371010101500276"

    /// Inserts a payable death claim with one `jp.monthly` line the way the worker stores it: the case's heirs, the
    /// result's `monthly_pension`, the line's amount before the clamp.
    @discardableResult
    static func insertPension(
        _ connection: Connection, caseID: String, kind: String, recipient: String, amount: Int64, computed: Int64?,
        start: String = "2024-09-01", eventDate: String = "2024-08-10", heirs: String,
        account: (bic: String, number: String, holder: String)? = ("BRINIDJA", "014505850272", "Siti Aisyah")
    ) throws -> (claimID: Int64, lineID: String) {
        let document =
            #"{"case_id": "\#(caseID)", "participant": {"memberships": [{"kpj": "18012345678", "segment": "PU"}]}, "#
            + #""heirs": \#(heirs)}"#
        let result =
            #"{"monthly_pension": {"amount": \#(amount), "start_month": "\#(start.prefix(7))", "#
            + #""recipient": "\#(recipient)", "kind": "\#(kind)"}}"#
        let id: Int64 = try connection.execute(
            """
            INSERT INTO submissions (case_id, case_document, participant_nik, kpj, event_type, event_date, claim_date,
                                     submitted_by)
            VALUES (\(caseID), \(document)::json, '1272010101850001', '18012345678', 'death', \(eventDate)::date,
                    '2024-08-20', 'officer')
            RETURNING id
            """)[0, 0]
        try connection.execute(
            """
            INSERT INTO claims (id, case_id, status, total, payable_now, result, computed_by)
            VALUES (\(id), \(caseID), 'payable', 0, 0, \(result)::json, 'worker-1')
            """)
        try connection.execute(
            "INSERT INTO claim_status_history (claim_id, status, changed_by) VALUES (\(id), 'payable', 'worker-1')")
        let lineID = "\(caseID)/JP/jp.monthly"
        try connection.execute(
            """
            INSERT INTO claim_lines (id, claim_id, position, program, item, amount, payee_role, payee_nik, bank_bic,
                                     bank_account_number, bank_account_holder, schedule, due, basis, formula,
                                     pension_computed)
            VALUES (\(lineID), \(id), 0, 'JP', 'jp.monthly', \(amount), 'jp_survivor', \(recipient), \(account?.bic),
                    \(account?.number), \(account?.holder), 'monthly', \(start)::date, 'PP 45/2015 Pasal 17-18',
                    'fixture', \(computed))
            """)
        return (id, lineID)
    }

    static let widowHeirs =
        #"[{"nik": "\#(widow)", "name": "Siti Aisyah", "relation": "spouse", "birth_date": "1985-05-05", "#
        + #""payee": true, "bank_account": {"bank_bic": "BRINIDJA", "number": "014505850272", "holder": "Siti Aisyah"}}]"#

    /// `month → [(payee NIK, amount)]` of the live pension lines of a kind.
    static func lines(_ connection: Connection, kind: String = "pension_month") throws -> [String: [String: Int64]] {
        var lines: [String: [String: Int64]] = [:]
        for row in try connection.execute(
            """
            SELECT to_char(pension_month, 'YYYY-MM'), payee_nik, amount FROM payout_lines
            WHERE kind = \(kind) AND status NOT IN ('rejected', 'cancelled') ORDER BY seq
            """)
        {
            lines[try row[0], default: [:]][try row[1]] = try row[2]
        }
        return lines
    }

    @Test func aFloorPensionIsPaidAtTheFloorOfEachMonthsAwardYear() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2026-04-15T11:00:00+07:00"))
        // A widow's pension awarded in September 2024 below the 2024 floor of Rp 393.500.
        try Self.insertPension(
            connection, caseID: "PMS-2024-0801", kind: "widow", recipient: Self.widow, amount: 393_500,
            computed: 312_345, heirs: Self.widowHeirs)

        let outcome = try payouts.createDueLines(on: day("2026-04-15"), by: "ani")
        #expect(outcome.createdByKind == ["pension_month": 20])  // 2024-09 … 2026-04
        let lines = try Self.lines(connection)
        #expect(lines["2024-09"] == [Self.widow: 393_500])
        #expect(lines["2025-02"] == [Self.widow: 393_500])
        #expect(lines["2025-03"] == [Self.widow: 399_700])
        #expect(lines["2026-02"] == [Self.widow: 399_700])
        #expect(lines["2026-03"] == [Self.widow: 411_400])
        #expect(lines["2026-04"] == [Self.widow: 411_400])
        let basis: String = try connection.execute(
            """
            SELECT b.basis FROM pension_payout_bases b JOIN payout_lines p ON p.id = b.payout_line_id
            WHERE p.pension_month = '2026-03-01'
            """)[0, 0]
        #expect(
            basis
                == "Rp 312.345 before the clamp, raised to the minimum Rp 411.400 of the award year from 2026-03-01 "
                + "(PP 45/2015 Pasal 18(3); RULEBOOK §9.7 item 8)")
        #expect(try payouts.createDueLines(on: day("2026-04-15"), by: "ani").created == 0)
    }

    @Test func aMonthInAnApprovedBatchIsNeverChangedButCorrectedByAnArrearsLine() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2025-04-15T11:00:00+07:00"))
        // Computed before Schema 0013 (no amount before the clamp): its first month was at the 2024 floor.
        let (_, lineID) = try Self.insertPension(
            connection, caseID: "PMS-2024-0802", kind: "widow", recipient: Self.widow, amount: 393_500,
            computed: nil, heirs: Self.widowHeirs)
        _ = try payouts.createDueLines(on: day("2025-02-15"), by: "ani")
        // March 2025 paid as main did: the first month's amount again, then batched and approved.
        try connection.execute(
            """
            INSERT INTO payout_lines (
                id, seq, source_key, kind, claim_id, claim_line_id, pension_month, case_id, kpj, segment, program,
                item, amount, payee_role, payee_nik, bank_bic, bank_account_number, bank_account_holder, due, status,
                created_by)
            SELECT payout_line_id(n.seq), n.seq, 'pension:' || claim_line_id || ':2025-03', kind, claim_id,
                   claim_line_id, '2025-03-01', case_id, kpj, segment, program, item, amount, payee_role, payee_nik,
                   bank_bic, bank_account_number, bank_account_holder, '2025-03-01', status, created_by
            FROM (SELECT nextval('payout_line_seq') AS seq) n, payout_lines
            WHERE claim_line_id = \(lineID) AND pension_month = '2025-02-01'
            """)
        let batch = try #require(try payouts.prepareBatch(by: "ani", program: nil, maxLines: nil))
        _ = try payouts.approveBatch(batch.id, by: "budi")

        let outcome = try payouts.createDueLines(on: day("2025-04-15"), by: "ani")
        #expect(outcome.createdByKind == ["pension_month": 1, "pension_arrears": 1])
        #expect(try Self.lines(connection)["2025-03"] == [Self.widow: 393_500])  // unchanged, in its batch
        #expect(try Self.lines(connection)["2025-04"] == [Self.widow: 399_700])
        #expect(try Self.lines(connection, kind: "pension_arrears") == ["2025-03": [Self.widow: 6_200]])
        let basis: String = try connection.execute(
            """
            SELECT b.basis FROM pension_payout_bases b JOIN payout_lines p ON p.id = b.payout_line_id
            WHERE p.kind = 'pension_arrears'
            """)[0, 0]
        #expect(basis.hasPrefix("arrears: due Rp 399.700: Rp 393.500 before the clamp, raised to the minimum"))
        #expect(basis.hasSuffix("; already Rp 393.500"))
        #expect(try payouts.createDueLines(on: day("2025-04-15"), by: "ani").created == 0)
    }

    @Test func aPensionBetweenTheBoundsKeepsItsAmountWithTheIndexationWarning() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2026-04-15T11:00:00+07:00"))
        try Self.insertPension(
            connection, caseID: "PMS-2024-0803", kind: "widow", recipient: Self.widow, amount: 1_530_227,
            computed: 1_530_227, heirs: Self.widowHeirs)
        _ = try payouts.createDueLines(on: day("2026-04-15"), by: "ani")
        let lines = try Self.lines(connection)
        #expect(lines.count == 20)
        #expect(lines.values.allSatisfy { $0 == [Self.widow: 1_530_227] })
        var warnings: [String: [String]] = [:]
        for row in try connection.execute(
            """
            SELECT to_char(p.pension_month, 'YYYY-MM'), b.warnings::text FROM pension_payout_bases b
            JOIN payout_lines p ON p.id = b.payout_line_id
            """)
        {
            warnings[try row[0], default: []].append(try row[1])
        }
        #expect(warnings["2024-09"] == ["{}"])  // the award year of the claim: nothing to index
        #expect(warnings["2025-03"] == [#"{"jp.in_payment_indexation is unconfirmed (confirmed: false)"}"#])
        #expect(warnings["2026-04"] == [#"{"jp.in_payment_indexation is unconfirmed (confirmed: false)"}"#])
    }

    @Test func aChildPensionIsSharedByTwoChildrenThenPaidWholeToTheYoungerAtTwentyThree() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2026-08-15T11:00:00+07:00"))
        // The elder turns 23 on 2026-06-02; the younger has no account, so the guardian's (the payee heir) is used.
        let heirs = """
            [{"nik": "\(Self.guardian)", "name": "Nenek", "relation": "grandparent", "birth_date": "1950-01-01",
              "payee": true, "bank_account": {"bank_bic": "BMRIIDJA", "number": "1234567890", "holder": "Nenek"}},
             {"nik": "\(Self.elder)", "name": "Ahmad", "relation": "child", "birth_date": "2003-06-02", "payee": false,
              "bank_account": {"bank_bic": "BRINIDJA", "number": "010206030273", "holder": "Ahmad"}},
             {"nik": "\(Self.younger)", "name": "Nur", "relation": "child", "birth_date": "2008-12-12", "payee": false}]
            """
        try Self.insertPension(
            connection, caseID: "PMS-2024-0804", kind: "child", recipient: Self.elder, amount: 800_001,
            computed: 800_001, heirs: heirs, account: ("BRINIDJA", "010206030273", "Ahmad"))
        _ = try payouts.createDueLines(on: day("2026-08-15"), by: "ani")
        let lines = try Self.lines(connection)
        #expect(lines["2024-09"] == [Self.elder: 400_001, Self.younger: 400_000])
        #expect(lines["2026-06"] == [Self.elder: 400_001, Self.younger: 400_000])
        #expect(lines["2026-07"] == [Self.younger: 800_001])
        #expect(lines["2026-08"] == [Self.younger: 800_001])
        let account: String = try connection.execute(
            """
            SELECT bank_account_holder FROM payout_lines WHERE payee_nik = \(Self.younger)
            AND pension_month = '2026-07-01'
            """)[0, 0]
        #expect(account == "Nenek")
    }

    @Test func aRemarriageRecordedLateStopsThePensionAndRecordsTheRecoveries() throws {
        let (connection, _) = try migratedDatabase()
        let payouts = try service(connection, clock: TestClock("2025-06-15T11:00:00+07:00"))
        let (claimID, _) = try Self.insertPension(
            connection, caseID: "PMS-2024-0805", kind: "widow", recipient: Self.widow, amount: 393_500,
            computed: 312_345, heirs: Self.widowHeirs)
        _ = try payouts.createDueLines(on: day("2025-06-15"), by: "ani")
        #expect(try Self.lines(connection).count == 10)  // 2024-09 … 2025-06

        let recorded = try ClaimEvents.record(
            reference: "PMS-2024-0805", kind: .remarried, nik: nil, date: CivilDate(iso: "2025-04-20")!, user: "ani",
            on: connection)
        #expect(recorded.claimID == claimID)
        #expect(recorded.nik == Self.widow)
        #expect(recorded.recordedBy == "ani")

        let outcome = try payouts.createDueLines(on: day("2025-07-15"), allowFuture: true, by: "ani")
        #expect(outcome.created == 0)  // no July line
        #expect(outcome.recoveries == 2)  // May and June were paid after the remarriage
        let recoveries = try connection.execute(
            "SELECT to_char(pension_month, 'YYYY-MM'), amount, basis FROM pension_recoveries ORDER BY pension_month")
        #expect(recoveries.rowCount == 2)
        #expect(try recoveries[0, 0] as String == "2025-05")
        #expect(try recoveries[0, 1] as Int64 == 399_700)
        #expect(
            try recoveries[0, 2] as String
                == "recovery: nothing due: the share stopped (remarried on 2025-04-20); already Rp 399.700")
        #expect(try payouts.createDueLines(on: day("2025-07-15"), allowFuture: true, by: "ani").recoveries == 0)

        do {
            _ = try ClaimEvents.record(
                reference: "PMS-2024-0805", kind: .remarried, nik: nil, date: CivilDate(iso: "2025-04-21")!,
                user: "ani", on: connection)
            Issue.record("a second remarriage was recorded")
        } catch {
            #expect(error.status == .invalidData)
            #expect(error.description == "PMS-2024-0805: remarried of this person is already recorded on this claim")
        }
        do {
            _ = try ClaimEvents.record(
                reference: "PMS-2024-0805", kind: .childWorking, nik: Self.elder, date: CivilDate(iso: "2025-04-21")!,
                user: "ani", on: connection)
            Issue.record("a child event was recorded on a widow's pension")
        } catch {
            #expect(error.status == .invalidData)
        }
    }

    @Test func claimEventRecordsAChildsWorkAndTheNextPayoutsDueMovesTheShare() throws {
        let (connection, conninfo) = try migratedDatabase()
        let heirs = """
            [{"nik": "\(Self.elder)", "name": "Ahmad", "relation": "child", "birth_date": "2005-06-02", "payee": true,
              "bank_account": {"bank_bic": "BRINIDJA", "number": "010206030273", "holder": "Ahmad"}},
             {"nik": "\(Self.younger)", "name": "Nur", "relation": "child", "birth_date": "2008-12-12", "payee": false,
              "bank_account": {"bank_bic": "BMRIIDJA", "number": "5212080274", "holder": "Nur"}}]
            """
        try Self.insertPension(
            connection, caseID: "PMS-2024-0806", kind: "child", recipient: Self.elder, amount: 500_000,
            computed: 500_000, heirs: heirs, account: ("BRINIDJA", "010206030273", "Ahmad"))
        let environment = ["SANTUNAN_FIXED_CLOCK": "2025-07-15T11:00:00+07:00"]
        let database = ["--database-url", conninfo]

        let none = try runSantunan(["claim", "event", "PMS-2024-0806", "--as", "ani"] + database)
        #expect(none.status == 64)
        #expect(none.stderr.hasPrefix("error: --remarried: give exactly one of"))
        let notChild = try runSantunan(
            ["claim", "event", "PMS-2024-0806", "--child-working", Self.guardian, "2025-05-20", "--as", "ani"]
                + database)
        #expect(notChild.status == 65)
        #expect(
            notChild.stderr
                == "error: --child-working: the NIK given is not a child sharing this claim's JP pension "
                + "(RULEBOOK §9.7)\n")
        let widowEvent = try runSantunan(
            ["claim", "event", "PMS-2024-0806", "--remarried", "2025-05-20", "--as", "ani"] + database)
        #expect(widowEvent.status == 65)

        let recorded = try runSantunan(
            ["claim", "event", "PMS-2024-0806", "--child-working", Self.younger, "2025-05-20", "--as", "ani", "--json"]
                + database)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("\"event\": \"child_working\", \"nik\": \"\(Self.younger)\""))
        let who: String = try connection.execute("SELECT recorded_by FROM claim_events")[0, 0]
        #expect(who == "ani")

        let due = try runSantunan(
            ["payouts", "due", "--on", "2025-07-15", "--as", "ani"] + database, environment: environment)
        #expect(due.status == 0, "\(due.stderr)")
        let lines = try Self.lines(connection)
        #expect(lines["2025-05"] == [Self.elder: 250_000, Self.younger: 250_000])
        #expect(lines["2025-06"] == [Self.elder: 500_000])
        #expect(lines["2025-07"] == [Self.elder: 500_000])
    }

    /// The database checks pension months against its own copy of the award years' bounds (jp_award_year_bounds,
    /// Schema/0013): it must say what config/jp.yaml says, or a change in config/ needs a migration.
    @Test func theDatabaseBoundsMatchConfig() throws {
        let (connection, _) = try migratedDatabase()
        let parameters = try RuleConfig.load(from: projectPaths.config)
        let minimum = try parameters.parameter("jp.benefit_min").values
        let maximum = try parameters.parameter("jp.benefit_max").values
        #expect(minimum.map(\.from) == maximum.map(\.from))
        var expected: [String] = []
        for (low, high) in zip(minimum, maximum) {
            let confirmed = low.confirmed && high.confirmed
            expected.append("\(low.from) \(low.value.integer ?? -1) \(high.value.integer ?? -1) \(confirmed)")
        }
        var stored: [String] = []
        for row in try connection.execute(
            "SELECT award_year_from::text, benefit_min, benefit_max, confirmed FROM jp_award_year_bounds ORDER BY 1")
        {
            let from: String = try row[0]
            let (low, high, confirmed): (Int64, Int64, Bool) = (try row[1], try row[2], try row[3])
            stored.append("\(from) \(low) \(high) \(confirmed)")
        }
        #expect(stored == expected)
    }
}
