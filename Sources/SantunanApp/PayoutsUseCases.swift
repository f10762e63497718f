import ClaimStore
import Foundation
import Payouts
import SantunanValues

/// The payout family's use cases, one per command (`payouts …`, `batch …`, `claim payee`), for every door
/// (issue 17).
///
/// A door parses, calls one method and prints what it returns: the views below are SantunanApp's own types, plain
/// values (dates as ISO text, amounts as integer rupiah), so the CLI names no lower module. The work itself is
/// ``PayoutService``'s, which the HTTP service shares; this type adds the parsing of the doors' text inputs (dates,
/// programs, formats, `BANK:NUMBER[:NAME]`) so that every door refuses them with the same `error:` line.
public final class PayoutsUseCases {
    let session: AppSession

    public init(_ session: AppSession) {
        self.session = session
    }

    /// A payout service on the session's connection (the session keeps and closes it).
    func service() throws(AppError) -> PayoutService {
        let config = try PayoutConfig.load(paths: session.paths, on: session.clock.now.date)
        return PayoutService(
            connection: try session.database(), paths: session.paths, config: config, clock: session.clock,
            ledger: PayoutLedgerWiring.hook(), logger: session.logger)
    }

    // MARK: - payouts

    /// `payouts due [--on DATE] [--allow-future]`; `on` nil for today (WIB).
    public func createDueLines(on: String?, allowFuture: Bool, by user: String) throws(AppError) -> DueLinesView {
        var date: CivilDate?
        if let on {
            guard let parsed = CivilDate(iso: on) else {
                throw AppError(.usage, field: "--on", reason: DateAnswers.reason(on, else: "payouts.due.date-invalid"))
            }
            date = parsed
        }
        let service = try service()
        let day = date ?? service.clock.now.date
        let outcome = try service.createDueLines(on: day, allowFuture: allowFuture, by: user)
        return DueLinesView(
            on: day.description, created: outcome.created,
            createdByKind: outcome.createdByKind.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            awaitingBankDetails: outcome.awaitingBankDetails, recoveries: outcome.recoveries,
            pulledForward: outcome.pulledForward.map { ($0.lineID, $0.kind, $0.due.description) })
    }

    /// `payouts release LINE [--bic B --account N --holder H]`: the id of the line now payable.
    public func releaseLine(_ lineID: String, bic: String?, account: String?, holder: String?, by user: String)
        throws(AppError) -> String
    {
        let given = [bic, account, holder].compactMap { $0 }
        guard given.isEmpty || given.count == 3 else {
            throw AppError(.usage, field: "--bic/--account/--holder", reason: t("payouts.release.give-all-three"))
        }
        let newAccount = given.isEmpty ? nil : BankAccountRow(bic: bic!, number: account!, holder: holder!)
        return try service().releaseLine(lineID, account: newAccount, by: user)
    }

    /// `payouts release --all-waiting [--claim CLAIM]`: the lines released and the lines that now pay them.
    public func releaseWaiting(claim: String?, by user: String) throws(AppError) -> [ReleasedLineView] {
        try service().releaseWaiting(claim: claim, by: user).map {
            ReleasedLineView(released: $0.released, payable: $0.payable)
        }
    }

    /// `payouts waiting [--claim CLAIM]`.
    public func waitingLines(claim: String?) throws(AppError) -> [WaitingLineView] {
        try service().waitingLines(claim: claim).map { line in
            WaitingLineView(
                lineID: line.lineID, caseID: line.caseID, program: line.program.rawValue, item: line.item,
                amount: line.amount, due: line.due.description, payeeRole: line.payeeRole, payeeNIK: line.payeeNIK,
                note: line.note, accountBIC: line.account?.bic, accountHolder: line.account?.holder)
        }
    }

    // MARK: - claim payee

    /// `claim payee CLAIM [--heir NIK] --account BANK:NUMBER[:NAME]`.
    public func setPayee(claim: String, heir: String?, account: String, by user: String) throws(AppError) -> PayeeView {
        let parsed = try ClaimDraftInput.payeeAccount(account, field: "--account")
        let stored = try service().setPayee(
            claim: claim, payeeNIK: heir, bic: parsed.bankBIC, number: parsed.number, holder: parsed.holder, by: user)
        return PayeeView(
            caseID: stored.caseID, payeeNIK: stored.payeeNIK, bic: parsed.bankBIC, holder: stored.holder,
            releasable: stored.releasable)
    }

