public import SantunanValues

/// What a payout line becomes after a bank status (PAYMENT-FILES.md §4).
public enum LineOutcome: String, Sendable, Hashable {
    /// Settled (`ACSC`): terminal.
    case paid
    /// Accepted or in process, not yet settled.
    case pending
    /// Rejected by the bank (`RJCT`), with a reason: terminal. The claim line is paid again as a new payout line.
    case rejected

    /// Whether the status can never change again.
    public var isTerminal: Bool { self != .pending }

    /// The outcome of an ISO status code; nil for a code that is not a valid transaction or group status.
    public static func of(isoStatus code: String) -> LineOutcome? {
        switch code {
        case "ACSC": .paid
        case "ACCP", "RCVD", "ACTC", "ACSP", "PDNG", "ACWC", "PART": .pending
        case "RJCT": .rejected
        default: nil
        }
    }
}

/// What happens to the claim line after the bank rejected its payout line.
public enum RejectionFollowUp: String, Sendable, Hashable {
    /// Pay again unchanged in a later batch (AM04 the fund's account lacked funds, MS03 and other codes).
    case payAgain = "payable"
    /// Wait for corrected bank details (AC01, AC04, AC06, BE01, RC01).
    case awaitBankDetails = "awaiting_bank_details"
    /// Do not resend: check whether it was already paid (AM05, DU01).
    case review = "on_hold"

    /// The follow-up for a rejection reason code.
    public static func of(reasonCode: String) -> RejectionFollowUp {
        switch reasonCode {
        case "AC01", "AC04", "AC06", "BE01", "RC01": .awaitBankDetails
        case "AM05", "DU01": .review
        default: .payAgain
        }
    }
}

/// A payout line of the batch being reconciled, as the database holds it.
public struct ReconcilableLine: Sendable, Hashable {
    public var lineID: String
    public var amount: Int64
    /// nil while no bank status has been recorded; `.pending` after a pending status.
    public var outcome: LineOutcome?

    public init(lineID: String, amount: Int64, outcome: LineOutcome?) {
        self.lineID = lineID
        self.amount = amount
        self.outcome = outcome
    }
}

/// A line status to record, from one report.
public struct LineStatusUpdate: Sendable, Hashable {
    public var lineID: String
    /// The ISO status that decided it (`ACSC`, `RJCT`, `PDNG`, …).
    public var isoStatus: String
    public var outcome: LineOutcome
    /// The reason code of a rejection (`unspecified` when the bank gave none); nil otherwise.
    public var reasonCode: String?
    /// `AddtlInf` text, if any.
    public var additionalInfo: String?
    /// For a paid line: the settlement date (`AccptncDtTm`, else the report's `CreDtTm`, in WIB).
    public var paidOn: CivilDate?
    /// Whether the line's recorded outcome changes (false: the same status was reported again).
    public var changes: Bool
}

/// The matching of one pain.002 report against one batch: checks first, then one update per line it speaks of.
public struct ReconciliationPlan: Sendable, Hashable {
    /// `GrpHdr/MsgId` of the report.
    public var reportID: String
    /// Every line the report gives a status for, in `line_id` order.
    public var updates: [LineStatusUpdate]
    /// Lines of the batch that stay pending after this report (no final status yet).
    public var pendingAfter: Int
    /// Things a person should look at (ACWC: the bank changed something).
    public var warnings: [String]

