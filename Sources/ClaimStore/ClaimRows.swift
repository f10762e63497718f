/// A computed claim as stored in `claims` (Schema/0003_claims_queue.sql): plain values, no rules.
///
/// HeirQueue maps a `BenefitRules.ClaimResult` to this; ``ClaimWriter`` stores a batch of them.
public struct ClaimRow: Sendable, Hashable {
    /// The claim id, which is the submission's id.
    public var id: Int64
    public var caseID: String
    /// `payable`, `incomplete` or `rejected`.
    public var status: String
    public var reasons: [String]
    public var total: Int64
    public var payableNow: Int64
    /// The CONTRACT §3 result document, as `claim compute --json` prints it.
    public var resultJSON: String
    public var lines: [ClaimLineRow]

    public init(
        id: Int64, caseID: String, status: String, reasons: [String], total: Int64, payableNow: Int64,
        resultJSON: String, lines: [ClaimLineRow]
    ) {
        self.id = id
        self.caseID = caseID
        self.status = status
        self.reasons = reasons
        self.total = total
        self.payableNow = payableNow
        self.resultJSON = resultJSON
        self.lines = lines
    }
}

/// One row of `claim_lines`, with its scholarship instalments.
public struct ClaimLineRow: Sendable, Hashable {
    /// The result line id `{case_id}/{program}/{item}[/{suffix}]`.
    public var id: String
    public var program: String
    public var item: String
    public var amount: Int64
    public var payeeRole: String
    public var payeeNIK: String?
    public var payeeNPP: String?
    public var bankAccount: BankAccountRow?
    /// `lump_sum`, `yearly` or `monthly`.
    public var schedule: String
    /// ISO date.
    public var due: String
    public var basis: String
    public var formula: String
    public var installments: [InstallmentRow]
    /// A `jp.monthly` line's amount before the clamp to the award year's bounds, which the payout path clamps month
    /// by month (`claim_lines.pension_computed`, RULEBOOK §9.7 item 8); `nil` for every other line.
    public var pensionComputed: Int64?

    public init(
        id: String, program: String, item: String, amount: Int64, payeeRole: String, payeeNIK: String?,
        payeeNPP: String?, bankAccount: BankAccountRow?, schedule: String, due: String, basis: String,
        formula: String, installments: [InstallmentRow], pensionComputed: Int64? = nil
    ) {
        self.id = id
        self.program = program
        self.item = item
        self.amount = amount
        self.payeeRole = payeeRole
        self.payeeNIK = payeeNIK
        self.payeeNPP = payeeNPP
        self.bankAccount = bankAccount
        self.schedule = schedule
        self.due = due
        self.basis = basis
        self.formula = formula
        self.installments = installments
        self.pensionComputed = pensionComputed
    }
}

/// A bank account: the bank's BIC, the account number and the holder's name as in the bank book — the account a
/// claim line is paid into, a payee's account and a payout line's (Payouts checks it: `problem`).
public struct BankAccountRow: Sendable, Hashable {
    public var bic: String
    public var number: String
    public var holder: String

    public init(bic: String, number: String, holder: String) {
        self.bic = bic
        self.number = number
        self.holder = holder
    }
}

/// One scholarship instalment (`claim_installments`).
public struct InstallmentRow: Sendable, Hashable {
    /// ISO date.
    public var due: String
    /// `TK`, `SD`, `SMP`, `SMA`, `PT`.
    public var level: String
    public var amount: Int64

    public init(due: String, level: String, amount: Int64) {
        self.due = due
        self.level = level
        self.amount = amount
    }
}
