internal import CLibPQ
public import Logging

/// One synchronous connection to PostgreSQL, owning a libpq `PGconn`.
///
/// **Threading:** a `Connection` is deliberately not `Sendable`. libpq does not allow two threads to use the same
/// `PGconn` at once, so each connection belongs to exactly one thread (or one private serial `DispatchQueue`) for its
/// whole life and is never shared; give every worker its own. Calls block that thread until the server answers.
/// ``QueryResult`` values, on the other hand, are immutable and may be passed between threads.
///
/// Values are always sent as bound parameters, never spliced into SQL text: build statements with ``SQL``
/// interpolation or pass `$n` placeholders with a binds array. Server notices (`RAISE NOTICE`, warnings) are
/// forwarded to the `Logger` given at creation, with their SQLSTATE as metadata; bound values are never logged.
public final class Connection {
    /// The `PGconn`, or nil once ``close()`` has run.
    private(set) var handle: OpaquePointer?
    /// The logger given by the caller; receives server notices and connection lifecycle events.
    public let logger: Logger
    /// Retained for libpq's notice callback, released after `PQfinish` so the callback can never outlive it.
    private let noticeSink: Unmanaged<NoticeSink>
    /// Counts nested ``transaction(isolation:readOnly:_:)`` calls to name their savepoints.
    var savepointDepth = 0

    /// Opens a connection and waits until it is ready or has failed.
    ///
    /// - Parameters:
    ///   - conninfo: a libpq connection string, either `key=value` pairs (`host=/tmp/pg port=5432 dbname=santunan`)
    ///     or a URI (`postgresql://user@localhost:5432/santunan`); omitted settings fall back to the `PG*`
    ///     environment variables as in `psql`. The client encoding is always set to UTF-8, since Swift strings are.
    ///   - logger: where notices and lifecycle events go; the connection adds no handler of its own.
    /// - Throws: ``PostgresError/Code/connectionFailed`` with libpq's message. libpq does not expose the SQLSTATE
    ///   of a failed connection attempt, so ``PostgresError/sqlState`` is nil here.
    public init(_ conninfo: String, logger: Logger) throws(PostgresError) {
        self.logger = logger
        guard !conninfo.utf8.contains(0) else {
            throw PostgresError(code: .connectionFailed, message: "the connection string contains a NUL character")
        }
        // Keywords after the expanded `dbname` override the connection string, which forces UTF-8 for every
        // connection whatever the database's own encoding or PGCLIENTENCODING say.
        let connection = conninfo.withCString { conninfoPointer in
            "dbname".withCString { dbnameKey in
                "client_encoding".withCString { encodingKey in
                    "UTF8".withCString { utf8 in
                        let keywords: [UnsafePointer<CChar>?] = [dbnameKey, encodingKey, nil]
                        let values: [UnsafePointer<CChar>?] = [conninfoPointer, utf8, nil]
                        return PQconnectdbParams(keywords, values, 1)
                    }
                }
            }
        }
        guard let connection else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.errorMessage(of: connection) ?? "connection failed"
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        handle = connection
        noticeSink = Unmanaged.passRetained(NoticeSink(logger: logger))
        PQsetNoticeReceiver(
            connection,
            { context, result in
                guard let context, let result else {
                    return
                }
                Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue().receive(result)
            },
            noticeSink.toOpaque()
        )
        logger.debug(
            "PostgreSQL connection opened",
            metadata: [
                "postgres.backend_pid": "\(PQbackendPID(connection))",
                "postgres.server_version": "\(PQserverVersion(connection))",
            ]
        )
    }

    deinit {
        close()
        noticeSink.release()
    }

    // MARK: - State

    /// The state of a connection as far as libpq knows it.
    public enum Status: Sendable, Hashable {
        /// Open and usable.
        case connected
        /// The link to the server failed; ``Connection/reset()`` may restore it.
        case broken
        /// Closed by ``Connection/close()``; it cannot be used again.
        case closed
    }

    /// Where the session stands with respect to transactions (`PQtransactionStatus`).
    public enum TransactionStatus: Sendable, Hashable {
        /// No transaction open.
        case idle
        /// A statement is running (never seen by a caller of this synchronous API).
        case active
        /// Inside a transaction block.
        case inTransaction
        /// Inside a transaction block that has failed; only ROLLBACK is accepted.
        case inFailedTransaction
        /// The connection is broken or closed.
        case unknown
    }

