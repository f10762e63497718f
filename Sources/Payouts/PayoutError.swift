/// Why a payout operation was refused: which field or object, and why, in one sentence.
///
/// The CLI maps ``code`` to the contract's exit statuses (65 invalid data, 77 permission denied, …). ``field`` and
/// ``reason`` never carry personal data (names, NIK, account numbers): they name the field, the line id or the batch.
public struct PayoutError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of refusal this is; extensible, compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The preparer of a batch tried to approve or reject it (maker–checker rule).
        public static let makerChecker = Code(name: "makerChecker")
        /// The batch is not in a state that allows this step (e.g. exporting a batch that is not approved).
        public static let invalidTransition = Code(name: "invalidTransition")
        /// A value cannot go into a payment file (charset, length, identifier or BIC format, amount).
        public static let invalidValue = Code(name: "invalidValue")
        /// The counts or sums of a file do not match the batch (NbOfTxs, CtrlSum).
        public static let controlTotals = Code(name: "controlTotals")
        /// A pain.002 report is malformed or does not belong to the batch.
        public static let invalidReport = Code(name: "invalidReport")
        /// A pain.002 report names a payout line that is not in the batch.
        public static let unknownLine = Code(name: "unknownLine")
        /// A report contradicts a terminal status already recorded (paid reported as rejected, …).
        public static let conflictingStatus = Code(name: "conflictingStatus")
        /// The object does not exist (batch, payout line).
        public static let notFound = Code(name: "notFound")
        /// A configuration value (debtor account, holidays) is missing or malformed.
        public static let configuration = Code(name: "configuration")
        /// Nothing to do (no payable line for a new batch).
        public static let nothingToDo = Code(name: "nothingToDo")
    }

    public let code: Code
    /// The field, option or object concerned, e.g. `PL-000102.Cdtr/Nm` or `batch PB-2022-0007`.
    public let field: String
    /// Why, and where it helps, what to do next.
    public let reason: String

    public init(_ code: Code, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    /// `<field>: <reason>`, the contract's error line without its `error: ` prefix.
    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
}
