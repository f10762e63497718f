public import Postgres

/// Preparing, deciding on and exporting payout batches in the database, driven by ``BatchWorkflow``.
public enum Batches {
    static let summaryColumns = """
        id, state, program, line_count, total,
        (SELECT string_agg(key || ':' || (value->>'lines') || ':' || (value->>'total'), ';')
           FROM jsonb_each(totals_by_program)), prepared_by,
        extract(epoch FROM prepared_at)::bigint, decided_by, extract(epoch FROM decided_at)::bigint,
        rejection_reason, requested_execution_date
        """

    /// Gathers the payable lines that are in no open batch (oldest first) into a new batch, with its header totals.
    ///
    /// - Parameters:
    ///   - program: only lines of this program, when given.
    ///   - maxLines: at most this many lines, when given.
    ///   - now: the preparation time (injected clock); the batch id carries its WIB year.
    /// - Returns: the new batch, or nil when no line is payable.
    public static func prepare(
        by user: String, program: PayoutProgram?, maxLines: Int?, now: WIBDateTime, on connection: Connection
    ) throws -> BatchSummary? {
        if let maxLines, maxLines < 1 {
            throw PayoutError(.invalidValue, field: "--max-lines", reason: "must be at least 1")
        }
        return try connection.transaction { connection in
            // One call picks the lines (rows another prepare has locked are skipped; the unique index on open batch
            // lines backs that up), writes the header with its totals, the batch's lines and the history. The
            // preparer is the login (or the checked --as of the single-user set-up), never a name written here.
            let batchID: String? = try connection.execute(
                """
                SELECT payout_batch_prepare(\(user), \(program?.rawValue), \(maxLines.map(Int64.init))::integer,
                    to_timestamp(\(now.unixSeconds)))
                """)[0, 0]
            guard let batchID else { return nil }
            return try summary(batchID, on: connection)
        }
    }

    /// The batch's header, or a ``PayoutError/Code/notFound`` error.
    ///
    /// - Parameter forUpdate: lock the batch until the end of the transaction first (`payout_batch_lock`: an
    ///   approver has no UPDATE right, which `FOR UPDATE` would need).
    public static func summary(_ batchID: String, forUpdate: Bool = false, on connection: Connection) throws
        -> BatchSummary
    {
        if forUpdate {
            try connection.execute("SELECT payout_batch_lock(\(batchID))")
        }
        let result = try connection.execute(
            "SELECT \(unescaped: summaryColumns) FROM payout_batches WHERE id = \(batchID)")
        guard let row = result.first else {
            throw PayoutError(
                .notFound, field: "batch \(batchID)", reason: "no such batch; list them with santunan batch list")
        }
        return try decodeSummary(row)
    }

    /// The most recent batches, newest first.
    public static func list(limit: Int = 50, on connection: Connection) throws -> [BatchSummary] {
        let result = try connection.execute(
            "SELECT \(unescaped: summaryColumns) FROM payout_batches ORDER BY seq DESC LIMIT \(limit)")
        return try result.map(decodeSummary)
    }

    static func decodeSummary(_ row: QueryResult.Row) throws -> BatchSummary {
        let stateText: String = try row[1]
        let programText: String? = try row[2]
        let totalsText: String = try row[5]
        return BatchSummary(
            id: try row[0], state: BatchState(rawValue: stateText) ?? .prepared,
            program: programText.flatMap(PayoutProgram.init(rawValue:)), lineCount: try row[3], total: try row[4],
            totals: parseTotals(totalsText), preparedBy: try row[6],
            preparedAt: WIBDateTime(unixSeconds: try row[7]), decidedBy: try row[8],
            decidedAt: (try row[9] as Int64?).map(WIBDateTime.init(unixSeconds:)), rejectionReason: try row[10],
            requestedExecutionDate: try row[11])
    }

