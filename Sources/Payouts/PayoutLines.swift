public import BenefitRules
import ClaimStore
public import Postgres
public import SantunanValues

/// Creating payout lines as claim lines fall due (`santunan payouts due --on DATE`).
public enum PayoutLines {
    /// What one run created.
    public struct DueOutcome: Sendable {
        /// New lines, by kind (`lump_sum`, `installment`, `pension_month`, `pension_arrears`).
        public var createdByKind: [String: Int] = [:]
        /// Pension months found paid too much (`pension_recoveries`): amounts to recover, not transfers.
        public var recoveries = 0
        /// New lines that cannot be paid until the payee's bank details are given or corrected.
        public var awaitingBankDetails = 0
        /// New lines due after `today` (a run with `--allow-future`): id, kind and due date, in line order.
        public var pulledForward: [(lineID: String, kind: String, due: CivilDate)] = []

        public var created: Int { createdByKind.values.reduce(0, +) }
    }

    /// One line to create.
    struct Candidate {
        var sourceKey: String
        var kind: String
        var claimID: Int64
        var claimLineID: String
        var installmentSeq: Int?
        var pensionMonth: CivilDate?
        var caseID: String
        var kpj: String?
        var segment: String?
        var program: String
        var item: String
        var amount: Int64
        var payeeRole: String
        var payeeNIK: String?
        var account: BankAccountRow?
        var accountProblem: String?
        var due: CivilDate
        var completeOn: CivilDate?
        var deadline: CivilDate?
        /// A pension month or arrears line: why it pays its amount, and its warnings (`pension_payout_bases`).
        var basis: String?
        var warnings: [String] = []
    }

    /// Creates a payout line for every payable claim line, scholarship instalment and pension month due on or before
    /// `date` that has none yet. Idempotent: a second run with the same date creates nothing.
    ///
    /// Only claims with status `payable` are paid. Lump-sum lines pay the line; `yearly` (scholarship) lines pay
    /// their instalments; a `monthly` (JP pension) line pays one line per month from its due date, each month's amount
    /// clamped to the bounds of its own award year and shared or stopped as ``PensionInPayment`` says (RULEBOOK §9.7
    /// item 8; PayoutLines+Pensions.swift), a month already created being corrected by a new line. Lines for the
    /// internal payees (Dana Jaminan Sosial, Balai Harta Peninggalan) are ledger postings, not transfers, and get
    /// no payout line. A line without a valid bank account is created as `awaiting_bank_details`.
    ///
    /// - Parameters:
    ///   - calendar: working days for the service-level deadline stored on each lump-sum line.
    ///   - today: lines created with a due date after it are listed in ``DueOutcome/pulledForward``; the caller
    ///     decides whether `date` may lie after it (`--allow-future`).
    ///   - pensions: the pension bounds and indexation of `config/jp.yaml`.
    ///   - user: recorded as `created_by`.
    public static func createDue(
        on date: CivilDate, today: CivilDate? = nil, calendar: WorkingDayCalendar, pensions: PensionInPayment,
        by user: String,
        on connection: Connection
    ) throws -> DueOutcome {
        // The schema's date bounds (0009): a later date would only walk pension months to a due date it refuses.
        guard date >= dueDateBounds.lowerBound, date <= dueDateBounds.upperBound else {
            throw PayoutError(
                .invalidValue, field: "--on",
                reason: "\(date) is outside \(dueDateBounds.lowerBound)…\(dueDateBounds.upperBound), "
                    + "the due dates a payout line may have")
        }
        return try connection.transaction { connection in
            var candidates: [Candidate] = []
            var pensionWork = PensionWork()
            try collectLumpSums(until: date, calendar: calendar, into: &candidates, connection)
            try collectInstallments(until: date, into: &candidates, connection)
            try collectPensionMonths(
                until: date, pensions: pensions, into: &candidates, work: &pensionWork, connection)
            // Lump sums and instalments through payout_lines_create_due (its rule unchanged); pension months,
            // arrears and recoveries through pension_payouts_record (Schema/0013), which checks the award year's
            // bounds.
            let isPension = { (candidate: Candidate) in
                candidate.kind == "pension_month" || candidate.kind == "pension_arrears"
            }
            var outcome = DueOutcome()
            let others = candidates.filter { !isPension($0) }
            if !others.isEmpty { try insert(others, into: &outcome, by: user, connection) }
            try recordPensionWork(
                candidates.filter(isPension), pensionWork.recoveries, into: &outcome, by: user, connection)
            guard outcome.created > 0 else { return outcome }
            // The lines this run created due after today (`--allow-future`): created_at defaults to now(), the start
            // of this transaction, so it tells them from lines an earlier run made.
            let pulled = try connection.execute(
                """
                SELECT id, kind, due FROM payout_lines
                WHERE created_at = now() AND due > \((today ?? date))::date
                  AND kind <> 'late_payment_penalty'
                ORDER BY due, seq
                """)
            for row in pulled {
                outcome.pulledForward.append((try row[0], try row[1], try row[2]))
            }
            return outcome
        }
    }

    /// The due dates the schema accepts on a payout line (`payout_lines_bounds`, Schema/0009_bounds.sql).
    static let dueDateBounds = CivilDate(year: 1900, month: 1, day: 1)!...CivilDate(year: 2100, month: 12, day: 31)!

