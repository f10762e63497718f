internal import CLibPQ

extension Connection {
    /// Starts a `COPY (…) TO STDOUT WITH (FORMAT binary)` whose rows the caller pulls, message by message, with
    /// ``BinaryCopyReader/read(_:)``: for a caller that merges several streams, each on its own connection, and
    /// decides which one to read next (``copyOutBinary(_:_:)`` pushes one stream to its end instead).
    ///
    /// While the COPY runs the connection takes no other command. A caller that stops before the reader returned
    /// false closes the connection (libpq then drops the rest of the stream and the server ends the statement).
    ///
    /// - Throws: ``PostgresError/Code/copyFailed`` with the server's SQLSTATE, or
    ///   ``PostgresError/Code/invalidArgument`` when `sql` is not a binary COPY to STDOUT.
    public func startCopyOutBinary(_ sql: SQL) throws(PostgresError) -> BinaryCopyReader {
        BinaryCopyReader(connection: self, handle: try startBinaryCopyOut(sql, caller: "startCopyOutBinary(_:)"))
    }
}

/// The pulling end of a binary COPY started by ``Connection/startCopyOutBinary(_:)``; used on its connection's
/// thread only, like the connection.
public final class BinaryCopyReader {
    private let connection: Connection
    private let handle: OpaquePointer
    private var stream = BinaryCopyStream()
    /// True once the COPY's end and its final result have been read.
    public private(set) var isFinished = false
    /// The rows read so far.
    public var rows: Int { stream.rows }

    init(connection: Connection, handle: OpaquePointer) {
        self.connection = connection
        self.handle = handle
    }

    /// Waits for the next message of the COPY (PostgreSQL sends one row per message; the first also carries the
    /// header) and passes its rows to `row`. Returns false, having read the COPY's final result, when the COPY is
    /// over; then and after, `row` is not called.
    ///
    /// - Throws: the server's error (``PostgresError/Code/copyFailed``), malformed data, or `row`'s own error, after
    ///   which the stream is left where it stopped (close the connection).
    public func read(_ row: (BinaryCopyRow) throws -> Void) throws -> Bool {
        guard !isFinished else { return false }
        var data: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(handle, &data, 0)
        guard length > 0, let data else {
            isFinished = true
            if length == -2 {
                let failure = connection.connectionFailure(handle: handle, failure: .copyFailed)
                _ = connection.finishCopy(handle: handle)
                throw failure
            }
            switch connection.finishCopy(handle: handle) {
            case .success: return false
            case .failure(let error): throw error
            case nil: throw connection.connectionFailure(handle: handle, failure: .copyFailed)
            }
        }
        defer { PQfreemem(data) }
        try stream.read(UnsafeRawBufferPointer(start: data, count: Int(length)), row)
        return true
    }
}
