public import ClaimStore
import Postgres
public import SantunanValues

/// A payee's bank account is ClaimStore's ``BankAccountRow`` (the account a claim line is paid into): one value for
/// the claim lines, the payees and the payout lines. Payouts checks it before money goes to it.
extension BankAccountRow {
    /// Why this account cannot be paid into (a field name and reason), or nil when it is valid.
    public var problem: (field: String, reason: String)? {
        if !PaymentText.isBIC(bic) {
            return ("bank_account.bank_bic", "is not a BIC (8 or 11 upper-case characters, e.g. BRINIDJA)")
        }
        if !PaymentText.isAccountNumber(number) {
            return ("bank_account.number", "must be 1 to 34 digits")
        }
        if PaymentText.cleaned(holder).isEmpty {
            return ("bank_account.holder", "no exportable characters")
        }
        return nil
    }
}

/// A batch's header and decision, without its lines.
public struct BatchSummary: Sendable, Hashable {
    /// Lines and total of one program in a batch.
    public struct ProgramTotal: Sendable, Hashable {
        public var program: PayoutProgram
        public var lines: Int
        public var total: Int64

        public init(program: PayoutProgram, lines: Int, total: Int64) {
            self.program = program
            self.lines = lines
            self.total = total
        }
    }

    public var id: String
    public var state: BatchState
    public var program: PayoutProgram?
    public var lineCount: Int
    public var total: Int64
    /// Per program, in program order.
    public var totals: [ProgramTotal]
    public var preparedBy: String
    public var preparedAt: WIBDateTime
    public var decidedBy: String?
    public var decidedAt: WIBDateTime?
    public var rejectionReason: String?
    public var requestedExecutionDate: CivilDate?
}

extension Connection {
    /// Runs `body` in a transaction and turns a refusal by the database's maker–checker trigger into a
    /// ``PayoutError`` with code ``PayoutError/Code/makerChecker``.
    func payoutTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        do {
            return try transaction(body)
        } catch let error as PostgresError where error.constraintName == "payout_batches_maker_checker" {
            throw PayoutError(.makerChecker, field: error.tableName ?? "payout_batches", reason: error.message)
        }
    }
}
