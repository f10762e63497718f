import ClaimStore
public import Postgres
public import SantunanValues

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
    ///   - schema: the pain.002 XSD, validated in the same pass as the parse (``StatusReport/parse(_:schema:)``).
    /// - Throws: ``PayoutError`` with nothing written: `unknownLine` for an `OrgnlEndToEndId` not in the batch,
    ///   `invalidReport` for a report of another batch or a MsgId reused with different content,
    ///   `conflictingStatus` when a terminal status would change, `invalidTransition` for a batch not exported.
    public static func importReport(
        _ reportBytes: [UInt8], batchID: String, by user: String, now: WIBDateTime, ledger: any PayoutLedgerHook,
        on connection: Connection, schema: XMLSchema? = nil
    ) throws -> Outcome {
        let report = try StatusReport.parse(reportBytes, schema: schema)
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
            if actions.contains(.applyLineStatuses) {
                try apply(
                    plan, report: report, digest: digest, batchID: batchID, by: user, now: now, ledger: ledger,
                    outcome: &outcome, connection)
            }
            return outcome
        }
    }

    /// The batch's life: from its approval day (WIB) to the import day + 1. A batch not yet approved (which the
    /// workflow refuses to reconcile anyway) gets the import day + 1 alone.
    static func settlementWindow(_ batch: BatchSummary, now: WIBDateTime) -> ClosedRange<CivilDate> {
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

    /// Records the report and the plan's statuses, moves the lines, creates re-payment and penalty lines, closes the
    /// batch when no line is left open and records the history, all in one call of `payout_reconcile`
    /// (Schema/0010_roles.sql), the only way a line becomes paid or rejected; then posts to the ledger.
    static func apply(
        _ plan: ReconciliationPlan, report: StatusReport, digest: String, batchID: String, by user: String,
        now: WIBDateTime, ledger: any PayoutLedgerHook, outcome: inout Outcome, _ connection: Connection
    ) throws {
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
        let note =
            "report \(plan.reportID): \(outcome.paid) paid, \(outcome.rejected) rejected, "
            + "\(outcome.pending) pending, \(plan.pendingAfter) still open"
        let updates = plan.updates
        let newLines = try connection.execute(
            """
            SELECT line_id FROM payout_reconcile(\(batchID), \(user), to_timestamp(\(now.unixSeconds)), \(plan.reportID),
                \(digest), \(report.groupStatus), to_timestamp(\(report.createdAt?.unixSeconds)),
                \(postgresArrayLiteral(texts: updates.map(\.lineID)))::text[],
                \(postgresArrayLiteral(texts: updates.map(\.isoStatus)))::text[],
                \(postgresArrayLiteral(texts: updates.map(\.outcome.rawValue)))::text[],
                \(postgresArrayLiteral(texts: updates.map(\.reasonCode)))::text[],
                \(postgresArrayLiteral(texts: updates.map(\.additionalInfo)))::text[],
                \(postgresArrayLiteral(texts: updates.map { $0.paidOn?.description }))::date[],
                \(postgresArrayLiteral(texts: updates.map { $0.changes ? "t" : "f" }))::boolean[],
                \(postgresArrayLiteral(
                    texts: updates.map { $0.reasonCode.map { RejectionFollowUp.of(reasonCode: $0).rawValue } }))::text[],
                \(note))
            """)
        for row in newLines { outcome.newLines.append(try row[0]) }

        let changedIDs = updates.filter { $0.changes && $0.outcome != .pending }.map(\.lineID)
        guard !changedIDs.isEmpty else { return }
        let changed = try connection.execute(
            """
            SELECT p.id, p.claim_id, p.case_id, p.claim_line_id, p.program, p.item, p.amount, p.payee_nik, p.kpj,
                   p.status, p.paid_on, p.reject_reason
            FROM payout_lines p WHERE p.id = ANY(\(postgresArrayLiteral(texts: changedIDs))::text[]) ORDER BY p.seq
            """)
        for row in changed {
            let line = PostedLine(
                lineID: try row[0], claimID: try row[1], caseID: try row[2], claimLineID: try row[3],
                program: PayoutProgram(rawValue: try row[4]) ?? .jkk, item: try row[5], amount: try row[6],
                payeeNIK: try row[7], kpj: try row[8])
            let lineOutcome: String = try row[9]
            if lineOutcome == "paid", let paidOn: CivilDate = try row[10] {
                try ledger.linePaid(line, batchID: batchID, paidOn: paidOn, on: connection)
            } else if let reason: String = try row[11] {
                try ledger.lineRejected(line, batchID: batchID, reasonCode: reason, on: connection)
            }
        }
    }
}
