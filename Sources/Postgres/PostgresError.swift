/// An error from PostgreSQL or from this wrapper around libpq.
///
/// Every error that the server reported carries its five-character ``sqlState`` (for example `23505` for a
/// unique violation), so callers branch on the state, never on the localised message text.
///
/// ``description`` holds the code, the SQLSTATE, the server's primary message and the names of the constraint,
/// table and column involved. It leaves out ``detail``, because the server puts row values there (for example
/// `Key (nik)=(3171…) already exists.`), and this wrapper never adds bound values or SQL text of its own, so personal
/// data in parameters cannot reach a log line through `"\(error)"`.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of operation failed; extensible, compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case connectionFailed
            case connectionClosed
            case queryFailed
            case copyFailed
            case decodingFailed
            case invalidArgument
            case transactionAborted
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Opening or resetting the connection failed (bad conninfo, server down, authentication refused).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection was closed by ``Connection/close()`` or was lost while in use; ``Connection/reset()`` may
        /// bring it back.
        public static let connectionClosed = Code(.connectionClosed)
        /// The server rejected a statement; see ``PostgresError/sqlState``.
        public static let queryFailed = Code(.queryFailed)
        /// A `COPY ... FROM STDIN` failed, on the server (a bad row) or on the client (the producer threw).
        public static let copyFailed = Code(.copyFailed)
        /// A result value could not be decoded into the requested Swift type, or was NULL where none is allowed.
        public static let decodingFailed = Code(.decodingFailed)
        /// The caller passed something that cannot be sent (a NUL character in text, too many parameters).
        public static let invalidArgument = Code(.invalidArgument)
        /// The transaction had already failed when the body returned, so it was rolled back instead of committed.
        public static let transactionAborted = Code(.transactionAborted)

        public var description: String { base.rawValue }
    }

    /// What kind of operation failed.
    public var code: Code
    /// The SQLSTATE the server reported (`PG_DIAG_SQLSTATE`), or nil for errors raised on the client side.
    public var sqlState: String?
    /// The primary message: the server's own words, or this wrapper's for client-side errors.
    public var message: String
    /// The server's detail line. It may contain row values, so it is not part of ``description``.
    public var detail: String?
    /// The server's hint on how to fix the problem.
    public var hint: String?
    /// The server's severity, not localised: `ERROR`, `FATAL` or `PANIC`.
    public var severity: String?
    /// The schema of the object involved, when the server names one.
    public var schemaName: String?
    /// The table involved, when the server names one.
    public var tableName: String?
    /// The column involved, when the server names one (or the result column for ``Code/decodingFailed``).
    public var columnName: String?
    /// The constraint that was violated, when the server names one.
    public var constraintName: String?

    /// Creates an error; the library makes these, callers normally only read them.
    public init(
        code: Code,
        sqlState: String? = nil,
        message: String,
        detail: String? = nil,
        hint: String? = nil,
        severity: String? = nil,
        schemaName: String? = nil,
        tableName: String? = nil,
        columnName: String? = nil,
        constraintName: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.severity = severity
        self.schemaName = schemaName
        self.tableName = tableName
        self.columnName = columnName
        self.constraintName = constraintName
    }

    public var description: String {
        var text = "PostgresError(\(code)"
        if let sqlState {
            text += ", sqlState: \(sqlState)"
        }
        text += "): \(oneLineMessage)"
        if let constraintName {
            text += " [constraint: \(constraintName)]"
        }
        if let tableName {
            text += " [table: \(tableName)]"
        }
        if let columnName {
            text += " [column: \(columnName)]"
        }
        if let hint {
            text += " [hint: \(hint)]"
        }
        return text
    }
}

extension PostgresError {
    /// ``message`` on one line: libpq's connection messages span two or three (`connection to server ... failed:
    /// Connection refused` then a tab and `Is the server running ...`); their line breaks and the blanks around
    /// them become `; `, so an `error:` line stays one line.
    public var oneLineMessage: String {
        message.split(whereSeparator: \.isNewline)
            .map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }

    /// SQLSTATE class 23, integrity constraint violations (unique, foreign key, check, not null).
    public var isIntegrityConstraintViolation: Bool { sqlState?.hasPrefix("23") ?? false }

    /// SQLSTATE 40001 or 40P01: the transaction lost a serialisation conflict or a deadlock and may be retried.
    public var isRetryableTransactionConflict: Bool { sqlState == "40001" || sqlState == "40P01" }
}
