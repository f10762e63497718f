internal import CLibPQ

extension Connection {
    /// Streams rows into the server with `COPY … FROM STDIN`, the fastest way to load many rows.
    ///
    /// ```swift
    /// let copied = try connection.copyIn("COPY payout_line (batch_id, nik, amount) FROM STDIN") { writer in
    ///     for line in lines {
    ///         try writer.writeRow([line.batchID, line.nik, line.amount])
    ///     }
    /// }
    /// ```
    ///
    /// COPY is all or nothing: if any row is rejected, or `producer` throws, no row is stored.
    ///
    /// - Parameters:
    ///   - sql: a `COPY … FROM STDIN` statement; the default text format matches ``CopyWriter/writeRow(_:)``, and
    ///     `WITH (FORMAT csv)` works with ``CopyWriter/write(_:)`` for pre-formatted data.
    ///   - producer: writes the data; the writer sends it in large chunks as it fills.
    /// - Returns: the number of rows the server stored.
    /// - Throws: ``PostgresError/Code/copyFailed`` with the server's SQLSTATE (22P02 for a malformed value, 23505
    ///   for a duplicate key, …); the producer's own error, unchanged, if it threw.
    @discardableResult
    public func copyIn(_ sql: SQL, _ producer: (CopyWriter) throws -> Void) throws -> Int {
        let (handle, start) = try send(text: sql.text, values: sql.binds)
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            // Either the statement failed (thrown with its SQLSTATE) or it was not a COPY FROM STDIN at all.
            _ = try checkedResult(start, handle: handle, failure: .copyFailed)
            throw PostgresError(code: .invalidArgument, message: "copyIn(_:_:) needs a COPY … FROM STDIN statement")
        }
        PQclear(start)

        let writer = CopyWriter(handle: handle)
        do {
            try producer(writer)
            try writer.flush()
        } catch {
            writer.isFinished = true
            // Fail the COPY on the server so nothing is stored. The server answers with 57014 ("COPY from stdin
            // failed"), which says less than the error that made us stop, so that one is thrown.
            _ = PQputCopyEnd(handle, "COPY aborted by the client")
            _ = finishCopy(handle: handle)
            throw error
        }
        writer.isFinished = true
        guard PQputCopyEnd(handle, nil) == 1 else {
            let failure = connectionFailure(handle: handle, failure: .copyFailed)
            _ = finishCopy(handle: handle)
            throw failure
        }
        switch finishCopy(handle: handle) {
        case .success(let result): return result.rowsAffected
        case .failure(let error): throw error
        case nil: throw connectionFailure(handle: handle, failure: .copyFailed)
        }
    }

    /// Reads the final result of a COPY (in or out) and drains any others so the connection is ready for the next
    /// command.
    func finishCopy(handle: OpaquePointer) -> Result<QueryResult, PostgresError>? {
        var outcome: Result<QueryResult, PostgresError>?
        while let result = PQgetResult(handle) {
            if outcome != nil {
                PQclear(result)
                continue
            }
            if PQresultStatus(result) == PGRES_COPY_IN {
                // Only reachable if PQputCopyEnd could not be sent; give up on this COPY.
                PQclear(result)
                outcome = .failure(connectionFailure(handle: handle, failure: .copyFailed))
                break
            }
            do {
                outcome = .success(try checkedResult(result, handle: handle, failure: .copyFailed))
            } catch {
                outcome = .failure(error)
            }
        }
        return outcome
    }
}

/// Sends data for a `COPY … FROM STDIN` started by ``Connection/copyIn(_:_:)``.
///
/// Writes collect in a buffer that goes to the server with `PQputCopyData` whenever it passes ``chunkSize``, so
/// memory stays flat however many rows are streamed. Only valid inside the producer closure.
public final class CopyWriter {
    /// Bytes buffered before they are sent in one `PQputCopyData` call.
    public static let chunkSize = 256 * 1024

    private let handle: OpaquePointer
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    var isFinished = false
    /// The rows completed so far through ``writeRow(_:)`` or ``endRow()``.
    public private(set) var rowsWritten = 0

