public import SantunanValues

/// The fund's own account, the debtor of every transfer (from `config/payments/payment.yaml`, never hard-coded).
public struct DebtorAccount: Sendable, Hashable {
    /// `PmtInf/Dbtr/Nm`: the account name of the benefit fund.
    public var name: String
    /// `PmtInf/DbtrAcct/Id/Othr/Id`: the fund's account number.
    public var accountNumber: String
    /// `PmtInf/DbtrAgt/FinInstnId/BIC`: the fund's bank.
    public var bic: String
    /// `GrpHdr/InitgPty/Nm`.
    public var initiatingPartyName: String
    /// `GrpHdr/InitgPty/Id/OrgId/Othr/Id`: a bank-assigned customer id, if the bank wants one.
    public var initiatingPartyID: String?

    public init(
        name: String, accountNumber: String, bic: String, initiatingPartyName: String = "BPJS Ketenagakerjaan",
        initiatingPartyID: String? = nil
    ) {
        self.name = name
        self.accountNumber = accountNumber
        self.bic = bic
        self.initiatingPartyName = initiatingPartyName
        self.initiatingPartyID = initiatingPartyID
    }
}

/// One payout line as the payment files need it, before cleaning.
public struct TransferLine: Sendable, Hashable {
    /// The stable payout line id, written as `InstrId` and `EndToEndId`.
    public var lineID: String
    /// Whole rupiah, > 0.
    public var amount: Int64
    public var program: PayoutProgram
    /// BIC of the payee's bank.
    public var creditorBIC: String
    /// Account holder as in the bank book.
    public var creditorName: String
    /// Account number, digits only.
    public var creditorAccount: String
    /// The claim's `case_id` (CSV `claim_id`).
    public var caseID: String
    /// The participant's KPJ, for the remittance text; nil when unknown.
    public var kpj: String?

    public init(
        lineID: String, amount: Int64, program: PayoutProgram, creditorBIC: String, creditorName: String,
        creditorAccount: String, caseID: String, kpj: String?
    ) {
        self.lineID = lineID
        self.amount = amount
        self.program = program
        self.creditorBIC = creditorBIC
        self.creditorName = creditorName
        self.creditorAccount = creditorAccount
        self.caseID = caseID
        self.kpj = kpj
    }
}

/// An approved batch ready to be written as pain.001 and CSV: every value checked and cleaned once.
///
/// Build it with ``init(batchID:createdAt:requestedExecutionDate:debtor:lines:expectedCount:expectedTotal:)``; the
/// checks of PAYMENT-FILES.md §2–3 run there, so a file is either complete and consistent or not written at all.
public struct TransferFile: Sendable {
    /// A line after cleaning: exactly what both files carry.
    public struct Line: Sendable, Hashable {
        public let lineID: String
        public let amount: Int64
        public let program: PayoutProgram
        public let creditorBIC: String
        public let creditorName: String
        public let creditorAccount: String
        public let caseID: String
        public let remittance: String
    }

    public let batchID: String
    public let messageID: String
    public let createdAt: WIBDateTime
    public let requestedExecutionDate: CivilDate
    public let debtor: DebtorAccount
    /// The lines in `line_id` order.
    public let lines: [Line]
    /// The sum of the amounts (`CtrlSum`).
    public let controlSum: Int64

    /// The pain.001 message id of a batch: `SNT-<batch_id>`, so a second upload is refused by the bank as DU01.
    public static func messageID(batchID: String) -> String { "SNT-" + batchID }

