import Foundation
public import Logging

extension Connection {
    /// Reads one snapshot from several connections at once: runs `body(share, connection)` for each share
    /// `0..<shares` on its own thread and its own connection to `conninfo`, inside a read-only repeatable-read
    /// transaction set to this connection's snapshot (`pg_export_snapshot`), so the server works on every core and
    /// every share sees the same data.
    ///
    /// Call it inside a repeatable-read (or serializable) transaction on this connection, which keeps the snapshot
    /// alive until the shares are done.
    ///
    /// - Returns: the shares' results, in share order.
    /// - Throws: the first error a share threw (the other shares still finish).
    public func onExportedSnapshot<Result: Sendable>(
        conninfo: String, shares: Int, logger: Logger,
        _ body: @escaping @Sendable (_ share: Int, _ connection: Connection) throws -> Result
    ) throws -> [Result] {
        let snapshot: String = try execute("SELECT pg_export_snapshot()")[0, 0]
        let results = ShareResults<Result>(count: shares)
        let group = DispatchGroup()
        for share in 0..<shares {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let connection = try Connection(conninfo, logger: logger)
                    defer { connection.close() }
                    let result = try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
                        // The command takes no parameter; the id (hex digits and dashes) is quoted all the same.
                        let literal = "'" + snapshot.replacingOccurrences(of: "'", with: "''") + "'"
                        try connection.execute("SET TRANSACTION SNAPSHOT \(unescaped: literal)")
                        return try body(share, connection)
                    }
                    results.store(result, at: share)
                } catch {
                    results.fail(error)
                }
            }
            thread.start()
        }
        group.wait()
        return try results.all()
    }
}

/// The results of ``Connection/onExportedSnapshot(conninfo:shares:logger:_:)``'s threads, and the first error.
private final class ShareResults<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result?]
    private var error: (any Error)?

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func store(_ result: Result, at index: Int) {
        lock.lock()
        defer { lock.unlock() }
        results[index] = result
    }

    func fail(_ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }

    func all() throws -> [Result] {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
        return results.compactMap { $0 }
    }
}
