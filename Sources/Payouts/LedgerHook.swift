public import Postgres
public import SantunanValues

/// Where payout events are posted to the ledger, inside the same database transaction as the payout change.
///
/// `Payouts` does not import `Ledger` (docs/decisions/0001-package-layout.md); the application layer passes an
/// implementation that calls the ledger's posting builders ("claim approved for payment", "payout paid",
/// "payout rejected (reversal)"). Each call runs inside the payout command's transaction, so a failed posting undoes
/// the payout change too, and each posting carries an idempotency key so a retried command posts once.
public protocol PayoutLedgerHook {
    /// A batch was approved: its lines are committed for payment (debit benefit expense, credit clearing).
    func batchApproved(_ batch: BatchSummary, lines: [PostedLine], on connection: Connection) throws
    /// A line was settled by the bank (ACSC): clearing to bank.
    func linePaid(_ line: PostedLine, batchID: String, paidOn: CivilDate, on connection: Connection) throws
    /// A line was rejected by the bank (RJCT): the approval posting of that line is reversed.
    func lineRejected(_ line: PostedLine, batchID: String, reasonCode: String, on connection: Connection) throws
}

/// A payout line as the ledger sees it: no bank account, no name.
public struct PostedLine: Sendable, Hashable {
    public var lineID: String
    public var claimID: Int64
    public var caseID: String
    public var claimLineID: String
    public var program: PayoutProgram
    public var item: String
    public var amount: Int64
    public var payeeNIK: String?
    public var kpj: String?

    public init(
        lineID: String, claimID: Int64, caseID: String, claimLineID: String, program: PayoutProgram, item: String,
        amount: Int64, payeeNIK: String?, kpj: String?
    ) {
        self.lineID = lineID
        self.claimID = claimID
        self.caseID = caseID
        self.claimLineID = claimLineID
        self.program = program
        self.item = item
        self.amount = amount
        self.payeeNIK = payeeNIK
        self.kpj = kpj
    }
}

extension PostedLine {
    /// What each of `lines` pays (`payout_lines.source_key`: `claim_line:…`, `installment:<line>:<seq>`,
    /// `pension:<line>:<month>`), by line id: the same for a re-payment of a rejected line, so the ledger's hook
    /// approves an obligation for payment once (issue 17: the hook reads the payout table through its owner).
    public static func sourceKeys(of lines: [PostedLine], on connection: Connection) throws -> [String: String] {
        guard !lines.isEmpty else { return [:] }
        let sources = try connection.execute(
            "SELECT id, source_key FROM payout_lines WHERE id = ANY(string_to_array(\(lines.map(\.lineID).joined(separator: ",")), ','))"
        )
        var keys: [String: String] = [:]
        for row in sources {
            keys[try row.decode(String.self, column: 0)] = try row.decode(String.self, column: 1)
        }
        return keys
    }
}

/// The ledger hook used until the ledger's builders are wired: posts nothing.
public struct NoLedgerPostings: PayoutLedgerHook {
    public init() {}
    public func batchApproved(_ batch: BatchSummary, lines: [PostedLine], on connection: Connection) throws {}
    public func linePaid(_ line: PostedLine, batchID: String, paidOn: CivilDate, on connection: Connection) throws {}
    public func lineRejected(_ line: PostedLine, batchID: String, reasonCode: String, on connection: Connection) throws
    {}
}