    /// Reads `JKK:2:150000000;JKM:1:42000000` (the header's per-program totals) in program order.
    static func parseTotals(_ text: String) -> [BatchSummary.ProgramTotal] {
        var totals: [BatchSummary.ProgramTotal] = []
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: ":")
            guard parts.count == 3, let program = PayoutProgram(rawValue: String(parts[0])),
                let lines = Int(parts[1]), let total = Int64(parts[2])
            else { continue }
            totals.append(.init(program: program, lines: lines, total: total))
        }
        return totals.sorted { $0.program < $1.program }
    }

    /// The checker's decision: approve, or reject with a reason. The preparer is refused (``PayoutError/Code/makerChecker``)
    /// here and, independently, by the database (`payout_batch_decide` compares the logins, and records the login
    /// as `decided_by`).
    ///
    /// - Parameters:
    ///   - reason: nil to approve; the rejection reason to reject.
    ///   - calendar: approval fixes the requested execution date, the first working day on or after it.
    ///   - ledger: receives the approval, in the same transaction.
    public static func decide(
        _ batchID: String, by user: String, rejecting reason: String?, now: WIBDateTime,
        calendar: WorkingDayCalendar, ledger: any PayoutLedgerHook, on connection: Connection
    ) throws -> BatchSummary {
        try connection.payoutTransaction { connection in
            let batch = try summary(batchID, forUpdate: true, on: connection)
            // The checker as the database records it: the login of a personal login, whatever --as says.
            let user: String = try connection.execute("SELECT santunan_actor(\(user))")[0, 0]
            var workflow = BatchWorkflow(state: batch.state, preparedBy: batch.preparedBy)
            let event: BatchWorkflow.Event =
                if let reason { .reject(by: user, reason: reason) } else { .approve(by: user) }
            let actions = try workflow.handle(event, batchID: batchID)
            let executionDate = calendar.workingDay(onOrAfter: now.date)
            for action in actions {
                switch action {
                case .changeState:
                    // The decision and its history row, in one call that checks maker-checker again.
                    try connection.execute(
                        """
                        SELECT payout_batch_decide(\(batchID), \(user), \(reason), to_timestamp(\(now.unixSeconds)),
                            \(executionDate)::date)
                        """)
                case .recordHistory:
                    break  // recorded by payout_batch_decide
                case .releaseLines:
                    break  // the database's batch trigger closes the batch's lines when it is rejected
                case .writeTransferFile, .applyLineStatuses:
                    break
                }
            }
            let decided = try summary(batchID, on: connection)
            if reason == nil {
                try ledger.batchApproved(decided, lines: try postedLines(batchID, on: connection), on: connection)
            }
            return decided
        }
    }

    /// The lines of a batch as the ledger sees them (no bank data).
    public static func postedLines(_ batchID: String, on connection: Connection) throws -> [PostedLine] {
        let result = try connection.execute(
            """
            SELECT p.id, p.claim_id, p.case_id, p.claim_line_id, p.program, p.item, p.amount, p.payee_nik, p.kpj
            FROM payout_batch_lines b JOIN payout_lines p ON p.id = b.line_id
            WHERE b.batch_id = \(batchID) ORDER BY p.seq
            """)
        return try result.map { row in
            PostedLine(
                lineID: try row[0], claimID: try row[1], caseID: try row[2], claimLineID: try row[3],
                program: PayoutProgram(rawValue: try row[4]) ?? .jkk, item: try row[5], amount: try row[6],
                payeeNIK: try row[7], kpj: try row[8])
        }
    }

    /// The export formats.
    public enum ExportFormat: String, Sendable, CaseIterable {
        /// ISO 20022 pain.001.001.03 for the bank; the first export moves the batch to `exported`.
        case pain001
        /// RFC 4180 CSV for people; no state change.
        case csv
    }

    /// Builds the transfer file of an approved (or already exported) batch and hands its bytes to `write` inside
    /// the transaction, so the batch is marked exported only if the file was written.
    ///
    /// `CreDtTm` is the approval time, so exporting twice gives the same bytes.
    ///
    /// - Throws: ``PayoutError/Code/invalidTransition`` for a batch that is not approved; ``PayoutError`` from the
    ///   checks of ``TransferFile`` (nothing is written then).
    public static func export(
        _ batchID: String, format: ExportFormat, debtor: DebtorAccount, by user: String, now: WIBDateTime,
        on connection: Connection, write: ([UInt8]) throws -> Void
    ) throws -> TransferFile {
        try connection.transaction { connection in
            let batch = try summary(batchID, forUpdate: format == .pain001, on: connection)
            var actions: [BatchWorkflow.Action] = [.writeTransferFile]
            if format == .pain001 {
                var workflow = BatchWorkflow(state: batch.state, preparedBy: batch.preparedBy)
                actions = try workflow.handle(.export(by: user), batchID: batchID)
            } else if batch.state == .rejected {
                throw PayoutError(
                    .invalidTransition, field: "batch \(batchID)",
                    reason: "is rejected; its lines go into a new batch: santunan batch prepare --as MAKER")
            }
            // The CSV of a prepared batch is the checker's preview (issue 18: approvers see what they approve); it
            // carries no approval time or execution date, so it is the same file after approval.
            let file: TransferFile
            if batch.state == .prepared {
                file = try preview(batch, debtor: debtor, now: now, on: connection)
            } else {
                guard let approvedAt = batch.decidedAt, let executionDate = batch.requestedExecutionDate else {
                    throw PayoutError(.invalidTransition, field: "batch \(batchID)", reason: "has no approval recorded")
                }
                file = try TransferFile(
                    batchID: batchID, createdAt: approvedAt, requestedExecutionDate: executionDate, debtor: debtor,
                    lines: try transferLines(batchID, connection), expectedCount: batch.lineCount,
                    expectedTotal: batch.total)
            }
            for action in actions {
                switch action {
                case .writeTransferFile:
                    try write(format == .pain001 ? file.pain001() : file.csv())
                case .recordHistory:
                    // The state change (first export) and the history row (export or re-export) in one call.
                    try connection.execute(
                        "SELECT payout_batch_exported(\(batchID), \(user), to_timestamp(\(now.unixSeconds)))")
                case .changeState, .releaseLines, .applyLineStatuses:
                    break
                }
            }
            return file
        }
    }

    /// The transfer file a batch would be exported as, whatever its state: for a prepared batch, as if it were
    /// approved `now` (the CSV does not depend on it; the pain.001's CreDtTm and execution date would).
    ///
    /// The same checks as an export (counts, control sum, every value exportable), so a batch that could not be
    /// exported says so before anyone approves it.
    public static func preview(
        _ batch: BatchSummary, debtor: DebtorAccount, now: WIBDateTime, on connection: Connection
    ) throws -> TransferFile {
        try TransferFile(
            batchID: batch.id, createdAt: batch.decidedAt ?? now,
            requestedExecutionDate: batch.requestedExecutionDate ?? now.date, debtor: debtor,
            lines: try transferLines(batch.id, connection), expectedCount: batch.lineCount, expectedTotal: batch.total)
    }

    /// One line of a batch as its checker reviews it.
    public struct Line: Sendable, Hashable {
        public var lineID: String
        public var caseID: String
        public var program: PayoutProgram
        public var item: String
        public var kind: String
        public var amount: Int64
        public var due: BankDate
        public var payeeNIK: String?
        /// The account holder, as the transfer file names the payee.
        public var payeeName: String?
        public var bic: String?
        public var accountNumber: String?
        /// The line's own status (payable until the bank reports on it).
        public var status: String
    }

    /// The lines of a batch, in line order.
    public static func lines(_ batchID: String, on connection: Connection) throws -> [Line] {
        let result = try connection.execute(
            """
            SELECT p.id, p.case_id, p.program, p.item, p.kind, p.amount, p.due, p.payee_nik, p.bank_account_holder,
                   p.bank_bic, p.bank_account_number, p.status
            FROM payout_batch_lines b JOIN payout_lines p ON p.id = b.line_id
            WHERE b.batch_id = \(batchID) ORDER BY p.seq
            """)
        return try result.map { row in
            Line(
                lineID: try row[0], caseID: try row[1], program: PayoutProgram(rawValue: try row[2]) ?? .jkk,
                item: try row[3], kind: try row[4], amount: try row[5], due: try row[6], payeeNIK: try row[7],
                payeeName: try row[8], bic: try row[9], accountNumber: try row[10], status: try row[11])
        }
    }

    static func transferLines(_ batchID: String, _ connection: Connection) throws -> [TransferLine] {
        let result = try connection.execute(
            """
            SELECT p.id, p.amount, p.program, p.bank_bic, p.bank_account_holder, p.bank_account_number, p.case_id,
                   p.kpj
            FROM payout_batch_lines b JOIN payout_lines p ON p.id = b.line_id
            WHERE b.batch_id = \(batchID) ORDER BY p.seq
            """)
        var lines: [TransferLine] = []
        lines.reserveCapacity(result.count)
        for row in result {
            let id: String = try row[0]
            guard let bic: String = try row[3], let holder: String = try row[4], let number: String = try row[5] else {
                throw PayoutError(.invalidValue, field: "\(id).bank_account", reason: "the line has no bank account")
            }
            lines.append(
                TransferLine(
                    lineID: id, amount: try row[1], program: PayoutProgram(rawValue: try row[2]) ?? .jkk,
                    creditorBIC: bic, creditorName: holder, creditorAccount: number, caseID: try row[6],
                    kpj: try row[7]))
        }
        return lines
    }
}
