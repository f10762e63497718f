import BenefitRules
import ClaimStore
import Foundation
import HeirQueue
import Payouts
import Postgres
import SantunanApp
import SantunanTestSupport
import SantunanValues
import Testing

/// The logins of one test, each a person's own role (`CREATE ROLE … LOGIN; GRANT santunan_… TO …`), connected to a
/// fresh migrated database. Roles belong to the whole cluster, so their names carry the database's name.
struct Logins {
    let owner: Connection
    let conninfo: String
    let officer: String
    let approverA: String
    let approverB: String
    let auditor: String
    let worker: String

    init() throws {
        (owner, conninfo) = try migratedDatabase()
        let database: String = try owner.execute("SELECT current_database()")[0, 0]
        officer = "ofc_\(database)"
        approverA = "ani_\(database)"
        approverB = "budi_\(database)"
        auditor = "siti_\(database)"
        worker = "wrk_\(database)"
        for (login, role) in [
            (officer, "santunan_officer"), (approverA, "santunan_approver"), (approverB, "santunan_approver"),
            (auditor, "santunan_auditor"), (worker, "santunan_worker"),
        ] {
            try owner.execute("CREATE ROLE \(identifier: login) LOGIN")
            try owner.execute("GRANT \(identifier: role) TO \(identifier: login)")
        }
    }

    func connect(_ login: String) throws -> Connection {
        try Connection(TestDatabase.conninfo(conninfo, asLogin: login), logger: testLogger)
    }
}

/// Runs `sql` and expects the database to refuse it with `sqlState`.
func expectRefused(
    _ connection: Connection, _ sql: SQL, sqlState: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = #expect(throws: PostgresError.self, "\(sql.text)", sourceLocation: sourceLocation) {
        try connection.execute(sql)
    }
    #expect(error?.sqlState == sqlState, "\(sql.text): \(error?.message ?? "")", sourceLocation: sourceLocation)
}

/// Issue 15: maker–checker and the money tables bound to logins. Each person logs in with their own role; whatever
/// they write goes through the functions of Schema/0010_roles.sql, and every direct statement is refused.
@Suite("Roles: each person logs in as their own role")
struct RoleTests {
    static let caseID = "PMS-ROLE-0001"
    static let document =
        #"{"case_id": "PMS-ROLE-0001", "participant": {"memberships": [{"kpj": "18012345678", "segment": "PU"}]}}"#

    /// The claim a worker computes in these tests: one JKK lump sum of Rp 20.000.000.
    static func claimRow(_ id: Int64) -> ClaimRow {
        ClaimRow(
            id: id, caseID: caseID, status: "payable", reasons: [], total: 20_000_000, payableNow: 20_000_000,
            resultJSON: "{}",
            lines: [
                ClaimLineRow(
                    id: "\(caseID)/JKK/jkk.death", program: "JKK", item: "jkk.death", amount: 20_000_000,
                    payeeRole: "heirs", payeeNIK: "1272014101870002", payeeNPP: nil,
                    bankAccount: BankAccountRow(bic: "BRINIDJA", number: "012345678901", holder: "Sari"),
                    schedule: "lump_sum", due: "2024-04-03", basis: "PP 82/2019", formula: "fixture", installments: [])
            ])
    }

    /// A payable claim (inserted by the owner), its due line created and a batch prepared by approver A.
    static func preparedBatch(_ logins: Logins, clock: TestClock) throws -> (PayoutService, BatchSummary) {
        try insertClaim(logins.owner, caseID: "PMS-2024-0901", lines: [FixtureLine(amount: 20_000_000)])
        let payouts = try service(try logins.connect(logins.approverA), clock: clock)
        _ = try payouts.createDueLines(on: day("2024-04-03"), by: logins.approverA)
        let batch = try #require(try payouts.prepareBatch(by: logins.approverA, program: nil, maxLines: nil))
        return (payouts, batch)
    }

