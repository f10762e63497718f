internal import CLibPQ

/// The rows and status of one completed statement, owning libpq's `PGresult`.
///
/// Cells are decoded on access, straight from libpq's buffer: `let id: Int64 = try result[0, "id"]`, or iterate
/// the rows with `for row in result { let name: String? = try row["name"] }`. Decoding SQL NULL requires an
/// `Optional` target; decoding it into a non-optional throws ``PostgresError/Code/decodingFailed`` naming the column.
///
/// A result is immutable and independent of its connection once returned, so unlike ``Connection`` it may be
/// handed to another thread (libpq documents `PGresult` as read-only after creation).
public final class QueryResult: @unchecked Sendable {
    @usableFromInline let handle: OpaquePointer
    /// The number of rows returned (0 for statements that return none).
    public let rowCount: Int
    /// The number of columns in each row.
    public let columnCount: Int

    init(taking handle: OpaquePointer) {
        self.handle = handle
        self.rowCount = Int(PQntuples(handle))
        self.columnCount = Int(PQnfields(handle))
    }

    deinit {
        PQclear(handle)
    }

    /// The column names, in order.
    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: PQfname(handle, Int32($0))) }
    }

    /// The index of the first column whose name is exactly `name` (case-sensitive, no identifier folding).
    public func columnIndex(named name: String) -> Int? {
        for column in 0..<columnCount {
            guard let field = PQfname(handle, Int32(column)) else {
                continue
            }
            if cStringEquals(field, name) {
                return column
            }
        }
        return nil
    }

    /// The rows inserted, updated, deleted, copied, fetched or selected, from the command tag (`PQcmdTuples`);
    /// 0 for commands that report none, such as `CREATE TABLE`.
    public var rowsAffected: Int {
        guard let tuples = PQcmdTuples(handle) else {
            return 0
        }
        let count = strlenBounded(tuples)
        return parseDecimal(UnsafeRawBufferPointer(start: tuples, count: count)).flatMap { Int(exactly: $0) } ?? 0
    }

    /// The command tag, such as `INSERT 0 1` or `SELECT 3`.
    public var commandTag: String {
        PQcmdStatus(handle).map { String(cString: $0) } ?? ""
    }

    /// Whether the cell at `row`, `column` is SQL NULL.
    public func isNull(row: Int, column: Int) -> Bool {
        checkBounds(row: row, column: column)
        return PQgetisnull(handle, Int32(row), Int32(column)) != 0
    }

    /// Decodes the cell at `row`, `column` (both zero-based).
    ///
    /// - Throws: ``PostgresError/Code/decodingFailed`` when the cell is NULL and `T` is not optional, or its text
    ///   is not a valid `T`. The error names the column and row but never carries the value.
    @inlinable
    public subscript<T: PostgresDecodable>(row: Int, column: Int) -> T {
        get throws(PostgresError) {
            try decode(T.self, row: row, column: column)
        }
    }

    /// Decodes the cell at `row` in the column named `column`.
    @inlinable
    public subscript<T: PostgresDecodable>(row: Int, column: String) -> T {
        get throws(PostgresError) {
            try decode(T.self, row: row, column: try requireColumn(named: column))
        }
    }

    /// Decodes the cell at `row`, `column` as `type`; the explicit spelling of the subscript.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type, row: Int, column: Int) throws(PostgresError) -> T {
        guard let bytes = cellBytes(row: row, column: column) else {
            guard let null = T.postgresNull else {
                throw decodingError(row: row, column: column, type: "\(T.self)", isNull: true)
            }
            return null
        }
        guard let value = T.decode(postgresText: bytes) else {
            throw decodingError(row: row, column: column, type: "\(T.self)", isNull: false)
        }
        return value
    }

    /// The cell's bytes, or nil for NULL; points into the `PGresult`, so valid while `self` lives.
    @usableFromInline
    func cellBytes(row: Int, column: Int) -> UnsafeRawBufferPointer? {
        checkBounds(row: row, column: column)
        let row = Int32(truncatingIfNeeded: row)
        let column = Int32(truncatingIfNeeded: column)
        if PQgetisnull(handle, row, column) != 0 {
            return nil
        }
        return UnsafeRawBufferPointer(
            start: PQgetvalue(handle, row, column), count: Int(PQgetlength(handle, row, column)))
    }

    @usableFromInline
    func requireColumn(named name: String) throws(PostgresError) -> Int {
        guard let column = columnIndex(named: name) else {
            throw PostgresError(
                code: .decodingFailed,
                message: "the result has no column named \"\(name)\"",
                columnName: name
            )
        }
        return column
    }

    @usableFromInline
    func decodingError(row: Int, column: Int, type: String, isNull: Bool) -> PostgresError {
        let name = PQfname(handle, Int32(column)).map { String(cString: $0) } ?? "?"
        let problem =
            isNull
            ? "is NULL, which a non-optional \(type) cannot hold; decode as \(type)? to accept NULL"
            : "is not a valid \(type) (server type OID \(PQftype(handle, Int32(column))))"
        return PostgresError(
            code: .decodingFailed,
            message: "column \"\(name)\" (index \(column)) of row \(row) \(problem)",
            columnName: name
        )
    }

    private func checkBounds(row: Int, column: Int) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        precondition(column >= 0 && column < columnCount, "column \(column) out of range 0..<\(columnCount)")
    }
}

extension QueryResult: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { rowCount }

    /// The row at `position`; rows are views into the result, so this copies nothing.
    public subscript(position: Int) -> Row {
        precondition(position >= 0 && position < rowCount, "row \(position) out of range 0..<\(rowCount)")
        return Row(result: self, index: position)
    }

    /// One row of a ``QueryResult``; keeps the result alive while the row is held.
    public struct Row: Sendable {
        /// The result this row belongs to.
        public let result: QueryResult
        /// The zero-based row number within ``result``.
        public let index: Int

        /// Decodes the cell in `column` (zero-based).
        @inlinable
        public subscript<T: PostgresDecodable>(column: Int) -> T {
            get throws(PostgresError) {
                try result.decode(T.self, row: index, column: column)
            }
        }

        /// Decodes the cell in the column named `column`.
        @inlinable
        public subscript<T: PostgresDecodable>(column: String) -> T {
            get throws(PostgresError) {
                try result.decode(T.self, row: index, column: try result.requireColumn(named: column))
            }
        }

        /// Decodes the cell in `column` as `type`; the explicit spelling of the subscript.
        @inlinable
        public func decode<T: PostgresDecodable>(_ type: T.Type, column: Int) throws(PostgresError) -> T {
            try result.decode(type, row: index, column: column)
        }

        /// Whether the cell in `column` is SQL NULL.
        public func isNull(_ column: Int) -> Bool {
            result.isNull(row: index, column: column)
        }
    }
}

/// Compares a C string with a Swift string byte for byte, without building a `String`.
func cStringEquals(_ cString: UnsafePointer<CChar>, _ string: String) -> Bool {
    var pointer = UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self)
    for byte in string.utf8 {
        guard pointer.pointee == byte, byte != 0 else {
            return false
        }
        pointer += 1
    }
    return pointer.pointee == 0
}

/// The length of a NUL-terminated string.
func strlenBounded(_ cString: UnsafePointer<CChar>) -> Int {
    var count = 0
    while cString[count] != 0 {
        count += 1
    }
    return count
}
