import Checksum
public import Logging
public import Postgres
public import SantunanValues

/// Bulk-loads CSV files into the participant tables, all or nothing.
///
/// Employers, participants and sponsors are streamed through `COPY` into a temporary staging table of text columns,
/// validated there in SQL (types, ranges, references, duplicates; the first bad record wins and nothing is
/// written), then moved into the real tables in the same transaction with `ON CONFLICT DO NOTHING` on their natural
/// keys. Contributions, tens of millions of rows, take a faster path (``Importer`` `+Contributions`). Every file
/// is recorded by SHA-256 in `import_file`, so importing the same file again does nothing.
///
/// ```swift
/// let summary = try Importer(connection: connection, logger: logger).importFile(.employers, path: "employers.csv")
/// ```
public struct Importer {
    let connection: Connection
    let logger: Logger
    /// Called every few thousand records and at each phase change.
    var progress: ((ImportProgress) -> Void)?
    /// The dates and amounts a record may hold (the case file's domain).
    let bounds: ImportBounds

    /// - Parameter today: the import day the date bounds count from; the system clock's WIB date when nil.
    public init(
        connection: Connection, logger: Logger, today: CivilDate? = nil,
        progress: ((ImportProgress) -> Void)? = nil
    ) {
        self.connection = connection
        self.logger = logger
        self.progress = progress
        self.bounds = ImportBounds(today: today ?? WIBDateTime.now().date)
    }

    /// Imports one file of `kind`.
    ///
    /// - Throws: ``ImportError`` for an unreadable file, bad CSV, a wrong header or the first bad value (nothing is
    ///   written); ``PostgresError`` when the database fails.
    public func importFile(_ kind: ImportKind, path: String) throws -> ImportSummary {
        var reader = try CSVReader(path: path)
        defer { reader.close() }
        try Self.checkHeader(&reader, kind: kind)
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let summary: ImportSummary
        switch kind {
        case .contributions:
            summary = try importContributions(&reader, fileName: fileName)
        default:
            summary = try importStaged(kind, &reader, fileName: fileName)
        }
        report(.done, records: summary.records, reader: reader)
        logger.info(
            "import finished",
            metadata: [
                "kind": "\(kind.rawValue)", "records": "\(summary.records)", "inserted": "\(summary.totalInserted)",
                "already_imported": "\(summary.alreadyImported)",
            ])
        return summary
    }

    static func checkHeader(_ reader: inout CSVReader, kind: ImportKind) throws(ImportError) {
        guard try reader.next() else {
            throw ImportError(
                code: .invalidHeader, line: 1, reason: "the file is empty; the first line must be \"\(kind.header)\"")
        }
        let names = (0..<reader.fieldCount).map { reader.text($0) }
        guard names == kind.columns else {
            throw ImportError(
                code: .invalidHeader, line: reader.line,
                reason:
                    "the header must be \"\(kind.header)\", found \(ImportError.quoted(names.joined(separator: ","), limit: 200))"
            )
        }
    }

    func report(_ phase: ImportProgress.Phase, records: Int, reader: CSVReader) {
        progress?(
            ImportProgress(phase: phase, records: records, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes))
    }

    /// The ledger entry of a file already imported, if any.
    func alreadyImported(_ kind: ImportKind, sha256: String) throws -> Bool {
        try connection.execute("SELECT 1 FROM import_file WHERE kind = \(kind.rawValue) AND sha256 = \(sha256)")
            .rowCount > 0
    }

    func recordFile(_ kind: ImportKind, sha256: String, fileName: String, records: Int, inserted: Int) throws {
        try connection.execute(
            """
            INSERT INTO import_file (sha256, kind, file_name, records, inserted)
            VALUES (\(sha256), \(kind.rawValue), \(fileName), \(records), \(inserted))
            ON CONFLICT DO NOTHING
            """)
    }

    // MARK: - The staged path

    private func importStaged(_ kind: ImportKind, _ reader: inout CSVReader, fileName: String) throws
        -> ImportSummary
    {
        let columns = kind.columns
        let spec = StagingSpec.of(kind, bounds: bounds)
        return try connection.transaction { connection in
            let definition = columns.map { "\(stageColumn($0)) text" }.joined(separator: ", ")
            try connection.executeScript(
                "CREATE TEMP TABLE import_stage (line bigint NOT NULL, \(definition)) ON COMMIT DROP")
            let copy = "COPY import_stage (line, \(columns.map(stageColumn).joined(separator: ", "))) FROM STDIN"
            var records = 0
            var localReader = reader
            try connection.copyIn(SQL(copy)) { writer in
                while try localReader.next() {
                    guard localReader.fieldCount == columns.count else {
                        throw ImportError(
                            code: .invalidCSV, line: localReader.line,
                            reason: "expected \(columns.count) fields (\(kind.header)), found \(localReader.fieldCount)"
                        )
                    }
                    try writer.writeField(Int64(localReader.line))
                    for index in 0..<columns.count {
                        let field = localReader.field(index)
                        if field.isEmpty {
                            try writer.writeField(PostgresValue.null)
                        } else {
                            try writer.writeField(String(decoding: field, as: UTF8.self))
                        }
                    }
                    try writer.endRow()
                    records += 1
                    if records & 0x3FFF == 0 { report(.reading, records: records, reader: localReader) }
                }
            }
            reader = localReader
            let sha256 = reader.sha256Hex()
            if try alreadyImported(kind, sha256: sha256) {
                return ImportSummary(kind: kind, records: records, inserted: [:], alreadyImported: true, sha256: sha256)
            }
            report(.validating, records: records, reader: reader)
            try connection.execute("ANALYZE import_stage")
            if let error = try spec.firstError(connection) {
                throw error
            }
            report(.storing, records: records, reader: reader)
            var inserted: [String: Int] = [:]
            for (table, statement) in spec.moves {
                inserted[table, default: 0] += try connection.executeScript(statement).rowsAffected
            }
            try recordFile(
                kind, sha256: sha256, fileName: fileName, records: records,
                inserted: inserted.values.reduce(0, +))
            return ImportSummary(
                kind: kind, records: records, inserted: inserted, alreadyImported: false, sha256: sha256)
        }
    }
}

/// The staging table's column for a header column (prefixed, so `from`, `to` and `end` need no quoting).
func stageColumn(_ name: String) -> String { "c_" + name }