    // MARK: - batch

    /// `batch prepare`; nil when nothing is payable (nothing is created, no number is used).
    public func prepareBatch(by user: String, program: String?, maxLines: Int?) throws(AppError) -> BatchView? {
        if let maxLines, maxLines < 1 {
            throw AppError(.usage, field: "--max-lines", reason: t("payouts.prepare.max-lines-invalid"))
        }
        let program = try Self.program(program)
        return try service().prepareBatch(by: user, program: program, maxLines: maxLines).map(BatchView.init)
    }

    /// `batch approve ID`.
    public func approveBatch(_ batchID: String, by user: String) throws(AppError) -> BatchView {
        BatchView(try service().approveBatch(batchID, by: user))
    }

    /// `batch reject ID --reason TEXT`.
    public func rejectBatch(_ batchID: String, by user: String, reason: String) throws(AppError) -> BatchView {
        BatchView(try service().rejectBatch(batchID, by: user, reason: reason))
    }

    /// `batch list`.
    public func batches(limit: Int) throws(AppError) -> [BatchView] {
        try service().batches(limit: limit).map(BatchView.init)
    }

    /// `batch show ID`: the header, the lines and the export preview.
    public func batch(_ batchID: String) throws(AppError) -> BatchDetailView {
        let detail = try service().batchDetail(batchID)
        let lines = detail.lines.map { line in
            BatchLineView(
                lineID: line.lineID, caseID: line.caseID, program: line.program.rawValue, item: line.item,
                amount: line.amount, due: line.due.description, payeeNIK: line.payeeNIK, payeeName: line.payeeName,
                bic: line.bic, accountNumber: line.accountNumber, status: line.status)
        }
        let preview = detail.preview.map { file in
            ExportPreviewView(
                messageID: file.messageID, transfers: file.lines.count, controlSum: file.controlSum,
                csv: String(decoding: file.csv(), as: UTF8.self))
        }
        return BatchDetailView(batch: BatchView(detail.batch), lines: lines, preview: preview)
    }

    /// `batch export ID --format pain001|csv --out FILE`.
    public func exportBatch(_ batchID: String, format: String, to path: String, by user: String) throws(AppError)
        -> ExportView
    {
        guard let format = Batches.ExportFormat(rawValue: format) else {
            throw AppError(
                .usage, field: "--format", reason: t("payouts.export.format-invalid", ["given": .text(format)]))
        }
        // A device, directory or FIFO is refused before the batch is touched (OutputFile).
        _ = try OutputFile.check(path)
        let file = try service().exportBatch(batchID, format: format, to: path, by: user)
        return ExportView(transfers: file.lines.count, controlSum: file.controlSum, messageID: file.messageID)
    }

    /// `batch reconcile ID STATUS.xml`.
    public func reconcileBatch(_ batchID: String, reportPath: String, by user: String) throws(AppError)
        -> ReconcileView
    {
        let outcome = try service().reconcileBatch(batchID, reportPath: reportPath, by: user)
        return ReconcileView(
            reportID: outcome.reportID, alreadyImported: outcome.alreadyImported, paid: outcome.paid,
            rejected: outcome.rejected, pending: outcome.pending, unchanged: outcome.unchanged,
            stillOpen: outcome.pendingAfter, batchState: outcome.batchState.rawValue, newLines: outcome.newLines,
            warnings: outcome.warnings)
    }

    /// A program name from an option, or a usage error.
    static func program(_ text: String?) throws(AppError) -> PayoutProgram? {
        guard let text else { return nil }
        guard let program = PayoutProgram(rawValue: text.uppercased()) else {
            throw AppError(.usage, field: "--program", reason: t("payouts.program-invalid", ["given": .text(text)]))
        }
        return program
    }
}

// MARK: - Views

/// A batch's header and decision.
public struct BatchView: Sendable, Hashable {
    public struct ProgramTotal: Sendable, Hashable {
        public var program: String
        public var lines: Int
        public var total: Int64
    }

    public var id: String
    /// prepared, approved, rejected, exported, reconciled.
    public var state: String
    public var program: String?
    public var lineCount: Int
    public var total: Int64
    public var totals: [ProgramTotal]
    public var preparedBy: String
    /// ISO 8601 with the WIB offset, `2024-04-03T11:00:00+07:00`.
    public var preparedAt: String
    public var decidedBy: String?
    public var decidedAt: String?
    public var rejectionReason: String?
    public var requestedExecutionDate: String?