    @Test func theWholeFlowRunsWithEachPersonLoggedInAsTheirOwnRole() throws {
        let logins = try Logins()
        let clock = TestClock("2024-04-03T11:00:00+07:00")

        // The officer submits; the name recorded is the login, not a text the officer writes.
        let officer = try logins.connect(logins.officer)
        let submissionID = try officer.transaction { connection -> Int64 in
            let outcome = try SubmissionStore.insert(
                NewSubmission(
                    caseID: Self.caseID, caseDocument: Self.document, participantNIK: "1272010101850001",
                    kpj: "18012345678", eventType: "work_accident_death", eventDate: "2024-03-01",
                    claimDate: "2024-04-03", submittedBy: ""),
                on: connection)
            guard case .created(let id) = outcome else { throw QueueError(field: "submit", reason: "not created") }
            try JobQueue().enqueue(submissionID: id, on: connection)
            return id
        }
        let submittedBy: String = try logins.owner.execute(
            "SELECT submitted_by FROM submissions WHERE id = \(submissionID)")[0, 0]
        #expect(submittedBy == logins.officer)

        // A worker login takes the job and stores the claim with it.
        let worker = try logins.connect(logins.worker)
        let queue = JobQueue()
        let jobs = try queue.claim(worker: "w1", limit: 10, on: worker)
        #expect(jobs.count == 1)
        var random = SystemRandomNumberGenerator()
        let report = try BatchProcessor { job in Self.claimRow(job.submissionID!) }
            .process(jobs, worker: "w1", queue: queue, random: &random, on: worker)
        #expect(report.completed == 1)
        let computedBy: String = try logins.owner.execute(
            "SELECT computed_by FROM claims WHERE id = \(submissionID)")[0, 0]
        #expect(computedBy == logins.worker)

        // Approver A creates the due line and prepares; A can neither approve it nor claim to be B.
        let payoutsA = try service(try logins.connect(logins.approverA), clock: clock)
        let due = try payoutsA.createDueLines(on: day("2024-04-03"), by: logins.approverA)
        #expect(due.created == 1)
        let batch = try #require(try payoutsA.prepareBatch(by: logins.approverA, program: nil, maxLines: nil))
        #expect(batch.preparedBy == logins.approverA)
        #expect(batch.total == 20_000_000)
        let own = #expect(throws: AppError.self) { try payoutsA.approveBatch(batch.id, by: logins.approverA) }
        #expect(own?.status == .permissionDenied)
        let posing = #expect(throws: AppError.self) { try payoutsA.approveBatch(batch.id, by: logins.approverB) }
        #expect(posing?.status == .permissionDenied)

        // Approver B approves without naming anyone: the decision records B's login.
        let payoutsB = try service(try logins.connect(logins.approverB), clock: clock)
        let approved = try payoutsB.approveBatch(batch.id, by: "")
        #expect(approved.state == .approved)
        #expect(approved.decidedBy == logins.approverB)
        clock.set("2024-04-04T08:15:00+07:00")
        try payoutsB.exportBatch(batch.id, format: .pain001, to: try scratchPath("\(batch.id).xml"), by: "")
        clock.set("2024-04-05T09:00:00+07:00")
        let reportPath = try temporaryFile(
            statusReport(
                messageID: "BANK-ROLE-1", batchID: batch.id, groupStatus: "ACSC",
                transactions: [FixtureStatus(lineID: "PL-000001", status: "ACSC")]))
        let outcome = try payoutsB.reconcileBatch(batch.id, reportPath: reportPath, by: "")
        #expect(outcome.paid == 1)
        #expect(outcome.batchState == .reconciled)

        let history = try logins.owner.execute(
            "SELECT event, actor FROM payout_batch_history WHERE batch_id = \(batch.id) ORDER BY id")
        let events = try history.map { row -> String in "\(try row[0] as String):\(try row[1] as String)" }
        #expect(
            events == [
                "prepared:\(logins.approverA)", "approved:\(logins.approverB)", "exported:\(logins.approverB)",
                "reconciled:\(logins.approverB)",
            ])
        let importedBy: String = try logins.owner.execute(
            "SELECT imported_by FROM payout_status_reports WHERE message_id = 'BANK-ROLE-1'")[0, 0]
        #expect(importedBy == logins.approverB)
        let lineStatus: String = try logins.owner.execute("SELECT status FROM payout_lines WHERE id = 'PL-000001'")[0, 0]
        #expect(lineStatus == "paid")