    /// The state of the connection. libpq only notices a dead link when an operation fails, so a connection whose
    /// server went away still reads ``Status/connected`` until the next call.
    public var status: Status {
        guard let handle else {
            return .closed
        }
        return PQstatus(handle) == CONNECTION_OK ? .connected : .broken
    }

    /// Whether ``status`` is ``Status/connected``.
    public var isConnected: Bool { status == .connected }

    /// Where the session stands with respect to transactions.
    public var transactionStatus: TransactionStatus {
        guard let handle else {
            return .unknown
        }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .inFailedTransaction
        default: return .unknown
        }
    }

    /// The server version as an integer, `major * 10000 + minor` (150013 for 15.13); 0 when not connected.
    public var serverVersion: Int {
        guard let handle else {
            return 0
        }
        return Int(PQserverVersion(handle))
    }

    /// The process ID of the server backend serving this connection (useful with `pg_terminate_backend`).
    public var backendProcessID: Int32 {
        guard let handle else {
            return 0
        }
        return PQbackendPID(handle)
    }

    /// A run-time parameter the server reported, such as `server_version`, `TimeZone` or `DateStyle`.
    public func parameterStatus(_ name: String) -> String? {
        guard let handle, let value = PQparameterStatus(handle, name) else {
            return nil
        }
        return String(cString: value)
    }

    // MARK: - Lifecycle

    /// Closes the connection; later calls throw ``PostgresError/Code/connectionClosed``. Safe to call twice.
    public func close() {
        guard let handle else {
            return
        }
        PQfinish(handle)
        self.handle = nil
        logger.debug("PostgreSQL connection closed")
    }

    /// Drops the link and connects again with the same settings, for reconnecting after a failure.
    ///
    /// Session state is lost: prepared statements, `LISTEN` registrations and `SET` values must be re-established.
    /// On failure the connection stays ``Status/broken``, so the caller can retry later with backoff.
    ///
    /// - Throws: ``PostgresError/Code/connectionClosed`` after ``close()``, ``PostgresError/Code/connectionFailed``
    ///   when the server cannot be reached.
    public func reset() throws(PostgresError) {
        guard let handle else {
            throw Self.closedError
        }
        savepointDepth = 0
        PQreset(handle)
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.errorMessage(of: handle) ?? "reconnect failed"
            logger.warning("PostgreSQL reconnect failed")
            throw PostgresError(code: .connectionFailed, message: message)
        }
        logger.info(
            "PostgreSQL connection re-established", metadata: ["postgres.backend_pid": "\(PQbackendPID(handle))"])
    }

    // MARK: - Statements

    /// Runs one statement with its bound parameters and returns its result.
    ///
    /// ```swift
    /// let result = try connection.execute("SELECT name FROM heir WHERE claim_id = \(claimID)")
    /// ```
    ///
    /// - Throws: ``PostgresError/Code/queryFailed`` with the server's SQLSTATE; ``PostgresError/Code/connectionClosed``
    ///   when the connection is closed or the link dropped.
    @discardableResult
    public func execute(_ sql: SQL) throws(PostgresError) -> QueryResult {
        try execute(text: sql.text, values: sql.binds)
    }

    /// Runs one statement whose text uses `$1`, `$2`, … placeholders, binding `binds` in order (`nil` is NULL).
    ///
    /// The text is sent as written, so it must never be built from user input; values belong in `binds`.
    @discardableResult
    public func execute(_ sql: String, _ binds: [(any PostgresBindable)?]) throws(PostgresError) -> QueryResult {
        try execute(text: sql, values: binds.lazy.map { $0?.postgresValue ?? .null })
    }

    private func execute(text: String, values: some Sequence<PostgresValue>) throws(PostgresError) -> QueryResult {
        let (handle, result) = try send(text: text, values: values)
        return try checkedResult(result, handle: handle, failure: .queryFailed)
    }

    /// Sends one statement with its values bound to `$1`, `$2`, … and returns libpq's raw result (nil when libpq
    /// could not make one) with the handle it went out on, for the caller to check: a query's rows, or the start of
    /// a COPY. The one place a statement with parameters is sent.
    func send(text: String, values: some Sequence<PostgresValue>) throws(PostgresError)
        -> (handle: OpaquePointer, result: OpaquePointer?)
    {
        let handle = try liveHandle()
        try Self.checkNoNUL(text)
        let parameters = try ParameterBuffer(values)
        let result = parameters.withUnsafeArguments { count, types, values, lengths, formats in
            PQexecParams(handle, text, count, types, values, lengths, formats, 0)
        }
        return (handle, result)
    }

    /// Runs a script of several `;`-separated statements without parameters, as migrations need.
    ///
    /// The statements run in one round trip and, unless the script itself says `BEGIN`/`COMMIT`, in one implicit
    /// transaction: an error in any of them undoes them all. Returns the result of the last statement.
    @discardableResult
    public func executeScript(_ script: String) throws(PostgresError) -> QueryResult {
        let handle = try liveHandle()
        try Self.checkNoNUL(script)
        return try checkedResult(PQexec(handle, script), handle: handle, failure: .queryFailed)
    }

    // MARK: - Prepared statements

    /// A statement parsed and planned once on the server, then executed many times with different binds.
    public struct PreparedStatement: Sendable, Hashable {
        /// The name the statement was prepared under; unique per connection.
        public let name: String

        /// Refers to a statement already prepared on the connection under `name`.
        public init(name: String) {
            self.name = name
        }
    }

    /// Prepares `sql` (with `$n` placeholders) under `name` for repeated execution on this connection.
    ///
    /// Prepared statements live in the server session: they vanish after ``reset()``.
    ///
    /// - Throws: ``PostgresError/Code/queryFailed``, with SQLSTATE 42P05 if the name is already taken.
    @discardableResult
    public func prepare(name: String, sql: String) throws(PostgresError) -> PreparedStatement {
        let handle = try liveHandle()
        try Self.checkNoNUL(name)
        try Self.checkNoNUL(sql)
        _ = try checkedResult(PQprepare(handle, name, sql, 0, nil), handle: handle, failure: .queryFailed)
        return PreparedStatement(name: name)
    }

    /// Executes a prepared statement with `binds` for its placeholders.
    @discardableResult
    public func execute(
        _ statement: PreparedStatement,
        _ binds: [(any PostgresBindable)?] = []
    ) throws(PostgresError) -> QueryResult {
        try executePrepared(statement.name, binds)
    }

    /// Executes the statement prepared under `name` with `binds` for its placeholders.
    ///
    /// - Throws: ``PostgresError/Code/queryFailed``, with SQLSTATE 26000 if no statement has that name.
    @discardableResult
    public func executePrepared(
        _ name: String,
        _ binds: [(any PostgresBindable)?] = []
    ) throws(PostgresError) -> QueryResult {
        let handle = try liveHandle()
        try Self.checkNoNUL(name)
        let parameters = try ParameterBuffer(binds.lazy.map { $0?.postgresValue ?? .null })
        let result = parameters.withUnsafeArguments { count, _, values, lengths, formats in
            PQexecPrepared(handle, name, count, values, lengths, formats, 0)
        }
        return try checkedResult(result, handle: handle, failure: .queryFailed)
    }

    /// Frees the prepared statement named `name` on the server.
    public func deallocate(_ name: String) throws(PostgresError) {
        try executeScript("DEALLOCATE \(quoteIdentifier(name))")
    }

    // MARK: - Internals shared by the extensions

    static var closedError: PostgresError {
        PostgresError(code: .connectionClosed, message: "the connection has been closed")
    }

    /// The open `PGconn`, or an error once ``close()`` has run.
    func liveHandle() throws(PostgresError) -> OpaquePointer {
        guard let handle else {
            throw Self.closedError
        }
        return handle
    }

    /// Turns a `PGresult` into a ``QueryResult`` or a thrown error, always consuming the `PGresult`.
    func checkedResult(
        _ result: OpaquePointer?,
        handle: OpaquePointer,
        failure: PostgresError.Code
    ) throws(PostgresError) -> QueryResult {
        guard let result else {
            // libpq returns no result only when it could not even send the command (out of memory, link down).
            throw connectionFailure(handle: handle, failure: failure)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return QueryResult(taking: result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            PQclear(result)
            abandonCopy(handle: handle)
            throw PostgresError(
                code: .invalidArgument,
                message: "COPY ... FROM STDIN must go through copyIn(_:_:); COPY TO STDOUT is not supported"
            )
        default:
            let error = Self.serverError(result, handle: handle, failure: failure)
            PQclear(result)
            throw error
        }
    }

    /// The error for a failed call that produced no `PGresult`.
    func connectionFailure(handle: OpaquePointer, failure: PostgresError.Code) -> PostgresError {
        let message = Self.errorMessage(of: handle) ?? "the command could not be sent"
        let code = PQstatus(handle) == CONNECTION_OK ? failure : .connectionClosed
        return PostgresError(code: code, message: message)
    }

    /// Reads the diagnostic fields of a failed `PGresult`.
    ///
    /// A failure that left the link dead is reported as ``PostgresError/Code/connectionClosed`` even when the
    /// server sent a SQLSTATE with it (such as 57P01 on `pg_terminate_backend`), so a worker can tell "reconnect"
    /// from "the statement was wrong".
    static func serverError(_ result: OpaquePointer, handle: OpaquePointer, failure: PostgresError.Code)
        -> PostgresError
    {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        var message = field(CLIBPQ_DIAG_MESSAGE_PRIMARY)
        if message == nil, let text = PQresultErrorMessage(result) {
            message = trimmed(String(cString: text))
        }
        let code = PQstatus(handle) == CONNECTION_OK ? failure : .connectionClosed
        return PostgresError(
            code: code,
            sqlState: field(CLIBPQ_DIAG_SQLSTATE),
            message: message ?? "the statement failed",
            detail: field(CLIBPQ_DIAG_MESSAGE_DETAIL),
            hint: field(CLIBPQ_DIAG_MESSAGE_HINT),
            severity: field(CLIBPQ_DIAG_SEVERITY_NONLOCALIZED),
            schemaName: field(CLIBPQ_DIAG_SCHEMA_NAME),
            tableName: field(CLIBPQ_DIAG_TABLE_NAME),
            columnName: field(CLIBPQ_DIAG_COLUMN_NAME),
            constraintName: field(CLIBPQ_DIAG_CONSTRAINT_NAME)
        )
    }

    /// libpq's last error message for the connection, without the trailing newline.
    static func errorMessage(of handle: OpaquePointer) -> String? {
        guard let text = PQerrorMessage(handle) else {
            return nil
        }
        let message = trimmed(String(cString: text))
        return message.isEmpty ? nil : message
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace {
            text.removeLast()
        }
        return String(text)
    }

    /// Rejects text that a C string would silently cut at its first NUL.
    static func checkNoNUL(_ text: String) throws(PostgresError) {
        guard !text.utf8.contains(0) else {
            throw PostgresError(code: .invalidArgument, message: "SQL text and names cannot contain a NUL character")
        }
    }

    /// Leaves a COPY state entered by a statement run through the wrong API, so the connection stays usable.
    private func abandonCopy(handle: OpaquePointer) {
        if PQputCopyEnd(handle, "COPY must go through copyIn(_:_:)") < 0 {
            // Not in COPY IN: drain COPY OUT data instead.
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &buffer, 0) > 0 {
                PQfreemem(buffer)
                buffer = nil
            }
        }
        while let result = PQgetResult(handle) {
            PQclear(result)
        }
    }
}

/// Receives libpq notices and forwards them to the caller's logger.
///
/// Notices arrive on the thread that is making a libpq call on the owning connection, so no locking is needed.
final class NoticeSink {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func receive(_ result: OpaquePointer) {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let severity = field(CLIBPQ_DIAG_SEVERITY_NONLOCALIZED) ?? field(CLIBPQ_DIAG_SEVERITY) ?? "NOTICE"
        let level: Logger.Level =
            switch severity {
            case "WARNING": .warning
            case "DEBUG": .debug
            default: .notice
            }
        let message =
            field(CLIBPQ_DIAG_MESSAGE_PRIMARY)
            ?? PQresultErrorMessage(result).map { Connection.trimmed(String(cString: $0)) }
            ?? ""
        var metadata: Logger.Metadata = ["postgres.severity": "\(severity)"]
        if let sqlState = field(CLIBPQ_DIAG_SQLSTATE) {
            metadata["sqlstate"] = "\(sqlState)"
        }
        if let hint = field(CLIBPQ_DIAG_MESSAGE_HINT) {
            metadata["postgres.hint"] = "\(hint)"
        }
        logger.log(level: level, "\(message)", metadata: metadata)
    }
}
