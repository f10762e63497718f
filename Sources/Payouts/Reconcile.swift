public import Postgres

/// Importing a bank's pain.002 status report for a batch (`santunan batch reconcile`).
public enum Reconcile {
    /// What an import did.
    public struct Outcome: Sendable, Hashable {
        /// The report's `GrpHdr/MsgId`.
        public var reportID: String
        /// True when this report had been imported before: nothing changed.
        public var alreadyImported: Bool
        public var paid: Int = 0
        public var rejected: Int = 0
        public var pending: Int = 0
        /// Statuses that repeated what was already recorded.
        public var unchanged: Int = 0
        /// New payout lines: re-payments of rejected lines and late-payment penalties.
        public var newLines: [String] = []
        /// Lines of the batch still without a final status.
        public var pendingAfter: Int = 0
        public var batchState: BatchState
        public var warnings: [String] = []
    }

    /// Imports `reportBytes` (a pain.002.001.03, already validated against its XSD by the caller) for `batchID`.
    ///
    /// In one transaction: settled lines become paid (a JKK line, or a JAKON JKM line, paid after its service-level
    /// deadline gets a late-payment penalty line); rejected lines record their reason and their claim line is paid
    /// again by a NEW payout line (payable at once, or waiting for corrected bank details or a review, by reason);
    /// pending lines stay in the batch. Every status is kept in `payout_line_statuses`.
    ///
    /// - Parameters:
    ///   - now: the import time (injected clock); its date stands in for a settlement date the bank did not give.
    ///   - calendar: unused today beyond the deadline already stored on each line; kept for penalty dates.
    /// - Throws: ``PayoutError`` with nothing written: `unknownLine` for an `OrgnlEndToEndId` not in the batch,
    ///   `invalidReport` for a report of another batch or a MsgId reused with different content,
    ///   `conflictingStatus` when a terminal status would change, `invalidTransition` for a batch not exported.
    public static func importReport(
        _ reportBytes: [UInt8], batchID: String, by user: String, now: WIBDateTime, ledger: any PayoutLedgerHook,
        on connection: Connection
    ) throws -> Outcome {
        let report = try StatusReport.parse(reportBytes)
        return try connection.transaction { connection in
            let batch = try Batches.summary(batchID, forUpdate: true, on: connection)
            let digest: String = try connection.execute("SELECT encode(sha256(\(reportBytes)), 'hex')")[0, 0]
            if let messageID = report.messageID {
                let existing = try connection.execute(
                    "SELECT batch_id, file_sha256 FROM payout_status_reports WHERE message_id = \(messageID)")
                if let row = existing.first {
                    let existingBatch: String = try row[0]
                    let existingDigest: String = try row[1]
                    guard existingBatch == batchID, existingDigest == digest else {
                        throw PayoutError(
                            .invalidReport, field: "GrpHdr/MsgId",
                            reason: "\(messageID) was already imported with different content or for batch "
                                + "\(existingBatch); ask the bank for a corrected report with a new MsgId")
                    }
                    return Outcome(reportID: messageID, alreadyImported: true, batchState: batch.state)
                }
            }
            let lines = try reconcilableLines(batchID, connection)
            let plan = try ReconciliationPlan(
                report: report, batchID: batchID, lines: lines, reportDate: now.date,
                settlementWindow: settlementWindow(batch, now: now))
            var workflow = BatchWorkflow(state: batch.state, preparedBy: batch.preparedBy)
            let actions = try workflow.handle(.reconcile(by: user, pendingAfter: plan.pendingAfter), batchID: batchID)

            var outcome = Outcome(reportID: plan.reportID, alreadyImported: false, batchState: workflow.state)
            outcome.pendingAfter = plan.pendingAfter
            outcome.warnings = plan.warnings
            try connection.execute(
                """
                INSERT INTO payout_status_reports (
                    message_id, batch_id, file_sha256, group_status, bank_created_at, imported_by, imported_at)
                VALUES (\(plan.reportID), \(batchID), \(digest), \(report.groupStatus),
                        to_timestamp(\(report.createdAt?.unixSeconds)), \(user), to_timestamp(\(now.unixSeconds)))
                """)
            for action in actions {
                switch action {
                case .applyLineStatuses:
                    try apply(plan, batchID: batchID, by: user, now: now, ledger: ledger, outcome: &outcome, connection)
                case .changeState(let state):
                    try connection.execute(
                        """
                        UPDATE payout_batches SET state = \(state.rawValue),
                            reconciled_at = to_timestamp(\(now.unixSeconds))
                        WHERE id = \(batchID)
                        """)
                case .recordHistory(let kind, let actor, _):
                    let note =
                        "report \(plan.reportID): \(outcome.paid) paid, \(outcome.rejected) rejected, "
                        + "\(outcome.pending) pending, \(plan.pendingAfter) still open"
                    try Batches.recordHistory(batchID, kind, actor: actor, note: note, now: now, connection)
                case .releaseLines, .writeTransferFile:
                    break
                }
            }
            return outcome
        }
    }

