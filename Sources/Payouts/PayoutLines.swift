public import BenefitRules
public import Postgres

/// Creating payout lines as claim lines fall due (`santunan payouts due --on DATE`).
public enum PayoutLines {
    /// What one run created.
    public struct DueOutcome: Sendable, Hashable {
        /// New lines, by kind (`lump_sum`, `installment`, `pension_month`, `pension_arrears`).
        public var createdByKind: [String: Int] = [:]
        /// Pension months found paid too much (`pension_recoveries`): amounts to recover, not transfers.
        public var recoveries = 0
        /// New lines that cannot be paid until the payee's bank details are given or corrected.
        public var awaitingBankDetails = 0

        public var created: Int { createdByKind.values.reduce(0, +) }
    }

    /// One line to create.
    struct Candidate {
        var sourceKey: String
        var kind: String
        var claimID: Int64
        var claimLineID: String
        var installmentSeq: Int?
        var pensionMonth: BankDate?
        var caseID: String
        var kpj: String?
        var segment: String?
        var program: String
        var item: String
        var amount: Int64
        var payeeRole: String
        var payeeNIK: String?
        var account: BankAccount?
        var accountProblem: String?
        var due: BankDate
        var completeOn: BankDate?
        var deadline: BankDate?
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
    ///   - pensions: the pension bounds and indexation of `config/jp.yaml`.
    ///   - user: recorded as `created_by`.
    public static func createDue(
        on date: BankDate, calendar: WorkingDayCalendar, pensions: PensionInPayment, by user: String,
        on connection: Connection
    ) throws -> DueOutcome {
        try connection.transaction { connection in
            var candidates: [Candidate] = []
            var pensionWork = PensionWork()
            try collectLumpSums(until: date, calendar: calendar, into: &candidates, connection)
            try collectInstallments(until: date, into: &candidates, connection)
            try collectPensionMonths(
                until: date, pensions: pensions, into: &candidates, work: &pensionWork, connection)
            var outcome = DueOutcome()
            if !candidates.isEmpty { outcome = try insert(candidates, by: user, connection) }
            outcome.recoveries = try recordPensionWork(pensionWork, by: user, connection)
            return outcome
        }
    }

    static let claimColumns = """
        cl.id, cl.claim_id, c.case_id, s.kpj,
        (SELECT m->>'segment' FROM json_array_elements(s.case_document->'participant'->'memberships') m
          WHERE m->>'kpj' = s.kpj LIMIT 1),
        cl.program, cl.item, cl.payee_role, cl.payee_nik, cl.bank_bic, cl.bank_account_number, cl.bank_account_holder
        """

    static let payableClaimLines = """
        FROM claim_lines cl JOIN claims c ON c.id = cl.claim_id JOIN submissions s ON s.id = c.id
        WHERE c.status = 'payable' AND cl.payee_role NOT IN ('dana_jaminan_sosial', 'balai_harta_peninggalan')
        """

    /// Reads the common columns (0…11) of a claim line row into a candidate.
    static func candidate(_ row: QueryResult.Row, sourceKey: String, kind: String, amount: Int64, due: BankDate) throws
        -> Candidate
    {
        var account: BankAccount?
        var problem: String?
        if let bic: String = try row[9], let number: String = try row[10], let holder: String = try row[11] {
            let given = BankAccount(bic: bic, number: number, holder: holder)
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
        until date: BankDate, calendar: WorkingDayCalendar, into candidates: inout [Candidate], _ connection: Connection
    ) throws {
        let result = try connection.execute(
            """
            SELECT \(unescaped: claimColumns), cl.amount, cl.due,
                   extract(epoch FROM payout_claim_complete_at(c.id))::bigint
            \(unescaped: payableClaimLines)
              AND cl.schedule = 'lump_sum' AND cl.amount > 0 AND cl.due <= \(date)::date
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

    static func collectInstallments(until date: BankDate, into candidates: inout [Candidate], _ connection: Connection)
        throws
    {
        let result = try connection.execute(
            """
            SELECT \(unescaped: claimColumns), ci.amount, ci.due, ci.seq
            FROM claim_installments ci JOIN claim_lines cl ON cl.id = ci.line_id
                 JOIN claims c ON c.id = cl.claim_id JOIN submissions s ON s.id = c.id
            WHERE c.status = 'payable' AND cl.payee_role NOT IN ('dana_jaminan_sosial', 'balai_harta_peninggalan')
              AND cl.schedule = 'yearly' AND ci.amount > 0 AND ci.due <= \(date)::date
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

    /// Inserts the candidates in one statement through a temporary table; a source that already has a live line
    /// (created concurrently) is skipped.
    static func insert(_ candidates: [Candidate], by user: String, _ connection: Connection) throws -> DueOutcome {
        try connection.executeScript(
            """
            CREATE TEMP TABLE payout_line_candidates (
                ord bigint, source_key text, kind text, claim_id bigint, claim_line_id text, installment_seq integer,
                pension_month date, case_id text, kpj text, segment text, program text, item text, amount bigint,
                payee_role text, payee_nik text, bank_bic text, bank_account_number text, bank_account_holder text,
                due date, complete_on date, deadline date, status text, status_note text
            ) ON COMMIT DROP
            """)
        try connection.copyIn("COPY payout_line_candidates FROM STDIN") { writer in
            for (index, line) in candidates.enumerated() {
                try writer.writeRow([
                    index, line.sourceKey, line.kind, line.claimID, line.claimLineID, line.installmentSeq,
                    line.pensionMonth, line.caseID, line.kpj, line.segment, line.program, line.item, line.amount,
                    line.payeeRole, line.payeeNIK, line.account?.bic, line.account?.number, line.account?.holder,
                    line.due, line.completeOn, line.deadline,
                    line.account == nil ? "awaiting_bank_details" : "payable", line.accountProblem,
                ])
            }
        }
        let result = try connection.execute(
            """
            WITH inserted AS (
                INSERT INTO payout_lines (
                    id, seq, source_key, kind, claim_id, claim_line_id, installment_seq, pension_month, case_id, kpj,
                    segment, program, item, amount, payee_role, payee_nik, bank_bic, bank_account_number,
                    bank_account_holder, due, complete_on, deadline, status, status_note, created_by)
                SELECT payout_line_id(n.seq), n.seq, n.source_key, n.kind, n.claim_id, n.claim_line_id,
                       n.installment_seq, n.pension_month, n.case_id, n.kpj, n.segment, n.program, n.item, n.amount,
                       n.payee_role, n.payee_nik, n.bank_bic, n.bank_account_number, n.bank_account_holder, n.due,
                       n.complete_on, n.deadline, n.status, n.status_note, \(user)
                FROM (SELECT nextval('payout_line_seq') AS seq, c.*
                      FROM (SELECT * FROM payout_line_candidates ORDER BY ord) c) n
                ON CONFLICT (source_key) WHERE status NOT IN ('rejected', 'cancelled') DO NOTHING
                RETURNING kind, status)
            SELECT kind, count(*), count(*) FILTER (WHERE status = 'awaiting_bank_details')
            FROM inserted GROUP BY kind
            """)
        var outcome = DueOutcome()
        for row in result {
            outcome.createdByKind[try row[0]] = try row[1]
            outcome.awaitingBankDetails += try row[2] as Int
        }
        return outcome
    }
}