    /// The common columns of a claim line, read from ClaimStore's `payable_claim_lines` (Schema/0017): the lines of
    /// payable claims paid to a person (not to the DJS or the BHP). The claim tables are ClaimStore's.
    static let claimColumns = """
        cl.id, cl.claim_id, cl.case_id, cl.kpj, cl.segment,
        cl.program, cl.item, cl.payee_role, cl.payee_nik, cl.bank_bic, cl.bank_account_number, cl.bank_account_holder
        """

    /// Reads the common columns (0…11) of a claim line row into a candidate.
    static func candidate(_ row: QueryResult.Row, sourceKey: String, kind: String, amount: Int64, due: CivilDate) throws
        -> Candidate
    {
        var account: BankAccountRow?
        var problem: String?
        if let bic: String = try row[9], let number: String = try row[10], let holder: String = try row[11] {
            let given = BankAccountRow(bic: bic, number: number, holder: holder)
            if let invalid = given.problem {
                problem = "\(invalid.field) \(invalid.reason)"
            } else {
                account = given
            }
        } else {
            problem = "no bank account in the case"
        }
        return Candidate(
            sourceKey: sourceKey, kind: kind, claimID: try row[1], claimLineID: try row[0], installmentSeq: nil,
            pensionMonth: nil, caseID: try row[2], kpj: try row[3], segment: try row[4], program: try row[5],
            item: try row[6], amount: amount, payeeRole: try row[7], payeeNIK: try row[8], account: account,
            accountProblem: problem, due: due, completeOn: nil, deadline: nil)
    }

    static func collectLumpSums(
        until date: CivilDate, calendar: WorkingDayCalendar, into candidates: inout [Candidate], _ connection: Connection
    ) throws {
        let result = try connection.execute(
            """
            SELECT \(unescaped: claimColumns), cl.amount, cl.due,
                   extract(epoch FROM payout_claim_complete_at(cl.claim_id))::bigint
            FROM payable_claim_lines cl
            WHERE cl.schedule = 'lump_sum' AND cl.amount > 0 AND cl.due <= \(date)::date
              AND NOT EXISTS (SELECT 1 FROM payout_lines p WHERE p.claim_line_id = cl.id AND p.kind = 'lump_sum')
            ORDER BY cl.claim_id, cl.position
            """)
        for row in result {
            let lineID: String = try row[0]
            var candidate = try candidate(
                row, sourceKey: "claim_line:\(lineID)", kind: "lump_sum", amount: try row[12], due: try row[13])
            if let seconds: Int64 = try row[14], let program = PayoutProgram(rawValue: candidate.program) {
                let completeOn = WIBDateTime(unixSeconds: seconds).date
                candidate.completeOn = completeOn
                candidate.deadline = ServiceLevel.deadline(
                    program: program, completeness: completeOn, calendar: calendar)
            }
            candidates.append(candidate)
        }
    }

    static func collectInstallments(until date: CivilDate, into candidates: inout [Candidate], _ connection: Connection)
        throws
    {
        let result = try connection.execute(
            """
            SELECT \(unescaped: claimColumns), ci.amount, ci.due, ci.seq
            FROM claim_installments_all ci JOIN payable_claim_lines cl ON cl.id = ci.line_id
            WHERE cl.schedule = 'yearly' AND ci.amount > 0 AND ci.due <= \(date)::date
              AND NOT EXISTS (
                  SELECT 1 FROM payout_lines p
                  WHERE p.claim_line_id = cl.id AND p.kind = 'installment' AND p.installment_seq = ci.seq)
            ORDER BY cl.claim_id, cl.position, ci.seq
            """)
        for row in result {
            let lineID: String = try row[0]
            let seq: Int = try row[14]
            var candidate = try candidate(
                row, sourceKey: "installment:\(lineID):\(seq)", kind: "installment", amount: try row[12],
                due: try row[13])
            candidate.installmentSeq = seq
            candidates.append(candidate)
        }
    }

    /// Inserts the candidates in one call of `payout_lines_create_due` (Schema/0010_roles.sql); a source that
    /// already has a live line (created concurrently) is skipped.
    ///
    /// Only what falls due travels (kind, claim line, instalment, due date, service-level dates, whether the case's
    /// account is valid): the function reads the amount, payee and account from the payable claim line itself, so
    /// no caller can make up an amount or an account, and records the login as `created_by`.
    static func insert(
        _ candidates: [Candidate], into outcome: inout DueOutcome, by user: String, _ connection: Connection
    ) throws {
        let result = try connection.execute(
            """
            SELECT kind, created, awaiting FROM payout_lines_create_due(\(user),
                \(postgresArrayLiteral(texts: candidates.map(\.kind)))::text[],
                \(postgresArrayLiteral(texts: candidates.map(\.claimLineID)))::text[],
                \(postgresArrayLiteral(texts: candidates.map { $0.installmentSeq.map(String.init) }))::integer[],
                \(postgresArrayLiteral(texts: candidates.map(\.due.description)))::date[],
                \(postgresArrayLiteral(texts: candidates.map { $0.completeOn?.description }))::date[],
                \(postgresArrayLiteral(texts: candidates.map { $0.deadline?.description }))::date[],
                \(postgresArrayLiteral(texts: candidates.map { $0.account == nil ? "f" : "t" }))::boolean[],
                \(postgresArrayLiteral(texts: candidates.map(\.accountProblem)))::text[])
            """)
        for row in result {
            let kind: String = try row[0]
            outcome.createdByKind[kind, default: 0] += try row[1] as Int
            outcome.awaitingBankDetails += try row[2] as Int
        }
    }
}