    init(_ batch: BatchSummary) {
        id = batch.id
        state = batch.state.rawValue
        program = batch.program?.rawValue
        lineCount = batch.lineCount
        total = batch.total
        totals = batch.totals.map { ProgramTotal(program: $0.program.rawValue, lines: $0.lines, total: $0.total) }
        preparedBy = batch.preparedBy
        preparedAt = batch.preparedAt.description
        decidedBy = batch.decidedBy
        decidedAt = batch.decidedAt?.description
        rejectionReason = batch.rejectionReason
        requestedExecutionDate = batch.requestedExecutionDate?.description
    }

    /// The header as one JSON object (the form the batch commands have always printed; byte-identical in every
    /// language).
    public var json: String {
        func quote(_ text: String?) -> String { text.map(JSONText.quote) ?? "null" }
        let byProgram = totals.map {
            "\(JSONText.quote($0.program)): {\"lines\": \($0.lines), \"total\": \($0.total)}"
        }.joined(separator: ", ")
        return """
            {"batch_id": \(quote(id)), "state": \(quote(state)), "lines": \(lineCount), \
            "total": \(total), "by_program": {\(byProgram)}, "prepared_by": \(quote(preparedBy)), \
            "prepared_at": \(quote(preparedAt)), "decided_by": \(quote(decidedBy)), \
            "decided_at": \(quote(decidedAt)), "rejection_reason": \(quote(rejectionReason)), \
            "requested_execution_date": \(quote(requestedExecutionDate))}
            """
    }
}

/// One line of a batch as its checker reviews it.
public struct BatchLineView: Sendable, Hashable {
    public var lineID: String
    public var caseID: String
    public var program: String
    public var item: String
    public var amount: Int64
    public var due: String
    public var payeeNIK: String?
    public var payeeName: String?
    public var bic: String?
    public var accountNumber: String?
    public var status: String
}

/// The transfer file a batch would be exported as.
public struct ExportPreviewView: Sendable, Hashable {
    public var messageID: String
    public var transfers: Int
    public var controlSum: Int64
    /// The CSV transfer file (PAYMENT-FILES.md §5), exactly as `batch export --format csv` writes it.
    public var csv: String
}

/// `batch show`.
public struct BatchDetailView: Sendable, Hashable {
    public var batch: BatchView
    public var lines: [BatchLineView]
    /// nil for a rejected batch (its lines went back).
    public var preview: ExportPreviewView?
}

/// What `batch export` wrote.
public struct ExportView: Sendable, Hashable {
    public var transfers: Int
    public var controlSum: Int64
    public var messageID: String
}

/// What `batch reconcile` imported.
public struct ReconcileView: Sendable, Hashable {
    public var reportID: String
    public var alreadyImported: Bool
    public var paid: Int
    public var rejected: Int
    public var pending: Int
    public var unchanged: Int
    public var stillOpen: Int
    public var batchState: String
    public var newLines: [String]
    public var warnings: [String]
}

/// What `payouts due` created.
public struct DueLinesView: Sendable {
    /// The date lines were created for, ISO.
    public var on: String
    public var created: Int
    /// Per kind, by kind name.
    public var createdByKind: [(kind: String, count: Int)]
    public var awaitingBankDetails: Int
    public var recoveries: Int
    /// Lines due after today (`--allow-future`): id, kind, ISO due date.
    public var pulledForward: [(lineID: String, kind: String, due: String)]
}

/// A line released with the account set on its claim.
public struct ReleasedLineView: Sendable, Hashable {
    public var released: String
    public var payable: String
}

/// A line waiting for bank details.
public struct WaitingLineView: Sendable, Hashable {
    public var lineID: String
    public var caseID: String
    public var program: String
    public var item: String
    public var amount: Int64
    public var due: String
    public var payeeRole: String
    public var payeeNIK: String?
    /// Why it waits.
    public var note: String?
    /// The account set on the claim that `payouts release --all-waiting` would use; nil while there is none.
    public var accountBIC: String?
    public var accountHolder: String?
}

/// What `claim payee` stored.
public struct PayeeView: Sendable, Hashable {
    public var caseID: String
    public var payeeNIK: String
    public var bic: String
    public var holder: String
    /// Waiting lines of this payee the account can release now.
    public var releasable: Int
}
