internal import CLibPQ

extension Connection {
    /// Streams the rows of a `COPY (…) TO STDOUT WITH (FORMAT binary)` to `row` as the server sends them: the server
    /// produces while the caller consumes, and no result set is held in memory.
    ///
    /// ```swift
    /// let rows = try connection.copyOutBinary(
    ///     "COPY (SELECT membership_id, wage FROM contribution) TO STDOUT WITH (FORMAT binary)"
    /// ) { row in
    ///     total += try row.int64(1) ?? 0
    /// }
    /// ```
    ///
    /// If `row` throws, the remaining data is read and dropped (the connection stays usable) and that error is
    /// thrown.
    ///
    /// - Returns: the number of rows the server sent.
    /// - Throws: ``PostgresError/Code/copyFailed`` with the server's SQLSTATE, or `row`'s own error.
    @discardableResult
    public func copyOutBinary(_ sql: SQL, _ row: (BinaryCopyRow) throws -> Void) throws -> Int {
        let handle = try startBinaryCopyOut(sql, caller: "copyOutBinary(_:_:)")
        var stream = BinaryCopyStream()
        var failure: (any Error)?
        while true {
            var data: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &data, 0)
            guard length > 0, let data else {
                if length == -2 { failure = failure ?? connectionFailure(handle: handle, failure: .copyFailed) }
                break
            }
            defer { PQfreemem(data) }
            guard failure == nil else { continue }
            do {
                try stream.read(UnsafeRawBufferPointer(start: data, count: Int(length)), row)
            } catch {
                failure = error
            }
        }
        let outcome = finishCopy(handle: handle)
        if let failure { throw failure }
        switch outcome {
        case .success: return stream.rows
        case .failure(let error): throw error
        case nil: throw connectionFailure(handle: handle, failure: .copyFailed)
        }
    }

    /// Sends `sql` and checks that the server answered with a binary COPY to the client: the start both the pushing
    /// (``copyOutBinary(_:_:)``) and the pulling (``startCopyOutBinary(_:)``) readers share. Any other answer is the
    /// server's error (``PostgresError/Code/copyFailed``) or, for a statement that is no binary COPY out, the
    /// caller's (``PostgresError/Code/invalidArgument``, naming `caller`); a text COPY started by mistake is ended.
    func startBinaryCopyOut(_ sql: SQL, caller: String) throws(PostgresError) -> OpaquePointer {
        let (handle, start) = try send(text: sql.text, values: sql.binds)
        guard let start, PQresultStatus(start) == PGRES_COPY_OUT, PQbinaryTuples(start) == 1 else {
            let status = start.map(PQresultStatus)
            _ = try checkedResult(start, handle: handle, failure: .copyFailed)
            if status == PGRES_COPY_OUT { _ = finishCopy(handle: handle) }
            throw PostgresError(
                code: .invalidArgument, message: "\(caller) needs a COPY … TO STDOUT WITH (FORMAT binary) statement")
        }
        PQclear(start)
        return handle
    }
}

/// PostgreSQL's binary COPY format, for the code that writes it (`COPY … FROM STDIN WITH (FORMAT binary)`) and
/// ``BinaryCopyStream``, which reads it.
public enum BinaryCopy {
    static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]
    /// The header: the 11-byte signature, 32-bit flags (none) and header-extension length (none).
    public static let header: [UInt8] = signature + [0, 0, 0, 0, 0, 0, 0, 0]
    /// The trailer: a field count of -1.
    public static let trailer: [UInt8] = [0xFF, 0xFF]
    /// Days from 1970-01-01 to 2000-01-01: a binary `date` counts days from the latter.
    public static let dateEpochDays = 10_957
}

/// Splits the data messages of a binary COPY into rows: the 19-byte header (plus any header extension) before the
/// first row, then per row a 16-bit field count and each field as a 32-bit length (-1 for NULL) and its bytes, then
/// a -1 trailer.
struct BinaryCopyStream {
    private var sawHeader = false
    private(set) var rows = 0