    init(handle: OpaquePointer) {
        self.handle = handle
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    // MARK: Text-format rows

    /// Writes one row in COPY's text format: fields separated by tabs, `\N` for NULL, and backslash, tab, newline
    /// and carriage return escaped, so any text value round-trips exactly.
    public func writeRow(_ values: [(any PostgresBindable)?]) throws(PostgresError) {
        for value in values {
            try writeField(value?.postgresValue ?? .null)
        }
        try endRow()
    }

    /// Appends one field to the current row; finish the row with ``endRow()``.
    ///
    /// Field by field avoids building an array per row when loading millions of rows.
    public func writeField(_ value: some PostgresBindable) throws(PostgresError) {
        try checkOpen()
        if fieldsInRow > 0 {
            buffer.append(UInt8(ascii: "\t"))
        }
        fieldsInRow += 1
        try appendCopyTextField(value.postgresValue, to: &buffer, field: fieldsInRow, row: rowsWritten + 1)
    }

    /// Ends the current row and sends the buffer if it has grown past ``chunkSize``.
    public func endRow() throws(PostgresError) {
        try checkOpen()
        buffer.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
        rowsWritten += 1
        if buffer.count >= Self.chunkSize {
            try flush()
        }
    }

    // MARK: Raw data

    /// Writes data already in the COPY statement's format (for example CSV lines), unchanged.
    public func write(_ bytes: [UInt8]) throws(PostgresError) {
        try checkOpen()
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunkSize {
            try flush()
        }
    }

    /// Writes text already in the COPY statement's format (for example CSV lines), unchanged.
    public func write(_ text: String) throws(PostgresError) {
        try checkOpen()
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunkSize {
            try flush()
        }
    }

    /// Sends everything buffered so far.
    func flush() throws(PostgresError) {
        guard !buffer.isEmpty else {
            return
        }
        var offset = 0
        while offset < buffer.count {
            let length = min(buffer.count - offset, Int(Int32.max))
            let status = buffer.withUnsafeBytes { bytes in
                PQputCopyData(
                    handle,
                    bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self),
                    Int32(length)
                )
            }
            guard status == 1 else {
                let message = Connection.errorMessage(of: handle) ?? "sending COPY data failed"
                let code: PostgresError.Code = PQstatus(handle) == CONNECTION_OK ? .copyFailed : .connectionClosed
                throw PostgresError(code: code, message: message)
            }
            offset += length
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func checkOpen() throws(PostgresError) {
        guard !isFinished else {
            throw PostgresError(
                code: .copyFailed, message: "the COPY has already finished; keep the writer inside the producer")
        }
    }
}

extension CopyWriter {
    /// Formats one row in COPY's text format, for callers that assemble data outside a live COPY.
    ///
    /// - Throws: ``PostgresError/Code/invalidArgument`` if a text value contains NUL, which COPY cannot carry.
    public static func textRow(_ values: [(any PostgresBindable)?]) throws(PostgresError) -> String {
        var row: [UInt8] = []
        for (index, value) in values.enumerated() {
            if index > 0 {
                row.append(UInt8(ascii: "\t"))
            }
            try appendCopyTextField(value?.postgresValue ?? .null, to: &row, field: index + 1, row: 1)
        }
        row.append(UInt8(ascii: "\n"))
        return String(decoding: row, as: UTF8.self)
    }
}

/// Appends one field in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
///
/// - Throws: ``PostgresError/Code/invalidArgument`` for text containing NUL, which COPY cannot carry.
private func appendCopyTextField(
    _ value: PostgresValue,
    to buffer: inout [UInt8],
    field: Int,
    row: Int
) throws(PostgresError) {
    switch value.storage {
    case .null:
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "N"))
    case .integer(let integer, _):
        appendDecimal(integer, to: &buffer)
    case .bool(let flag):
        buffer.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    case .text(let text):
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\t"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\n"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "r"))
            case 0:
                // The field and row numbers are safe to report; the value is not.
                throw PostgresError(
                    code: .invalidArgument,
                    message: "field \(field) of COPY row \(row) contains a NUL character, which COPY cannot carry"
                )
            default:
                buffer.append(byte)
            }
        }
    case .bytea(let bytes):
        // bytea's text form is `\x` + hex; COPY's own escaping doubles the backslash.
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "x"))
        buffer.reserveCapacity(buffer.count + bytes.count * 2)
        for byte in bytes {
            buffer.append(hexDigit(byte >> 4))
            buffer.append(hexDigit(byte & 0x0F))
        }
    }
}

@inline(__always)
private func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ nibble &- 10
}