    /// The batch's life: from its approval day (WIB) to the import day + 1. A batch not yet approved (which the
    /// workflow refuses to reconcile anyway) gets the import day + 1 alone.
    static func settlementWindow(_ batch: BatchSummary, now: WIBDateTime) -> ClosedRange<BankDate> {
        let latest = now.date.adding(days: 1)
        let approved = batch.decidedAt?.date ?? latest
        return min(approved, latest)...latest
    }

    static func reconcilableLines(_ batchID: String, _ connection: Connection) throws -> [ReconcilableLine] {
        let result = try connection.execute(
            """
            SELECT p.id, p.amount, p.status FROM payout_batch_lines b JOIN payout_lines p ON p.id = b.line_id
            WHERE b.batch_id = \(batchID)
            """)
        var lines: [ReconcilableLine] = []
        lines.reserveCapacity(result.count)
        for row in result {
            let status: String = try row[2]
            lines.append(
                ReconcilableLine(lineID: try row[0], amount: try row[1], outcome: LineOutcome(rawValue: status)))
        }
        return lines
    }

    /// Records the plan's statuses, moves the lines, creates re-payment and penalty lines, and posts to the ledger.
    static func apply(
        _ plan: ReconciliationPlan, batchID: String, by user: String, now: WIBDateTime, ledger: any PayoutLedgerHook,
        outcome: inout Outcome, _ connection: Connection
    ) throws {
        try connection.executeScript(
            """
            CREATE TEMP TABLE payout_status_updates (
                line_id text PRIMARY KEY, iso_status text, outcome text, reason_code text, additional_info text,
                paid_on date, changes boolean, follow_up text
            ) ON COMMIT DROP
            """)
        try connection.copyIn("COPY payout_status_updates FROM STDIN") { writer in
            for update in plan.updates {
                try writer.writeRow([
                    update.lineID, update.isoStatus, update.outcome.rawValue, update.reasonCode,
                    update.additionalInfo, update.paidOn, update.changes,
                    update.reasonCode.map { RejectionFollowUp.of(reasonCode: $0).rawValue },
                ])
            }
        }
        for update in plan.updates {
            if !update.changes {
                outcome.unchanged += 1
                continue
            }
            switch update.outcome {
            case .paid: outcome.paid += 1
            case .rejected: outcome.rejected += 1
            case .pending: outcome.pending += 1
            }
        }
        try connection.execute(
            """
            INSERT INTO payout_line_statuses (
                report_id, line_id, iso_status, outcome, reason_code, additional_info, paid_on, recorded_at)
            SELECT \(plan.reportID), line_id, iso_status, outcome, reason_code, additional_info, paid_on,
                   to_timestamp(\(now.unixSeconds))
            FROM payout_status_updates ORDER BY line_id
            """)
        try connection.execute(
            """
            UPDATE payout_lines p
            SET status = u.outcome, bank_status = u.iso_status, reject_reason = u.reason_code, paid_on = u.paid_on,
                status_note = u.additional_info, status_changed_at = to_timestamp(\(now.unixSeconds))
            FROM payout_status_updates u
            WHERE p.id = u.line_id AND u.changes
            """)
        // A rejected line is never paid again itself: its claim line gets a new payout line (new id), payable at
        // once or held for corrected bank details or a review, depending on the reason.
        let repayments = try connection.execute(
            """
            INSERT INTO payout_lines (
                id, seq, source_key, kind, claim_id, claim_line_id, installment_seq, pension_month, penalty_for,
                replaces, case_id, kpj, segment, program, item, amount, payee_role, payee_nik, bank_bic,
                bank_account_number, bank_account_holder, due, complete_on, deadline, status, status_note, created_by)
            SELECT payout_line_id(n.new_seq), n.new_seq, n.source_key, n.kind, n.claim_id, n.claim_line_id,
                   n.installment_seq,
                   n.pension_month, n.penalty_for, n.id, n.case_id, n.kpj, n.segment, n.program, n.item, n.amount,
                   n.payee_role, n.payee_nik,
                   CASE WHEN n.follow_up = 'awaiting_bank_details' THEN NULL ELSE n.bank_bic END,
                   CASE WHEN n.follow_up = 'awaiting_bank_details' THEN NULL ELSE n.bank_account_number END,
                   CASE WHEN n.follow_up = 'awaiting_bank_details' THEN NULL ELSE n.bank_account_holder END,
                   n.due, n.complete_on, n.deadline, n.follow_up,
                   'pays again ' || n.id || ' rejected ' || n.reason_code, \(user)
            FROM (SELECT nextval('payout_line_seq') AS new_seq, o.*
                  FROM (SELECT p.*, u.follow_up, u.reason_code
                        FROM payout_status_updates u JOIN payout_lines p ON p.id = u.line_id
                        WHERE u.changes AND u.outcome = 'rejected' ORDER BY p.seq) o) n
            RETURNING id
            """)
        for row in repayments { outcome.newLines.append(try row[0]) }
        try addPenalties(by: user, outcome: &outcome, connection)

        let changed = try connection.execute(
            """
            SELECT p.id, p.claim_id, p.case_id, p.claim_line_id, p.program, p.item, p.amount, p.payee_nik, p.kpj,
                   u.outcome, u.paid_on, u.reason_code
            FROM payout_status_updates u JOIN payout_lines p ON p.id = u.line_id
            WHERE u.changes AND u.outcome IN ('paid', 'rejected') ORDER BY p.seq
            """)
        for row in changed {
            let line = PostedLine(
                lineID: try row[0], claimID: try row[1], caseID: try row[2], claimLineID: try row[3],
                program: PayoutProgram(rawValue: try row[4]) ?? .jkk, item: try row[5], amount: try row[6],
                payeeNIK: try row[7], kpj: try row[8])
            let lineOutcome: String = try row[9]
            if lineOutcome == "paid", let paidOn: BankDate = try row[10] {
                try ledger.linePaid(line, batchID: batchID, paidOn: paidOn, on: connection)
            } else if let reason: String = try row[11] {
                try ledger.lineRejected(line, batchID: batchID, reasonCode: reason, on: connection)
            }
        }
    }

