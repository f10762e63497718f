import Dispatch
import Foundation
public import Logging
public import Postgres
public import SantunanApp

/// A fixed set of libpq connections, each used by one request at a time on a thread of its own.
///
/// libpq is blocking: a query must not hold one of Swift concurrency's few cooperative threads (two on this
/// machine), so the work runs on a Dispatch worker and the request's task awaits it. At most `size` requests touch
/// the database at once; the others wait for a connection in arrival order.
///
/// Per request, the connection switches to the user's group role with session-level `SET ROLE` and back with
/// `RESET ROLE` (docs/decisions/0016-http-service.md): the application layer's use cases open and commit their own
/// transactions, exactly as on the CLI, so the role must outlive them; a connection whose reset fails is replaced.
public final class DatabasePool: @unchecked Sendable {
    /// A connection handed across the continuation; used by one thread at a time (the lock and the lease guarantee).
    struct Lease: @unchecked Sendable {
        let connection: Connection
    }

    private let lock = NSLock()
    private var idle: [Lease]
    private var waiters: [CheckedContinuation<Lease, Never>] = []
    private let open: @Sendable () throws(AppError) -> Connection
    private let queue = DispatchQueue(label: "santunan.server.database", attributes: .concurrent)
    private let logger: Logger
    public let size: Int

    /// Opens `size` connections with `open` (the first one migrates the database).
    public init(size: Int, logger: Logger, open: @escaping @Sendable () throws(AppError) -> Connection)
        throws(AppError)
    {
        self.size = max(1, size)
        self.open = open
        self.logger = logger
        var connections: [Lease] = []
        for _ in 0..<self.size {
            connections.append(Lease(connection: try Self.configured(try open())))
        }
        idle = connections
    }

    /// Closes the idle connections (at shutdown, after the requests in flight finished).
    public func close() {
        lock.lock()
        let all = idle
        idle = []
        lock.unlock()
        for lease in all { lease.connection.close() }
    }

    /// Statement timeout: a request's query gives up after this long rather than hold its connection.
    static let statementTimeout = "15s"

    private static func configured(_ connection: Connection) throws(AppError) -> Connection {
        do {
            _ = try connection.execute("SET statement_timeout = '\(unescaped: statementTimeout)'")
        } catch {
            throw AppError(.databaseUnavailable, field: "database", reason: error.oneLineMessage)
        }
        return connection
    }

    /// Runs `body` on a connection as the server's own login (the owner): token look-ups, idempotency keys,
    /// readiness.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws(AppError) -> T)
        async throws(AppError) -> T
    {
        try await run(role: nil, body)
    }

    /// Runs `body` on a connection switched to `user`'s group role: the role's table and function rights apply,
    /// and the use case names `user.name` as the acting user (`santunan_actor` records it: the server's login is
    /// the owner in the single-user set-up).
    public func withConnection<T: Sendable>(
        as user: APIUser, _ body: @escaping @Sendable (Connection) throws(AppError) -> T
    ) async throws(AppError) -> T {
        try await run(role: user.role.databaseRole, body)
    }

    private func run<T: Sendable>(role: String?, _ body: @escaping @Sendable (Connection) throws(AppError) -> T)
        async throws(AppError) -> T
    {
        let lease = await acquire()
        let outcome: Result<T, AppError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.perform(role: role, on: lease, body))
            }
        }
        return try outcome.get()
    }

    private func perform<T>(role: String?, on lease: Lease, _ body: (Connection) throws(AppError) -> T)
        -> Result<T, AppError>
    {
        var lease = lease
        let connection = lease.connection
        let result: Result<T, AppError>
        do {
            if let role {
                _ = try connection.execute(SQL("SET ROLE \(unescaped: role)"))
            }
            result = Result { () throws(AppError) -> T in try body(connection) }
        } catch {
            result = .failure(SubmissionService.appError(error))
        }
        // Back to the server's own login; a connection that cannot be reset (lost, or left in a transaction) is
        // replaced so that no later request inherits this user's role.
        do {
            guard connection.transactionStatus == .idle else { throw LeftInTransaction() }
            if role != nil { _ = try connection.execute("RESET ROLE") }
        } catch {
            logger.warning("database connection replaced", metadata: ["reason": "\(error)"])
            connection.close()
            if let fresh = try? Self.configured(open()) {
                lease = Lease(connection: fresh)
            }
        }
        release(lease)
        return result
    }

    private struct LeftInTransaction: Error {}

    private func acquire() async -> Lease {
        await withCheckedContinuation { continuation in enqueue(continuation) }
    }

    /// Hands out an idle connection at once, else queues the request for the next one released.
    private func enqueue(_ continuation: CheckedContinuation<Lease, Never>) {
        lock.lock()
        if let lease = idle.popLast() {
            lock.unlock()
            continuation.resume(returning: lease)
        } else {
            waiters.append(continuation)
            lock.unlock()
        }
    }

    private func release(_ lease: Lease) {
        lock.lock()
        if waiters.isEmpty {
            idle.append(lease)
            lock.unlock()
        } else {
            let waiter = waiters.removeFirst()
            lock.unlock()
            waiter.resume(returning: lease)
        }
    }
}
