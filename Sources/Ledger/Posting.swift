public import SantunanValues

/// One debit or credit line of a posting. Amounts are whole rupiah, greater than zero.
public struct Entry: Hashable, Sendable {
    public var account: AccountCode
    public var side: Side
    public var amount: Int64

    public init(_ side: Side, _ account: AccountCode, _ amount: Int64) {
        self.account = account
        self.side = side
        self.amount = amount
    }

    /// A debit of `amount` to `account`.
    public static func debit(_ account: AccountCode, _ amount: Int64) -> Entry { Entry(.debit, account, amount) }

    /// A credit of `amount` to `account`.
    public static func credit(_ account: AccountCode, _ amount: Int64) -> Entry { Entry(.credit, account, amount) }
}

/// What caused a posting; auditors filter and the JHT statement classifies by it. Extensible: add kinds with
/// `PostingKind("...")` (lower case, digits, `_` and `.`).
public struct PostingKind: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    /// A month's contribution of one participant became due (imported): receivable against the program accounts.
    public static let contributionDue = PostingKind("contribution.due")
    /// An employer's payment of contributions arrived at the bank.
    public static let contributionPaid = PostingKind("contribution.paid")
    /// Development (hasil pengembangan) credited to a JHT or JP account.
    public static let developmentCredited = PostingKind("development.credited")
    /// A claim was approved for payment: program accounts against the claim's payable.
    public static let claimApproved = PostingKind("claim.approved")
    /// A payout line was released to the bank in a batch: payable against the batch's clearing account.
    public static let payoutReleased = PostingKind("payout.released")
    /// The bank confirmed a payout line paid: clearing against the bank.
    public static let payoutPaid = PostingKind("payout.paid")
    /// The bank rejected a payout line: the reversal of its release.
    public static let payoutRejected = PostingKind("payout.rejected")
    /// Santunan left unclaimed moved to the Dana Jaminan Sosial.
    public static let unclaimedTransferred = PostingKind("unclaimed.transferred")
    /// A transfer between accounts without a business flow (benchmarks, opening balances).
    public static let transfer = PostingKind("transfer")
}

/// What a posting concerns, for the auditors' filters. All optional; personal data, so never logged.
public struct PostingReferences: Hashable, Sendable {
    public var participantNIK: String?
    public var participantKPJ: String?
    public var claimID: String?
    public var batchID: String?
    public var employerNPP: String?

    public init(
        participantNIK: String? = nil, participantKPJ: String? = nil, claimID: String? = nil, batchID: String? = nil,
        employerNPP: String? = nil
    ) {
        self.participantNIK = participantNIK
        self.participantKPJ = participantKPJ
        self.claimID = claimID
        self.batchID = batchID
        self.employerNPP = employerNPP
    }
}

/// A balanced transaction of two or more entries, with the idempotency key that makes a retry a no-op.
///
/// Build one with the flow builders (``contributionDue(employer:participant:month:effectiveDate:shares:recordedBy:)``,
/// ``claimApproved(claimID:participant:lines:effectiveDate:recordedBy:)``, ...) or by hand, then
/// ``Ledger/post(_:on:)`` it. ``validate()`` checks the shape in Swift; the database checks it again at commit.
public struct Posting: Hashable, Sendable {
    /// Unique per posting, stable across retries (e.g. `claim.approved:PMS-2022-0002`); at most 200 bytes.
    public var idempotencyKey: String
    public var kind: PostingKind
    /// The date the posting takes effect; point-in-time balances count postings effective on or before a date.
    public var effectiveDate: CivilDate
    /// The acting user (`--as`), recorded on the transaction.
    public var recordedBy: String
    public var references: PostingReferences
    /// The idempotency key of the posting this one reverses, if it is a reversal.
    public var reverses: String?
    /// A short free-text note (no personal data).
    public var memo: String?
    public var entries: [Entry]

    public init(
        idempotencyKey: String, kind: PostingKind, effectiveDate: CivilDate, recordedBy: String,
        references: PostingReferences = PostingReferences(), reverses: String? = nil, memo: String? = nil,
        entries: [Entry]
    ) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.effectiveDate = effectiveDate
        self.recordedBy = recordedBy
        self.references = references
        self.reverses = reverses
        self.memo = memo
        self.entries = entries
    }

    /// The sum of the debits (equal to the credits in a valid posting).
    public var total: Int64 {
        entries.reduce(0) { $0 + ($1.side == .debit ? $1.amount : 0) }
    }

    /// Checks what Swift can check before the database does: a key, two or more entries, amounts > 0, balanced.
    public func validate() throws(LedgerError) {
        guard !idempotencyKey.isEmpty, idempotencyKey.utf8.count <= 200 else {
            throw LedgerError(.invalidPosting, field: "idempotencyKey", reason: "must be 1 to 200 bytes")
        }
        guard !recordedBy.isEmpty else {
            throw LedgerError(.invalidPosting, field: "recordedBy", reason: "name the acting user")
        }
        guard entries.count >= 2 else {
            throw LedgerError(
                .invalidPosting, field: "entries", reason: "a posting needs two or more entries, has \(entries.count)")
        }
        var debits: Int64 = 0
        var credits: Int64 = 0
        for (index, entry) in entries.enumerated() {
            guard entry.amount > 0 else {
                throw LedgerError(
                    .invalidPosting, field: "entries[\(index)].amount", reason: "must be > 0, is \(entry.amount)")
            }
            let (sum, overflow) =
                entry.side == .debit
                ? debits.addingReportingOverflow(entry.amount) : credits.addingReportingOverflow(entry.amount)
            guard !overflow else {
                throw LedgerError(.invalidPosting, field: "entries", reason: "the total overflows 64 bits")
            }
            if entry.side == .debit { debits = sum } else { credits = sum }
        }
        guard debits == credits else {
            throw LedgerError(
                .unbalanced, field: "entries",
                reason: "debits \(debits) and credits \(credits) differ by \(debits - credits)")
        }
    }

    /// The reversal of this posting: the same entries on the opposite sides, linked to it (never an edit).
    public func reversal(
        idempotencyKey: String, kind: PostingKind, effectiveDate: CivilDate, recordedBy: String, memo: String? = nil
    ) -> Posting {
        Posting(
            idempotencyKey: idempotencyKey, kind: kind, effectiveDate: effectiveDate, recordedBy: recordedBy,
            references: references, reverses: self.idempotencyKey, memo: memo,
            entries: entries.map { Entry($0.side.opposite, $0.account, $0.amount) })
    }
}

/// What ``Ledger/post(_:on:)`` stored, or found stored under the same key.
public struct PostingReceipt: Hashable, Sendable {
    /// The transaction's id in `ledger_transaction`.
    public var transactionID: Int64
    /// False when the key had been posted before: nothing was written (a retry).
    public var created: Bool

    public init(transactionID: Int64, created: Bool) {
        self.transactionID = transactionID
        self.created = created
    }
}