    /// Matches `report` against the batch `batchID` and its `lines`.
    ///
    /// - Parameters:
    ///   - reportDate: the date to use for a settlement without `AccptncDtTm` or `CreDtTm` (the import day).
    ///   - settlementWindow: the batch's life, within which every settlement date must lie: from its approval day to
    ///     the import day + 1 (a bank a time zone ahead); nil accepts any date (pure matching tests).
    /// - Throws: ``PayoutError`` (and nothing may be written): `invalidReport` when the report is for another file,
    ///   batch or message type, or has an unknown status code, an amount that differs or a settlement date outside
    ///   the batch's life; `unknownLine` for an `OrgnlEndToEndId` that is not a line of this batch;
    ///   `conflictingStatus` when a terminal status would change.
    public init(
        report: StatusReport, batchID: String, lines: [ReconcilableLine], reportDate: CivilDate,
        settlementWindow: ClosedRange<CivilDate>? = nil
    ) throws(PayoutError) {
        guard let reportID = report.messageID, !reportID.isEmpty else {
            throw PayoutError(.invalidReport, field: "GrpHdr/MsgId", reason: "is missing")
        }
        let expectedMessageID = TransferFile.messageID(batchID: batchID)
        guard report.originalMessageID == expectedMessageID else {
            throw PayoutError(
                .invalidReport, field: "OrgnlGrpInfAndSts/OrgnlMsgId",
                reason: "is \(report.originalMessageID ?? "missing"), not \(expectedMessageID): "
                    + "this report is for another file; check the batch id")
        }
        guard report.originalMessageNameID == "pain.001.001.03" else {
            throw PayoutError(
                .invalidReport, field: "OrgnlGrpInfAndSts/OrgnlMsgNmId",
                reason: "is \(report.originalMessageNameID ?? "missing"), not pain.001.001.03")
        }
        for payment in report.paymentInformation where payment.originalPaymentInformationID != batchID {
            throw PayoutError(
                .invalidReport, field: "OrgnlPmtInfAndSts/OrgnlPmtInfId",
                reason: "is \(payment.originalPaymentInformationID ?? "missing"), not \(batchID)")
        }
        // The report cannot have been made before the batch was approved nor after today + 1 day; its time is stored,
        // and stands in for a missing acceptance date.
        if let settlementWindow, let created = report.createdAt?.date, !settlementWindow.contains(created) {
            throw PayoutError(
                .invalidReport, field: "GrpHdr/CreDtTm",
                reason: "\(created) is outside the batch's life \(settlementWindow.lowerBound)…"
                    + "\(settlementWindow.upperBound) (not before its approval, not after today + 1 day); "
                    + "nothing imported, ask the bank for a corrected report")
        }
        let settlementFallback = report.createdAt?.date ?? reportDate
        var byID: [String: ReconcilableLine] = [:]
        byID.reserveCapacity(lines.count)
        for line in lines { byID[line.lineID] = line }

        var decided: [String: LineStatusUpdate] = [:]
        var warnings: [String] = []

        func outcome(of code: String, field: String) throws(PayoutError) -> LineOutcome {
            guard let outcome = LineOutcome.of(isoStatus: code) else {
                throw PayoutError(.invalidReport, field: field, reason: "\(code) is not a known payment status code")
            }
            return outcome
        }

        func decide(
            _ line: ReconcilableLine, code: String, outcome: LineOutcome, reasons: [Reason], acceptedAt: WIBDateTime?
        ) throws(PayoutError) -> LineStatusUpdate? {
            if let current = line.outcome, current.isTerminal {
                if current == outcome { return nil }  // the same terminal status again: nothing changes
                if outcome == .pending { return nil }  // an older, interim status arriving late
                throw PayoutError(
                    .conflictingStatus, field: line.lineID,
                    reason: "is already \(current.rawValue) and the report says \(code); nothing imported, "
                        + "ask the bank which is right")
            }
            let reason = reasons.first
            let info = reasons.flatMap(\.additionalInfo).joined(separator: " ")
            var paidOn: CivilDate?
            if outcome == .paid {
                let settled = acceptedAt?.date ?? settlementFallback
                // A settlement date outside the batch's life is a bank error (or a forged file): a date of 9999
                // created a penalty line of trillions, one of 1900 marked a line paid before it existed.
                if let settlementWindow, !settlementWindow.contains(settled) {
                    throw PayoutError(
                        .invalidReport, field: acceptedAt != nil ? "\(line.lineID).AccptncDtTm" : "GrpHdr/CreDtTm",
                        reason: "\(settled) is outside the batch's life \(settlementWindow.lowerBound)…"
                            + "\(settlementWindow.upperBound) (not before its approval, not after today + 1 day); "
                            + "nothing imported, ask the bank for a corrected report")
                }
                paidOn = settled
            }
            return LineStatusUpdate(
                lineID: line.lineID, isoStatus: code, outcome: outcome,
                reasonCode: outcome == .rejected ? (reason?.effectiveCode ?? "unspecified") : nil,
                additionalInfo: info.isEmpty ? nil : info,
                paidOn: paidOn,
                changes: line.outcome != outcome)
        }

        typealias Reason = StatusReport.Reason
        var mentioned = Set<String>()
        for payment in report.paymentInformation {
            for transaction in payment.transactions {
                guard let id = transaction.originalEndToEndID, !id.isEmpty else {
                    throw PayoutError(.invalidReport, field: "TxInfAndSts/OrgnlEndToEndId", reason: "is missing")
                }
                guard let line = byID[id] else {
                    throw PayoutError(
                        .unknownLine, field: "TxInfAndSts/OrgnlEndToEndId",
                        reason: "\(id) is not a payout line of batch \(batchID); the whole file is refused, "
                            + "nothing was imported")
                }
                if let amountText = transaction.amountText {
                    guard Self.wholeRupiah(amountText) == line.amount else {
                        throw PayoutError(
                            .invalidReport, field: "\(id).OrgnlTxRef/Amt/InstdAmt",
                            reason: "\(amountText) differs from the line's amount \(line.amount)")
                    }
                }
                guard !mentioned.contains(id) else {
                    throw PayoutError(.invalidReport, field: id, reason: "has two transaction statuses in one report")
                }
                mentioned.insert(id)
                let code = transaction.status ?? payment.status ?? report.groupStatus
                guard let code else { continue }
                var result = try outcome(of: code, field: "\(id).TxSts")
                if code == "PART" { result = .pending }
                if code == "ACWC" {
                    warnings.append("\(id): accepted with change (ACWC); review what the bank changed")
                }
                let reasons =
                    !transaction.reasons.isEmpty
                    ? transaction.reasons : (!payment.reasons.isEmpty ? payment.reasons : report.groupReasons)
                if let update = try decide(
                    line, code: code, outcome: result, reasons: reasons, acceptedAt: transaction.acceptedAt)
                {
                    decided[id] = update
                }
            }
        }
        // Lines without transaction detail take the PmtInf status, else the group status; PART and ACWC without
        // detail leave them pending.
        let payment = report.paymentInformation.first
        let fallbackCode = payment?.status ?? report.groupStatus
        if let code = fallbackCode {
            let result = try outcome(of: code, field: payment?.status != nil ? "PmtInfSts" : "GrpSts")
            let reasons = !(payment?.reasons.isEmpty ?? true) ? payment!.reasons : report.groupReasons
            for line in lines where !mentioned.contains(line.lineID) {
                let effective: LineOutcome = (code == "PART" || code == "ACWC") ? .pending : result
                if let update = try decide(line, code: code, outcome: effective, reasons: reasons, acceptedAt: nil) {
                    decided[line.lineID] = update
                }
            }
        }
        self.reportID = reportID
        self.updates = decided.values.sorted { TransferFile.lineOrder($0.lineID, $1.lineID) }
        self.pendingAfter = lines.reduce(0) { count, line in
            let final = decided[line.lineID]?.outcome ?? line.outcome
            return count + ((final?.isTerminal ?? false) ? 0 : 1)
        }
        self.warnings = warnings
    }

    /// Whole rupiah from a DecimalNumber (`148800000`, `148800000.00`); nil when it has a non-zero fraction.
    static func wholeRupiah(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = Int64(parts[0]) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 == "0" }) else { return nil }
        }
        return whole
    }
}
