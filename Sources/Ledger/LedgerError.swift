public import Postgres

/// Why a ledger operation failed: an extensible code, the field concerned and why. Carries no personal data.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        public var description: String { rawValue }

        /// The posting is malformed (no key, fewer than two entries, an amount ≤ 0).
        public static let invalidPosting = Code("invalidPosting")
        /// Debits and credits differ; refused in Swift, or by the database at commit (SQLSTATE 23514).
        public static let unbalanced = Code("unbalanced")
        /// The idempotency key was posted before with different content (SQLSTATE SL002).
        public static let idempotencyConflict = Code("idempotencyConflict")
        /// An account is not in the chart and its class is not opened on demand (SQLSTATE SL003).
        public static let unknownAccount = Code("unknownAccount")
        /// The posting to reverse does not exist (SQLSTATE SL006).
        public static let unknownReversal = Code("unknownReversal")
        /// Something tried to change or delete ledger rows (SQLSTATE SL001) or lacks the privilege (42501).
        public static let appendOnly = Code("appendOnly")
        /// The login may not post this key (its flow's namespace belongs to another role, or the flow's state does
        /// not allow it: SQLSTATE SL007), or claims to be another user (SI002).
        public static let forbidden = Code("forbidden")
        /// A concurrency conflict (serialisation failure, deadlock, concurrent duplicate key): retry the transaction.
        public static let conflict = Code("conflict")
        /// The database failed otherwise; see ``LedgerError/underlying``.
        public static let database = Code("database")
        /// `ledger verify` found a record that does not match the chain or the invariants.
        public static let verificationFailed = Code("verificationFailed")
    }

    public var code: Code
    /// What was wrong: a posting field (`entries[1].amount`), a ledger record (`entry 1042`), or `database`.
    public var field: String
    public var reason: String
    /// The database error behind it, when there is one.
    public var underlying: PostgresError?

    public init(_ code: Code, field: String, reason: String, underlying: PostgresError? = nil) {
        self.code = code
        self.field = field
        self.reason = reason
        self.underlying = underlying
    }

    /// Whether retrying the whole database transaction may succeed.
    public var isRetryable: Bool { code == .conflict }

    public var description: String { "\(field): \(reason)" }

    /// Classifies a database error by its SQLSTATE.
    public init(_ error: PostgresError, field: String = "database") {
        let code: Code =
            switch error.sqlState {
            case "23514" where error.constraintName == "ledger_transaction_balanced": .unbalanced
            case "SL001", "42501": .appendOnly
            case "SL002": .idempotencyConflict
            case "SL003": .unknownAccount
            case "SL006": .unknownReversal
            case "SL007", "SI002": .forbidden
            case "SI001": .invalidPosting
            case "40001", "40P01": .conflict
            case "23505" where error.constraintName == "ledger_transaction_idempotency_key_key": .conflict
            default: .database
            }
        self.init(code, field: field, reason: error.message, underlying: error)
    }
}
