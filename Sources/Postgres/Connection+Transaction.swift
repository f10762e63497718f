import Logging

extension Connection {
    /// The isolation level of a transaction (`BEGIN ISOLATION LEVEL …`).
    public enum IsolationLevel: String, Sendable, Hashable {
        /// Each statement sees data committed before it began; PostgreSQL's default.
        case readCommitted = "READ COMMITTED"
        /// Every statement sees the snapshot taken at the transaction's first statement.
        case repeatableRead = "REPEATABLE READ"
        /// As if transactions ran one at a time; conflicts fail with SQLSTATE 40001 and should be retried.
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` inside a transaction: `BEGIN`, then `COMMIT` when it returns or `ROLLBACK` when it throws.
    ///
    /// Called inside another transaction it uses a savepoint instead, so an inner failure undoes only the inner
    /// work. The body receives this connection for readability at call sites; it is the same object.
    ///
    /// This is `throws` rather than `rethrows` because `BEGIN` and `COMMIT` can fail on their own.
    ///
    /// - Parameters:
    ///   - isolation: the isolation level; only for an outermost transaction (nil keeps the session default).
    ///   - readOnly: start a `READ ONLY` transaction; only for an outermost transaction.
    /// - Throws: whatever `body` threw (after rolling back); ``PostgresError/Code/transactionAborted`` when `body`
    ///   returned normally after swallowing a failed statement, because PostgreSQL then refuses to commit;
    ///   ``PostgresError`` from `BEGIN` or `COMMIT` (for example SQLSTATE 40001 on a serialisation failure).
    @discardableResult
    public func transaction<T>(
        isolation: IsolationLevel? = nil,
        readOnly: Bool = false,
        _ body: (Connection) throws -> T
    ) throws -> T {
        _ = try liveHandle()
        switch transactionStatus {
        case .idle:
            return try outermostTransaction(isolation: isolation, readOnly: readOnly, body)
        case .inTransaction:
            guard isolation == nil, !readOnly else {
                throw PostgresError(
                    code: .invalidArgument,
                    message: "isolation level and read-only mode can only be set on an outermost transaction"
                )
            }
            return try savepointTransaction(body)
        case .inFailedTransaction:
            throw Self.abortedError
        case .active, .unknown:
            throw PostgresError(code: .connectionClosed, message: "the connection is not ready for a transaction")
        }
    }

    private func outermostTransaction<T>(
        isolation: IsolationLevel?,
        readOnly: Bool,
        _ body: (Connection) throws -> T
    ) throws -> T {
        var begin = "BEGIN"
        if let isolation {
            begin += " ISOLATION LEVEL \(isolation.rawValue)"
        }
        if readOnly {
            begin += " READ ONLY"
        }
        try executeScript(begin)
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly("ROLLBACK")
            throw error
        }
        if transactionStatus == .inFailedTransaction {
            rollbackQuietly("ROLLBACK")
            throw Self.abortedError
        }
        try executeScript("COMMIT")
        return value
    }

    private func savepointTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let savepoint = quoteIdentifier("savepoint_\(savepointDepth)")
        try executeScript("SAVEPOINT \(savepoint)")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly("ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
            throw error
        }
        if transactionStatus == .inFailedTransaction {
            rollbackQuietly("ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
            throw Self.abortedError
        }
        try executeScript("RELEASE SAVEPOINT \(savepoint)")
        return value
    }

    /// Rolls back while another error is already on its way out; a failure here (usually a dead link, which the
    /// server answers by rolling back anyway) is logged rather than allowed to hide the original error.
    private func rollbackQuietly(_ statement: String) {
        do {
            try executeScript(statement)
        } catch {
            logger.error(
                "PostgreSQL rollback failed",
                metadata: ["error.code": "\(error.code)", "sqlstate": "\(error.sqlState ?? "")"]
            )
        }
    }

    static var abortedError: PostgresError {
        PostgresError(
            code: .transactionAborted,
            sqlState: "25P02",
            message: "a statement in the transaction failed, so it was rolled back instead of committed"
        )
    }
}