    /// Checks and cleans a batch for export.
    ///
    /// - Parameters:
    ///   - createdAt: `CreDtTm`, the batch's approval time (so a re-export is byte-identical).
    ///   - expectedCount: the line count recorded for the batch; `NbOfTxs` must equal it.
    ///   - expectedTotal: the total recorded at approval; `CtrlSum` must equal it.
    /// - Throws: ``PayoutError`` naming the field: `controlTotals` when the counts or the sum disagree,
    ///   `invalidValue` for an identifier, BIC, account, amount or text that cannot be exported.
    public init(
        batchID: String, createdAt: WIBDateTime, requestedExecutionDate: CivilDate, debtor: DebtorAccount,
        lines input: [TransferLine], expectedCount: Int, expectedTotal: Int64
    ) throws(PayoutError) {
        let messageID = Self.messageID(batchID: batchID)
        guard PaymentText.isIdentifier(batchID), PaymentText.isIdentifier(messageID) else {
            throw PayoutError(
                .invalidValue, field: "PmtInfId",
                reason: "batch id \(batchID) is not an identifier of at most 31 characters [A-Za-z0-9-]")
        }
        let debtorName = try PaymentText.clean(debtor.name, field: "config payment.debtor.name")
        let initiatingName = try PaymentText.clean(
            debtor.initiatingPartyName, field: "config payment.initiating_party.name")
        guard PaymentText.isAccountNumber(debtor.accountNumber) else {
            throw PayoutError(
                .invalidValue, field: "config payment.debtor.account_number",
                reason: "must be 1 to 34 digits; fix config/payments/payment.yaml")
        }
        guard PaymentText.isBIC(debtor.bic) else {
            throw PayoutError(
                .invalidValue, field: "config payment.debtor.bic",
                reason: "is not a BIC (8 or 11 characters, upper case); fix config/payments/payment.yaml")
        }
        if let id = debtor.initiatingPartyID, !(1...35).contains(id.utf8.count) || !PaymentText.isInCharacterSet(id) {
            throw PayoutError(
                .invalidValue, field: "config payment.initiating_party.id",
                reason: "must be 1 to 35 characters of A-Za-z0-9/?:().,'+ -")
        }
        let sorted = input.sorted { Self.lineOrder($0.lineID, $1.lineID) }
        var cleaned: [Line] = []
        cleaned.reserveCapacity(sorted.count)
        var total: Int64 = 0
        var previous: String?
        for line in sorted {
            let id = line.lineID
            guard PaymentText.isIdentifier(id) else {
                throw PayoutError(
                    .invalidValue, field: "EndToEndId", reason: "line id \(id) is not an identifier [A-Za-z0-9-]{1,35}")
            }
            guard id != previous else {
                throw PayoutError(.invalidValue, field: "EndToEndId", reason: "line id \(id) appears twice")
            }
            previous = id
            guard line.amount > 0 else {
                throw PayoutError(.invalidValue, field: "\(id).amount", reason: "must be more than 0 rupiah")
            }
            let (sum, overflow) = total.addingReportingOverflow(line.amount)
            guard !overflow else {
                throw PayoutError(.controlTotals, field: "CtrlSum", reason: "the batch total overflows")
            }
            total = sum
            guard PaymentText.isBIC(line.creditorBIC) else {
                throw PayoutError(
                    .invalidValue, field: "\(id).bank_account.bank_bic",
                    reason: "is not a BIC (8 or 11 upper-case characters); correct the payee's bank details")
            }
            guard PaymentText.isAccountNumber(line.creditorAccount) else {
                throw PayoutError(
                    .invalidValue, field: "\(id).bank_account.number",
                    reason: "must be 1 to 34 digits; correct the payee's bank details")
            }
            let name = try PaymentText.clean(line.creditorName, field: "\(id).bank_account.holder")
            var reference = "\(line.program.rawValue) \(line.amount)"
            if let kpj = line.kpj, !kpj.isEmpty {
                reference += " KPJ \(kpj)"
            } else {
                reference += " " + line.caseID
            }
            let remittance = try PaymentText.clean(reference, field: "\(id).reference")
            cleaned.append(
                Line(
                    lineID: id, amount: line.amount, program: line.program, creditorBIC: line.creditorBIC,
                    creditorName: name, creditorAccount: line.creditorAccount, caseID: line.caseID,
                    remittance: remittance))
        }
        guard !cleaned.isEmpty else {
            throw PayoutError(.controlTotals, field: "NbOfTxs", reason: "a batch without lines cannot be exported")
        }
        guard cleaned.count == expectedCount else {
            throw PayoutError(
                .controlTotals, field: "NbOfTxs",
                reason: "\(cleaned.count) lines to write but the batch records \(expectedCount); nothing written")
        }
        guard total == expectedTotal else {
            throw PayoutError(
                .controlTotals, field: "CtrlSum",
                reason: "the lines sum to \(total) but the batch records \(expectedTotal); nothing written")
        }
        self.batchID = batchID
        self.messageID = messageID
        self.createdAt = createdAt
        self.requestedExecutionDate = requestedExecutionDate
        self.debtor = DebtorAccount(
            name: debtorName, accountNumber: debtor.accountNumber, bic: debtor.bic,
            initiatingPartyName: initiatingName, initiatingPartyID: debtor.initiatingPartyID)
        self.lines = cleaned
        self.controlSum = total
    }

    /// `line_id` order: shorter ids first, then by text, which is numeric order for `PL-000101`-style ids whose
    /// sequence number outgrew its padding.
    public static func lineOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8.count
        let right = rhs.utf8.count
        return left != right ? left < right : lhs < rhs
    }
}
