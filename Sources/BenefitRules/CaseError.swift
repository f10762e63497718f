/// Invalid input data (exit 65): which field and why, as the one-line contract error (CONTRACT §1, RULEBOOK §10).
///
/// ``description`` is exactly the stderr line, `error: <field path>: <reason>`. The reason may quote the offending
/// value (a date, a code) as the rulebook's templates do; the CLI prints it unchanged.
public struct CaseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is; extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// The document is not JSON.
        public static let syntax = Code(name: "syntax")
        public static let unknownField = Code(name: "unknownField")
        public static let missingField = Code(name: "missingField")
        /// Wrong JSON type (e.g. a string or a float where whole rupiah is expected).
        public static let wrongType = Code(name: "wrongType")
        /// The right type but an invalid value (a date that does not exist, a negative wage, an unknown code).
        public static let invalidValue = Code(name: "invalidValue")
        /// Fields that contradict each other (e.g. `claim_date` before `event.date`).
        public static let inconsistent = Code(name: "inconsistent")
        /// Scholarship designation problems found while computing (RULEBOOK §7).
        public static let scholarshipDesignation = Code(name: "scholarshipDesignation")
        /// No payee marked among the heirs (RULEBOOK §3, D8).
        public static let payee = Code(name: "payee")
        /// A history needed offline is absent (RULEBOOK §2.3).
        public static let missingHistory = Code(name: "missingHistory")
        /// A key appears twice in one JSON object (issue 15: readers disagree on which value wins).
        public static let duplicateKey = Code(name: "duplicateKey")
        /// A computed amount is beyond what a claim may pay, or its arithmetic would overflow.
        public static let outOfRange = Code(name: "outOfRange")
    }

    public let code: Code
    /// The field path with dots and `[i]`, e.g. `heirs[1].birth_date`; empty for a document-level problem.
    public let path: String
    /// The reason, in the rulebook's words.
    public let reason: String

    /// Control characters in `path` and `reason` (quoted input: an unknown key, a bad value) are escaped and very
    /// long ones shortened, so the error stays one line that cannot forge another or drive a terminal.
    public init(_ code: Code, path: String, reason: String) {
        self.code = code
        self.path = Quoting.escape(path, limit: 256)
        self.reason = Quoting.escape(reason, limit: 512)
    }

    /// The contract line: `error: <field path>: <reason>` (or `error: <reason>` without a path).
    public var description: String { path.isEmpty ? "error: \(reason)" : "error: \(path): \(reason)" }
}