        // The claim is paid: its case can no longer be rewritten, directly or through the function.
        let rewritten = #"{"case_id": "PMS-ROLE-0001", "participant": {"memberships": []}}"#
        expectRefused(
            officer, "UPDATE submissions SET case_document = \(rewritten)::json WHERE id = \(submissionID)",
            sqlState: "42501")
        expectRefused(
            officer, "SELECT claim_case_document_set(\(submissionID), NULL, \(rewritten)::json)", sqlState: "SR003")
        let stored: String = try logins.owner.execute(
            "SELECT case_document::text FROM submissions WHERE id = \(submissionID)")[0, 0]
        #expect(stored == Self.document)
    }

    @Test func theCommandsRunOnPersonalLoginsAndRecordTheLoginNotTheClaimedName() throws {
        let logins = try Logins()
        try insertClaim(logins.owner, caseID: "PMS-2024-0902", lines: [FixtureLine(amount: 20_000_000)])
        let environment = ["SANTUNAN_FIXED_CLOCK": "2024-04-03T11:00:00+07:00"]
        func database(_ login: String) -> [String] {
            ["--database-url", TestDatabase.conninfo(logins.conninfo, asLogin: login)]
        }
        let a = logins.approverA
        let b = logins.approverB

        let due = try runSantunan(
            ["payouts", "due", "--on", "2024-04-03", "--as", a] + database(a), environment: environment)
        #expect(due.status == 0, "\(due.stderr)")
        let prepared = try runSantunan(["batch", "prepare", "--as", a, "--json"] + database(a), environment: environment)
        #expect(prepared.status == 0, "\(prepared.stderr)")
        let batchID = try #require(prepared.stdout.split(separator: "\"").dropFirst(3).first.map(String.init))

        // A approving its own batch, or claiming to be B, is refused.
        let own = try runSantunan(["batch", "approve", batchID, "--as", a] + database(a), environment: environment)
        #expect(own.status == 77, "\(own.stderr)")
        let posing = try runSantunan(["batch", "approve", batchID, "--as", b] + database(a), environment: environment)
        #expect(posing.status == 77, "\(posing.stderr)")
        // B approves; the decision records B's login.
        let approved = try runSantunan(["batch", "approve", batchID, "--as", b] + database(b), environment: environment)
        #expect(approved.status == 0, "\(approved.stderr)")
        let decidedBy: String = try logins.owner.execute(
            "SELECT decided_by FROM payout_batches WHERE id = \(batchID)")[0, 0]
        #expect(decidedBy == b)
        // An officer cannot prepare a batch.
        let officer = try runSantunan(
            ["batch", "prepare", "--as", logins.officer] + database(logins.officer), environment: environment)
        #expect(officer.status == 77, "\(officer.stderr)")

        // The officer submits on their own login (naming someone else is refused), a worker login computes it.
        let caseFile = "cases/seed-honorer-jkm-42jt-a.case.json"
        let posingOfficer = try runSantunan(
            ["claim", "submit", caseFile, "--as", a] + database(logins.officer), environment: environment)
        #expect(posingOfficer.status == 77, "\(posingOfficer.stderr)")
        let submitted = try runSantunan(
            ["claim", "submit", caseFile, "--as", logins.officer] + database(logins.officer), environment: environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let worked = try runSantunan(["worker", "run", "--until-empty"] + database(logins.worker))
        #expect(worked.status == 0, "\(worked.stderr)")
        let claim = try logins.owner.execute(
            """
            SELECT s.submitted_by, c.computed_by FROM submissions s JOIN claims c ON c.id = s.id
            WHERE s.case_id = 'PMS-2022-0001'
            """)
        #expect(claim.rowCount == 1)
        #expect(try claim.first?[0] as String? == logins.officer)
        #expect(try claim.first?[1] as String? == logins.worker)
    }

    @Test func anApproverCannotWriteTheMoneyTablesDirectlyNorDecideTheirOwnBatch() throws {
        let logins = try Logins()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let (_, batch) = try Self.preparedBatch(logins, clock: clock)
        let approver = try logins.connect(logins.approverA)
        let forbidden: [SQL] = [
            // Its own batch's decision, directly.
            "UPDATE payout_batches SET decided_by = 'someone else' WHERE id = \(batch.id)",
            """
            UPDATE payout_batches SET state = 'approved', decided_by = 'someone else', decided_at = now(),
                requested_execution_date = '2024-04-03' WHERE id = \(batch.id)
            """,
            // A batch with a made-up preparer.
            """
            INSERT INTO payout_batches (id, seq, state, line_count, total, totals_by_program, prepared_by, prepared_at)
            VALUES ('PB-2024-9999', 9999, 'prepared', 1, 1, '{}', 'made-up', now())
            """,
            // A payout line of Rp 999.999.999.999 to any account.
            """
            INSERT INTO payout_lines (id, seq, source_key, kind, claim_id, claim_line_id, case_id, program, item,
                amount, payee_role, bank_bic, bank_account_number, bank_account_holder, due, status, created_by)
            SELECT 'PL-999999', 999999, 'forged', 'lump_sum', claim_id, claim_line_id, case_id, program, item,
                999999999999, payee_role, 'BRINIDJA', '999999999', 'Mallory', due, 'payable', 'made-up'
            FROM payout_lines LIMIT 1
            """,
            "UPDATE payout_lines SET status = 'paid', paid_on = '2024-04-03', bank_status = 'ACSC'",
            "UPDATE payout_batch_lines SET open = false WHERE batch_id = \(batch.id)",
            "DELETE FROM payout_batch_lines WHERE batch_id = \(batch.id)",
            "DELETE FROM payout_lines",
            "DELETE FROM payout_batches",
            "INSERT INTO payout_batch_history (batch_id, event, actor) VALUES (\(batch.id), 'approved', 'x')",
            """
            INSERT INTO payout_status_reports (message_id, batch_id, file_sha256, imported_by)
            VALUES ('FORGED', \(batch.id), 'x', 'x')
            """,
            "SELECT nextval('payout_line_seq')",
            "UPDATE claims SET total = 1",
            "INSERT INTO claim_status_history (claim_id, status, changed_by) SELECT id, 'payable', 'x' FROM claims",
        ]
        for statement in forbidden {
            expectRefused(approver, statement, sqlState: "42501")
        }
        // Its own batch, through the function: refused by login, whatever name it gives.
        let own = #expect(throws: PostgresError.self) {
            try approver.execute("SELECT payout_batch_decide(\(batch.id), NULL, NULL, now(), '2030-01-01')")
        }
        #expect(own?.sqlState == "42501")
        #expect(own?.constraintName == "payout_batches_maker_checker")
        expectRefused(
            approver, "SELECT payout_batch_decide(\(batch.id), \(logins.approverB), NULL, now(), '2030-01-01')",
            sqlState: "SI002")
        // A due line that is no payable claim line's (an unknown line, or a real one with a made-up due date).
        for lineID in ["PMS-2024-0901/JKK/forged", "PMS-2024-0901/JKK/jkk.death"] {
            expectRefused(
                approver,
                """
                SELECT * FROM payout_lines_create_due(NULL, ARRAY['lump_sum'], ARRAY[\(lineID)], ARRAY[NULL]::integer[],
                    ARRAY['2024-01-01']::date[], ARRAY[NULL]::date[], ARRAY[NULL]::date[], ARRAY[true],
                    ARRAY[NULL]::text[])
                """, sqlState: "SR001")
        }

        let row = try logins.owner.execute(
            "SELECT state, decided_by, prepared_by FROM payout_batches WHERE id = \(batch.id)")[0]
        #expect(try row[0] as String == "prepared")
        #expect(try row[1] as String? == nil)
        #expect(try row[2] as String == logins.approverA)
        let lines: Int = try logins.owner.execute("SELECT count(*) FROM payout_lines")[0, 0]
        let batches: Int = try logins.owner.execute("SELECT count(*) FROM payout_batches")[0, 0]
        #expect(lines == 1)
        #expect(batches == 1)
    }

    @Test func theLinesOfAnExportedBatchCannotBeReopenedNorPaidWithoutABankReport() throws {
        let logins = try Logins()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let (payoutsA, batch) = try Self.preparedBatch(logins, clock: clock)
        let payoutsB = try service(try logins.connect(logins.approverB), clock: clock)
        _ = try payoutsB.approveBatch(batch.id, by: logins.approverB)
        try payoutsB.exportBatch(
            batch.id, format: .pain001, to: try scratchPath("\(batch.id).xml"), by: logins.approverB)

        for login in [logins.approverA, logins.approverB] {
            let approver = try logins.connect(login)
            expectRefused(
                approver, "UPDATE payout_batch_lines SET open = false WHERE batch_id = \(batch.id)", sqlState: "42501")
            expectRefused(
                approver, "UPDATE payout_lines SET status = 'paid', paid_on = '2024-04-04', bank_status = 'ACSC'",
                sqlState: "42501")
            // The function records a report or nothing: no MsgId, or a line of no batch, is refused.
            expectRefused(
                approver,
                """
                SELECT * FROM payout_reconcile(\(batch.id), NULL, now(), NULL, NULL, NULL, NULL, ARRAY['PL-000001'],
                    ARRAY['ACSC'], ARRAY['paid'], ARRAY[NULL], ARRAY[NULL], ARRAY['2024-04-04']::date[], ARRAY[true],
                    ARRAY[NULL], NULL)
                """, sqlState: "SR002")
            expectRefused(
                approver,
                """
                SELECT * FROM payout_reconcile(\(batch.id), NULL, now(), 'FORGED', repeat('0', 64), NULL, NULL,
                    ARRAY['PL-000404'], ARRAY['ACSC'], ARRAY['paid'], ARRAY[NULL], ARRAY[NULL],
                    ARRAY['2024-04-04']::date[], ARRAY[true], ARRAY[NULL], NULL)
                """, sqlState: "SR002")
        }
        // Not even the owner reopens them: a line leaves a batch only when the batch is rejected or reconciled.
        expectRefused(
            logins.owner, "UPDATE payout_batch_lines SET open = false WHERE batch_id = \(batch.id)", sqlState: "42501")
        // So the next batch cannot pay them a second time.
        #expect(try payoutsA.prepareBatch(by: logins.approverA, program: nil, maxLines: nil) == nil)
        let row = try logins.owner.execute(
            """
            SELECT p.status, (SELECT count(*) FROM payout_line_statuses), (SELECT count(*) FROM payout_batch_lines),
                   b.open
            FROM payout_lines p JOIN payout_batch_lines b ON b.line_id = p.id WHERE p.id = 'PL-000001'
            """)[0]
        #expect(try row[0] as String == "payable")
        #expect(try row[1] as Int == 0)
        #expect(try row[2] as Int == 1)
        #expect(try row[3] as Bool == true)
    }

    @Test func anOfficerCannotRewriteTheCaseOfAClaimInAnApprovedBatchNorWriteTheClaimTables() throws {
        let logins = try Logins()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let (_, batch) = try Self.preparedBatch(logins, clock: clock)
        let officer = try logins.connect(logins.officer)
        let claimID: Int64 = try logins.owner.execute("SELECT id FROM claims")[0, 0]
        let rewritten = #"{"case_id": "PMS-2024-0901", "participant": {"memberships": []}}"#

        // While the batch is only prepared the case may still change (through the function).
        try officer.execute("SELECT claim_case_document_set(\(claimID), NULL, \(rewritten)::json)")
        let payoutsB = try service(try logins.connect(logins.approverB), clock: clock)
        _ = try payoutsB.approveBatch(batch.id, by: logins.approverB)

        let forbidden: [SQL] = [
            "UPDATE submissions SET case_document = \(rewritten)::json, amended_by = 'x' WHERE id = \(claimID)",
            "INSERT INTO claims (id, case_id, status, total, payable_now, result, computed_by) VALUES (1, 'x', 'payable', 1, 1, '{}', 'x')",
            "UPDATE claims SET total = 999999999999",
            "DELETE FROM claim_lines",
            "UPDATE claim_installments SET amount = 1",
            "INSERT INTO claim_status_history (claim_id, status, changed_by) VALUES (\(claimID), 'payable', 'x')",
            "INSERT INTO heir_jobs (kind) VALUES ('noop')",
            "UPDATE heir_jobs SET state = 'completed'",
            "DELETE FROM submissions",
            "UPDATE payout_lines SET status = 'cancelled'",
            // Statuses a worker computes are not the officer's to record, and payouts are not the officer's.
            "SELECT claim_history_append(\(claimID), 'payable', NULL, NULL)",
            "SELECT payout_batch_prepare(NULL, NULL, NULL, now())",
            "SELECT * FROM heir_jobs_claim('w', 1, now(), now())",
        ]
        for statement in forbidden {
            expectRefused(officer, statement, sqlState: "42501")
        }
        expectRefused(
            officer, "SELECT claim_case_document_set(\(claimID), NULL, \(Self.document)::json)", sqlState: "SR003")
        let error = #expect(throws: SubmissionError.self) {
            try SubmissionStore.replaceCaseDocument(
                id: claimID, document: rewritten, amendedBy: logins.officer, on: officer)
        }
        #expect(error?.code == .wrongStatus)
        let amendedBy: String = try logins.owner.execute(
            "SELECT amended_by FROM submissions WHERE id = \(claimID)")[0, 0]
        #expect(amendedBy == logins.officer)
    }

    @Test func anAuditorReadsEverythingAndChangesNothing() throws {
        let logins = try Logins()
        let clock = TestClock("2024-04-03T11:00:00+07:00")
        let (_, batch) = try Self.preparedBatch(logins, clock: clock)
        let auditor = try logins.connect(logins.auditor)
        let lines: Int = try auditor.execute("SELECT count(*) FROM payout_lines JOIN claims ON claims.id = claim_id")[0, 0]
        #expect(lines == 1)
        let forbidden: [SQL] = [
            "UPDATE payout_batches SET decided_by = 'x'",
            "INSERT INTO payout_batch_lines (batch_id, line_id, program, amount) VALUES (\(batch.id), 'PL-000001', 'JKK', 1)",
            "DELETE FROM payout_status_reports",
            "UPDATE submissions SET amended_by = 'x'",
            "DELETE FROM heir_jobs",
            "SELECT payout_batch_decide(\(batch.id), NULL, NULL, now(), '2030-01-01')",
            "SELECT claim_case_document_set(1, NULL, '{}')",
            "SELECT heir_jobs_prune(now(), 10)",
        ]
        for statement in forbidden {
            expectRefused(auditor, statement, sqlState: "42501")
        }
    }

    @Test func aWorkerWritesAClaimOnlyWithItsJobCompletedInTheSameTransaction() throws {
        let logins = try Logins()
        let officer = try logins.connect(logins.officer)
        let id = try officer.transaction { connection -> Int64 in
            guard
                case .created(let id) = try SubmissionStore.insert(
                    NewSubmission(
                        caseID: Self.caseID, caseDocument: Self.document, participantNIK: "1272010101850001",
                        kpj: "18012345678", eventType: "work_accident_death", eventDate: "2024-03-01",
                        claimDate: "2024-04-03", submittedBy: logins.officer),
                    on: connection)
            else { throw QueueError(field: "submit", reason: "not created") }
            try JobQueue().enqueue(submissionID: id, on: connection)
            return id
        }
        let worker = try logins.connect(logins.worker)
        // Without holding the job: refused, nothing written.
        let error = #expect(throws: PostgresError.self) {
            try worker.transaction { connection in
                try ClaimWriter.write([Self.claimRow(id)], computedBy: "w1", on: connection)
            }
        }
        #expect(error?.sqlState == "SR004")
        expectRefused(
            worker,
            "INSERT INTO claims (id, case_id, status, total, payable_now, result, computed_by) VALUES (\(id), \(Self.caseID), 'payable', 1, 1, '{}', 'x')",
            sqlState: "42501")
        let claims: Int = try logins.owner.execute("SELECT count(*) FROM claims")[0, 0]
        #expect(claims == 0)
    }

    /// Issue 16 on the roles model: pension months, arrears, recoveries, their bases and the claim events are written
    /// only through pension_payouts_record and claim_event_record (Schema/0013), each by its own role.
    @Test func pensionMonthsAndClaimEventsAreWrittenOnlyThroughTheirFunctions() throws {
        let logins = try Logins()
        let clock = TestClock("2025-04-15T11:00:00+07:00")
        let (claimID, lineID) = try PensionPayoutTests.insertPension(
            logins.owner, caseID: "PMS-2024-0811", kind: "widow", recipient: PensionPayoutTests.widow,
            amount: 393_500, computed: 312_345, heirs: PensionPayoutTests.widowHeirs)

        // The approver's run creates the months at each award year's floor, recorded with the login.
        let payouts = try service(try logins.connect(logins.approverA), clock: clock)
        let due = try payouts.createDueLines(on: day("2025-04-15"), by: logins.approverA)
        #expect(due.createdByKind == ["pension_month": 8])  // 2024-09 … 2025-04
        let april = try logins.owner.execute(
            """
            SELECT p.amount, p.created_by, b.basis FROM payout_lines p
            JOIN pension_payout_bases b ON b.payout_line_id = p.id WHERE p.pension_month = '2025-04-01'
            """)[0]
        #expect(try april[0] as Int64 == 399_700)
        #expect(try april[1] as String == logins.approverA)

        // The officer records an event on their own login.
        let officer = try logins.connect(logins.officer)
        let recorded = try ClaimEvents.record(
            reference: "PMS-2024-0811", kind: .remarried, nik: nil, date: CivilDate(iso: "2025-03-20")!,
            user: logins.officer, on: officer)
        #expect(recorded.recordedBy == logins.officer)

        let approver = try logins.connect(logins.approverA)
        let forbidden: [SQL] = [
            """
            INSERT INTO pension_recoveries (
                source_key, claim_id, claim_line_id, pension_month, amount, basis, created_by)
            VALUES ('recovery:forged', \(claimID), \(lineID), '2025-04-01', 1, 'x', 'x')
            """,
            "INSERT INTO pension_payout_bases (payout_line_id, basis) SELECT id, 'x' FROM payout_lines LIMIT 1",
            "UPDATE pension_payout_bases SET basis = 'x'",
            """
            INSERT INTO claim_events (claim_id, event, nik, event_date, recorded_by)
            VALUES (\(claimID), 'remarried', \(PensionPayoutTests.widow), '2025-01-01', 'x')
            """,
            "DELETE FROM claim_events",
            "UPDATE jp_award_year_bounds SET benefit_max = 999999999999",
            // Events are the officer's to record.
            "SELECT claim_event_record(NULL, \(claimID), 'remarried', \(PensionPayoutTests.widow), '2025-01-01')",
        ]
        for statement in forbidden {
            expectRefused(approver, statement, sqlState: "42501")
        }
        for statement: SQL in [
            """
            INSERT INTO pension_recoveries (
                source_key, claim_id, claim_line_id, pension_month, amount, basis, created_by)
            VALUES ('recovery:forged', \(claimID), \(lineID), '2025-04-01', 1, 'x', 'x')
            """,
            """
            INSERT INTO claim_events (claim_id, event, nik, event_date, recorded_by)
            VALUES (\(claimID), 'remarried', \(PensionPayoutTests.widow), '2025-01-01', 'x')
            """,
            // Pension months are the approvers' to create.
            """
            SELECT * FROM pension_payouts_record(NULL, ARRAY['pension_arrears'], ARRAY[\(lineID)], ARRAY[NULL],
                ARRAY['2025-04-01']::date[], ARRAY['2025-04-15']::date[], ARRAY[1]::bigint[], ARRAY[true],
                ARRAY[NULL], ARRAY['x'], '[[]]', '{}', '{}', '{}', '{}', '{}')
            """,
        ] {
            expectRefused(officer, statement, sqlState: "42501")
        }

        // Through the function, what the rule does not allow is refused (SR001): a month above its award year's
        // maximum, arrears that would pay a month more than the maximum, arrears or a recovery for a month never paid,
        // a recovery of more than was paid, a payee who is not the claim line's.
        func record(_ kind: String, month: String, due: String, amount: Int64, payee: String? = nil) -> SQL {
            """
            SELECT * FROM pension_payouts_record(NULL, ARRAY[\(kind)], ARRAY[\(lineID)], ARRAY[\(payee)],
                ARRAY[\(month)]::date[], ARRAY[\(due)]::date[], ARRAY[\(amount)]::bigint[], ARRAY[true], ARRAY[NULL],
                ARRAY['forged'], '[[]]', '{}', '{}', '{}', '{}', '{}')
            """
        }
        func recover(month: String, amount: Int64) -> SQL {
            """
            SELECT * FROM pension_payouts_record(NULL, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '[]',
                ARRAY[\(lineID)], ARRAY[\(month)]::date[], ARRAY[NULL], ARRAY[\(amount)]::bigint[], ARRAY['forged'])
            """
        }
        let refused: [SQL] = [
            record("pension_month", month: "2025-05-01", due: "2025-05-01", amount: 999_999_999),
            record("pension_month", month: "2025-05-01", due: "2025-05-01", amount: 100_000),
            record("pension_arrears", month: "2025-04-01", due: "2025-04-15", amount: 5_000_000),
            record("pension_arrears", month: "2025-06-01", due: "2025-04-15", amount: 1_000),
            record("pension_month", month: "2025-05-01", due: "2025-05-01", amount: 399_700, payee: "6371010101500276"),
            recover(month: "2025-06-01", amount: 1_000),
            recover(month: "2025-04-01", amount: 399_701),
            recover(month: "2025-04-01", amount: 1_000),
        ]
        for statement in refused {
            expectRefused(approver, statement, sqlState: "SR001")
        }
        let lines: Int = try logins.owner.execute("SELECT count(*) FROM payout_lines")[0, 0]
        let recoveries: Int = try logins.owner.execute("SELECT count(*) FROM pension_recoveries")[0, 0]
        #expect(lines == 8)
        #expect(recoveries == 0)

        // The next run on the approver's login records the recovery of April (paid after the remarriage).
        let next = try payouts.createDueLines(on: day("2025-04-15"), by: logins.approverA)
        #expect(next.recoveries == 1)
        let recoveredBy: String = try logins.owner.execute("SELECT created_by FROM pension_recoveries")[0, 0]
        #expect(recoveredBy == logins.approverA)
    }
}