    mutating func read(_ message: UnsafeRawBufferPointer, _ row: (BinaryCopyRow) throws -> Void) throws {
        var offset = 0
        if !sawHeader {
            guard message.count >= 19, message.prefix(11).elementsEqual(BinaryCopy.signature) else {
                throw Self.malformed("the binary COPY header is missing")
            }
            let extensionLength = Int(message.loadBigEndianInt32(at: 15))
            offset = 19 + extensionLength
            sawHeader = true
        }
        while offset < message.count {
            guard offset + 2 <= message.count else { throw Self.malformed("a row is cut short") }
            let fields = Int(Int16(bitPattern: UInt16(message[offset]) << 8 | UInt16(message[offset + 1])))
            offset += 2
            if fields == -1 { return }  // the trailer
            let first = offset
            for _ in 0..<fields {
                guard offset + 4 <= message.count else { throw Self.malformed("a row is cut short") }
                let length = Int(message.loadBigEndianInt32(at: offset))
                offset += 4 + max(length, 0)
                guard offset <= message.count else { throw Self.malformed("a field is cut short") }
            }
            rows += 1
            try row(BinaryCopyRow(bytes: UnsafeRawBufferPointer(rebasing: message[first..<offset]), fieldCount: fields))
        }
    }

    static func malformed(_ reason: String) -> PostgresError {
        PostgresError(code: .copyFailed, message: "malformed binary COPY data: \(reason)")
    }
}

/// One row of a binary COPY, valid only inside the closure that receives it.
///
/// Fields are read by position in their binary send format: `bigint` with ``int64(_:)``, `integer` with
/// ``int32(_:)``, `date` with ``date(_:)``; each gives nil for NULL and throws when the field's size does not match.
public struct BinaryCopyRow {
    let bytes: UnsafeRawBufferPointer
    public let fieldCount: Int

    /// The row's fields as sent (each a 32-bit big-endian length, -1 for NULL, then its bytes), for a reader that
    /// walks every field once in order (``field(_:)`` walks from the first field on every call).
    public var rawFields: UnsafeRawBufferPointer { bytes }

    /// The bytes of field `index` (from 0), nil for NULL.
    public func field(_ index: Int) throws(PostgresError) -> UnsafeRawBufferPointer? {
        guard index >= 0, index < fieldCount else {
            throw PostgresError(
                code: .invalidArgument, message: "field \(index) of a row of \(fieldCount) fields")
        }
        var offset = 0
        for _ in 0..<index {
            offset += 4 + max(Int(bytes.loadBigEndianInt32(at: offset)), 0)
        }
        let length = Int(bytes.loadBigEndianInt32(at: offset))
        guard length >= 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 4 + length)])
    }

    /// A `bigint` field.
    public func int64(_ index: Int) throws(PostgresError) -> Int64? {
        guard let field = try field(index) else { return nil }
        guard field.count == 8 else { throw Self.size(index, field.count, "bigint") }
        return Int64(bigEndian: field.loadUnaligned(as: Int64.self))
    }

    /// An `integer` field.
    public func int32(_ index: Int) throws(PostgresError) -> Int32? {
        guard let field = try field(index) else { return nil }
        guard field.count == 4 else { throw Self.size(index, field.count, "integer") }
        return Int32(bigEndian: field.loadUnaligned(as: Int32.self))
    }

    /// A `date` field as days since 1970-01-01 (the server sends days since 2000-01-01).
    public func date(_ index: Int) throws(PostgresError) -> Int? {
        guard let days = try int32(index) else { return nil }
        return Int(days) + BinaryCopy.dateEpochDays
    }

    static func size(_ index: Int, _ count: Int, _ type: String) -> PostgresError {
        PostgresError(code: .decodingFailed, message: "field \(index) has \(count) bytes, not a binary \(type)")
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    fileprivate func loadBigEndianInt32(at offset: Int) -> Int32 {
        Int32(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }
}