    /// Adds a `late_payment_penalty` line for each lump-sum line just paid after its deadline, when its program
    /// carries the penalty (JKK; JKM for JAKON), paid to the same account (PP 44/2015 Pasal 37(3)).
    static func addPenalties(by user: String, outcome: inout Outcome, _ connection: Connection) throws {
        let late = try connection.execute(
            """
            SELECT p.id, p.program, p.segment, p.amount, p.deadline, u.paid_on
            FROM payout_status_updates u JOIN payout_lines p ON p.id = u.line_id
            WHERE u.changes AND u.outcome = 'paid' AND p.kind = 'lump_sum' AND p.deadline IS NOT NULL
              AND u.paid_on > p.deadline
            ORDER BY p.seq
            """)
        for row in late {
            let id: String = try row[0]
            guard let program = PayoutProgram(rawValue: try row[1]),
                ServiceLevel.penaltyApplies(program: program, segment: try row[2])
            else { continue }
            let deadline: BankDate = try row[4]
            let paidOn: BankDate = try row[5]
            let days = ServiceLevel.daysLate(deadline: deadline, paidOn: paidOn)
            let penalty = ServiceLevel.latePaymentPenalty(santunan: try row[3], daysLate: days)
            guard penalty > 0 else { continue }
            // Settlement dates are bounded by the batch's life, so this holds for any real santunan; a penalty
            // beyond the largest payable amount means a corrupt line and must not reach a batch.
            guard penalty <= ServiceLevel.largestPenalty else {
                throw PayoutError(
                    .invalidValue, field: "\(id).late_payment_penalty",
                    reason: "\(days) days late gives \(penalty), above the largest payable amount "
                        + "\(ServiceLevel.largestPenalty); nothing imported")
            }
            let inserted = try connection.execute(
                """
                INSERT INTO payout_lines (
                    id, seq, source_key, kind, claim_id, claim_line_id, penalty_for, case_id, kpj, segment, program,
                    item, amount, payee_role, payee_nik, bank_bic, bank_account_number, bank_account_holder, due,
                    status, status_note, created_by)
                SELECT payout_line_id(n.seq), n.seq, 'penalty:' || p.claim_line_id, 'late_payment_penalty',
                       p.claim_id, p.claim_line_id, p.id, p.case_id, p.kpj, p.segment, p.program,
                       'late_payment_penalty', \(penalty), p.payee_role, p.payee_nik, p.bank_bic,
                       p.bank_account_number, p.bank_account_holder, \(paidOn)::date, 'payable',
                       \(days) || ' days late after deadline ' || p.deadline || ' (PP 44/2015 Pasal 37(3))', \(user)
                FROM payout_lines p, (SELECT nextval('payout_line_seq') AS seq) n
                WHERE p.id = \(id)
                ON CONFLICT (source_key) WHERE status NOT IN ('rejected', 'cancelled') DO NOTHING
                RETURNING id
                """)
            for row in inserted { outcome.newLines.append(try row[0]) }
        }
    }
}
