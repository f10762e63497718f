public import Postgres

/// Why the schema could not be brought up to date; names the migration file concerned.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; extensible, compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidFileName
            case unreadableFile
            case duplicateVersion
            case checksumMismatch
            case migrationFailed
            case connectionBusy
            case migratedBeforeFold
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A `.sql` file in the schema directory is not named `NNNN_name.sql`.
        public static let invalidFileName = Code(.invalidFileName)
        /// The directory or a file could not be read, or a file is not UTF-8.
        public static let unreadableFile = Code(.unreadableFile)
        /// Two migrations share a version number.
        public static let duplicateVersion = Code(.duplicateVersion)
        /// A migration that was already applied has changed since; write a new migration instead.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// A migration's SQL failed; its transaction was rolled back and nothing of it remains.
        public static let migrationFailed = Code(.migrationFailed)
        /// The connection was inside a transaction, so migrations could not each run in their own.
        public static let connectionBusy = Code(.connectionBusy)
        /// The database records migration files as they were before session 6 folded them
        /// (docs/decisions/0020-schema-fold-and-table-owners.md); recreate it.
        public static let migratedBeforeFold = Code(.migratedBeforeFold)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The migration file concerned (e.g. `0003_payouts.sql`), or nil when the error concerns no single file.
    public var file: String?
    /// The SQLSTATE of a failed migration, e.g. `42601` for a syntax error.
    public var sqlState: String?
    /// Why, in one sentence.
    public var reason: String
    /// The database error behind a failed migration, for callers that classify it (connection lost, ...).
    public var underlying: PostgresError?

    public init(
        code: Code,
        file: String? = nil,
        sqlState: String? = nil,
        reason: String,
        underlying: PostgresError? = nil
    ) {
        self.code = code
        self.file = file
        self.sqlState = sqlState
        self.reason = reason
        self.underlying = underlying
    }

    public var description: String {
        var text = file.map { "\($0): " } ?? ""
        text += reason
        if let sqlState {
            text += " (SQLSTATE \(sqlState))"
        }
        return text
    }
}
