import Checksum
import Logging
import Postgres
import SantunanValues

/// The contribution import: tens of millions of rows, so no second copy of the data in a staging table.
///
/// Each record is checked as it streams (types and ranges by the same rules and messages as the staged kinds, KPJ
/// against the `membership` table read at the start of the transaction, duplicates within the file by each KPJ's
/// ascending months, or with a set of keys when they do not ascend) and goes through a binary `COPY` into
/// index-free load tables, one per partition of `contribution`, inside one transaction; `ContributionLoadTables`
/// then moves them in (a partition that is still empty is swapped in whole and
/// indexed once, the others take the rows through their primary key). When the file overlaps rows already stored
/// (the primary key refuses a row), the transaction is rolled back and the file is streamed again into a temporary
/// table and merged with `ON CONFLICT DO NOTHING`: slower, but only for overlapping re-deliveries. See docs/scale.md
/// for the figures behind this choice.
extension Importer {
    func importContributions(_ reader: inout CSVReader, fileName: String) throws -> ImportSummary {
        let path = reader.path
        if try firstRecordIsStored(path: path) {
            // Most likely the same file again: recognise it by its hash before streaming anything.
            let sha256 = try CSVReader.sha256(path: path)
            if try alreadyImported(.contributions, sha256: sha256) {
                return ImportSummary(
                    kind: .contributions, records: 0, inserted: [:], alreadyImported: true, sha256: sha256)
            }
            return try loadContributions(&reader, fileName: fileName, merge: true, ordered: false)
        }
        do {
            return try loadContributions(&reader, fileName: fileName, merge: false)
        } catch is ContributionLine.OutOfOrder {
            // A KPJ's months do not ascend in this file: read it again, keeping every key seen.
            var again = try Self.reopen(path)
            defer { again.close() }
            do {
                return try loadContributions(&again, fileName: fileName, merge: false, ordered: false)
            } catch let error as PostgresError where error.isDuplicateKey {
                return try mergeContributions(path: path, fileName: fileName)
            }
        } catch let error as PostgresError where error.isDuplicateKey {
            return try mergeContributions(path: path, fileName: fileName)
        }
    }

    /// The file overlaps stored rows: read it again into a staging table and merge.
    private func mergeContributions(path: String, fileName: String) throws -> ImportSummary {
        logger.info("contribution file overlaps stored rows; merging through a staging table")
        var again = try Self.reopen(path)
        defer { again.close() }
        return try loadContributions(&again, fileName: fileName, merge: true, ordered: false)
    }

    /// A fresh reader of a contribution file, past its checked header.
    private static func reopen(_ path: String) throws -> CSVReader {
        var reader = try CSVReader(path: path)
        do {
            try checkHeader(&reader, kind: .contributions)
        } catch {
            reader.close()
            throw error
        }
        return reader
    }

    /// Whether the file's first record (KPJ and month) is already stored, a cheap sign of a repeated file.
    private func firstRecordIsStored(path: String) throws -> Bool {
        var peek = try CSVReader(path: path)
        defer { peek.close() }
        guard try peek.next(), try peek.next(), peek.fieldCount >= 2 else { return false }
        let kpj = peek.text(0)
        let month = peek.text(1)
        guard ContributionLine.month(peek.field(1)) != nil, kpj.utf8.count == 11 else { return false }
        let first = "\(month)-01"
        return try connection.execute(
            """
            SELECT 1 FROM contribution c JOIN membership m ON m.id = c.membership_id
            WHERE m.kpj = \(kpj) AND c.month = \(first)::date
            """
        ).rowCount > 0
    }

    /// One pass over the file. `ordered`: duplicates within the file are found by comparing each KPJ's month with
    /// its previous one (no memory per row), and a month that does not ascend throws ``ContributionLine/OutOfOrder``
    /// so the caller reads the file again with `ordered: false`, which keeps every (KPJ, month) seen.
    private func loadContributions(_ reader: inout CSVReader, fileName: String, merge: Bool, ordered: Bool = true)
        throws -> ImportSummary
    {
        try connection.transaction { connection in
            // One contribution import at a time: the load tables have fixed names and the swap needs the partition
            // it replaces to stay empty until commit.
            try connection.execute("SELECT pg_advisory_xact_lock(\(Self.contributionImportLock))")
            let memberships = try MembershipIndex.load(connection)
            let target: String
            var loadTables: ContributionLoadTables?
            if merge {
                try connection.executeScript(
                    """
                    CREATE TEMP TABLE contribution_stage (LIKE contribution INCLUDING DEFAULTS) ON COMMIT DROP
                    """)
                target = "contribution_stage"
            } else {
                loadTables = try ContributionLoadTables.create(connection)
                target = ContributionLoadTables.parent
            }
            var records = 0
            var parser = ContributionLine(memberships: memberships.count, ordered: ordered, bounds: bounds)
            try connection.copyIn(
                SQL(
                    """
                    COPY \(unescaped: target) (participant_id, membership_id, month, wage, amount_jkk, amount_jkm, amount_jht,
                                    amount_jp, due_on, paid_on) FROM STDIN WITH (FORMAT binary)
                    """)
            ) { writer in
                var buffer = BinaryCopy.header
                buffer.reserveCapacity(CopyWriter.chunkSize + 256)
                while try reader.next() {
                    guard try parser.append(&reader, memberships: memberships, to: &buffer) else {
                        throw ContributionLine.OutOfOrder()
                    }
                    records += 1
                    if buffer.count >= CopyWriter.chunkSize {
                        try writer.write(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                    if records & 0xFFFF == 0 { report(.reading, records: records, reader: reader) }
                }
                buffer.append(contentsOf: BinaryCopy.trailer)
                try writer.write(buffer)
            }
            let sha256 = reader.sha256Hex()
            if merge, try alreadyImported(.contributions, sha256: sha256) {
                return ImportSummary(
                    kind: .contributions, records: records, inserted: [:], alreadyImported: true, sha256: sha256)
            }
            var inserted = records
            if let loadTables {
                report(.storing, records: records, reader: reader)
                logger.info("contribution rows loaded", metadata: ["records": "\(records)"])
                let moved = try loadTables.moveIntoContribution(connection)
                logger.info(
                    "contribution rows stored",
                    metadata: [
                        "partitions.swapped": "\(moved.swappedPartitions)",
                        "rows.swapped": "\(records - moved.insertedRows)", "rows.inserted": "\(moved.insertedRows)",
                    ])
            }
            if merge {
                report(.storing, records: records, reader: reader)
                inserted = try connection.execute(
                    """
                    INSERT INTO contribution SELECT * FROM contribution_stage ON CONFLICT (membership_id, month) DO NOTHING
                    """
                ).rowsAffected
            }
            try recordFile(.contributions, sha256: sha256, fileName: fileName, records: records, inserted: inserted)
            return ImportSummary(
                kind: .contributions, records: records, inserted: ["contribution": inserted], alreadyImported: false,
                sha256: sha256)
        }
    }
}

extension Importer {
    /// The key of the transaction-level advisory lock that serialises contribution imports ("CONTRIB" in ASCII).
    static let contributionImportLock: Int64 = 0x43_4F_4E_54_52_49_42
}

/// The load tables of one contribution import: a partitioned `contribution_load` whose partitions mirror those of
/// `contribution` (same bounds, columns, defaults and checks) but carry no index, so `COPY` into them runs at about
/// the speed of a raw `\copy` (docs/scale.md). Created inside the import's transaction, so a failure or a crash leaves
/// nothing behind.
///
/// Moving the rows in: a partition of `contribution` that is still empty (a new year, or the first load) is replaced by
/// its load table — detach, drop the empty one, rename, attach — and PostgreSQL builds the primary key and the other
/// indexes once, by sorting, while attaching; a check copied from the partition's own bound lets the attach skip its
/// validation scan. A partition that already holds rows takes them with `INSERT … SELECT`, through its primary key,
/// which refuses any overlap (the caller then merges). Dropping the empty partition takes an ACCESS EXCLUSIVE lock on
/// `contribution` until commit: readers wait while the new partitions are indexed (seconds for a year of a region).
struct ContributionLoadTables {
    static let parent = "contribution_load"
    static let boundCheck = "contribution_load_bound"

    struct Partition {
        /// The partition of `contribution`.
        var name: String
        /// Its bound as PostgreSQL prints it, e.g. `FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')` or `DEFAULT`.
        var bound: String
        /// Its partition constraint as an expression; nil for the default partition, which is never swapped.
        var constraint: String?
        var loadTable: String
    }

    var partitions: [Partition]

    static func create(_ connection: Connection) throws -> ContributionLoadTables {
        let rows = try connection.execute(
            """
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid),
                   CASE WHEN pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT' THEN pg_get_partition_constraintdef(c.oid) END,
                   pg_get_partkeydef('contribution'::regclass)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'contribution'::regclass
            ORDER BY c.relname
            """)
        var partitions: [Partition] = []
        for row in 0..<rows.rowCount {
            let partition = Partition(
                name: try rows[row, 0], bound: try rows[row, 1], constraint: try rows[row, 2],
                loadTable: "\(parent)_\(row)")
            if row == 0 {
                let key: String = try rows[row, 3]
                try connection.execute(
                    """
                    CREATE TABLE \(identifier: parent) (LIKE contribution INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
                    PARTITION BY \(unescaped: key)
                    """)
            }
            // The bound and the constraint are PostgreSQL's own rendering of the catalog, not user input.
            let check = partition.constraint.map { ", CONSTRAINT \(boundCheck) CHECK (\($0))" } ?? ""
            try connection.execute(
                """
                CREATE TABLE \(identifier: partition.loadTable)
                (LIKE contribution INCLUDING DEFAULTS INCLUDING CONSTRAINTS\(unescaped: check))
                """)
            try connection.execute(
                """
                ALTER TABLE \(identifier: parent) ATTACH PARTITION \(identifier: partition.loadTable)
                \(unescaped: partition.bound)
                """)
            partitions.append(partition)
        }
        return ContributionLoadTables(partitions: partitions)
    }

    /// Moves every loaded row into `contribution` and drops the load tables.
    func moveIntoContribution(_ connection: Connection) throws -> (swappedPartitions: Int, insertedRows: Int) {
        // Keeps other writers out of `contribution` (readers go on) so an empty partition stays empty until the swap.
        try connection.execute("LOCK TABLE contribution IN SHARE ROW EXCLUSIVE MODE")
        var swaps: [Partition] = []
        var inserted = 0
        for partition in partitions {
            let probe = try connection.execute(
                """
                SELECT EXISTS (SELECT 1 FROM \(identifier: partition.loadTable)),
                       EXISTS (SELECT 1 FROM \(identifier: partition.name))
                """)
            let loaded: Bool = try probe[0, 0]
            guard loaded else { continue }
            let occupied: Bool = try probe[0, 1]
            if partition.constraint != nil, !occupied {
                swaps.append(partition)
            } else {
                inserted += try connection.execute(
                    "INSERT INTO contribution SELECT * FROM \(identifier: partition.loadTable)"
                ).rowsAffected
            }
        }
        for partition in swaps {
            try connection.execute(
                "ALTER TABLE \(identifier: Self.parent) DETACH PARTITION \(identifier: partition.loadTable)")
            try connection.execute("DROP TABLE \(identifier: partition.name)")
            try connection.execute(
                "ALTER TABLE \(identifier: partition.loadTable) RENAME TO \(identifier: partition.name)")
            try connection.execute(
                """
                ALTER TABLE contribution ATTACH PARTITION \(identifier: partition.name) \(unescaped: partition.bound)
                """)
            try connection.execute(
                "ALTER TABLE \(identifier: partition.name) DROP CONSTRAINT \(identifier: Self.boundCheck)")
        }
        try connection.execute("DROP TABLE \(identifier: Self.parent)")
        return (swaps.count, inserted)
    }
}

/// KPJ → (participant id, membership id, slot) of every stored membership, keyed by the KPJ's numeric value; the
/// slot numbers the memberships from 0 for per-membership arrays.
struct MembershipIndex {
    var ids: [UInt64: (participant: Int64, membership: Int64, slot: Int32)] = [:]
    var count: Int { ids.count }

    static func load(_ connection: Connection) throws -> MembershipIndex {
        let result = try connection.execute("SELECT kpj, participant_id, id FROM membership")
        var index = MembershipIndex()
        index.ids.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount {
            let kpj: String = try result[row, 0]
            guard let key = UInt64(kpj) else { continue }
            index.ids[key] = (try result[row, 1], try result[row, 2], Int32(index.ids.count))
        }
        return index
    }
}

/// Checks one contribution record and appends it to a binary COPY buffer.
struct ContributionLine {
    /// Thrown in ordered mode when a KPJ's month does not come after its previous one in the file.
    struct OutOfOrder: Error {}

    /// Ordered mode: the last month ordinal read per membership slot (-1: none yet). Files come sorted by KPJ or by
    /// month, so each KPJ's months ascend and a repeat is a month not after the previous one.
    private var lastMonth: [Int32]
    /// Unordered mode: (membership id << 20) | month ordinal of every record so far.
    private var seen = Set<UInt64>()
    private let ordered: Bool
    /// The accepted contribution months as ordinals, and the latest payment date in COPY's day count.
    private let months: ClosedRange<Int>
    private let latestPaid: Int32
    private let bounds: ImportBounds

    init(memberships: Int, ordered: Bool, bounds: ImportBounds) {
        self.ordered = ordered
        self.bounds = bounds
        lastMonth = ordered ? [Int32](repeating: -1, count: memberships) : []
        months = ImportBounds.firstContributionMonth.yearMonth.ordinal...bounds.latestContributionMonth.yearMonth.ordinal
        latestPaid = Self.days(bounds.latestDate)
    }

    /// `YYYY-MM` of a month ordinal.
    static func monthText(_ ordinal: Int) -> String {
        YearMonth(ordinal: ordinal).description
    }

    static let columns = ImportKind.contributions.columns

    /// Checks the current record and appends it; false (nothing appended) in ordered mode when the KPJ's month does
    /// not ascend.
    /// (`reader` is `inout` only to spare a copy of the reader per record.)
    mutating func append(_ reader: inout CSVReader, memberships: MembershipIndex, to buffer: inout [UInt8])
        throws(ImportError) -> Bool
    {
        let line = reader.line
        guard reader.fieldCount == Self.columns.count else {
            throw ImportError(
                code: .invalidCSV, line: line,
                reason:
                    "expected \(Self.columns.count) fields (\(ImportKind.contributions.header)), found \(reader.fieldCount)"
            )
        }
        func fail(_ column: Int, _ reason: (String) -> String) -> ImportError {
            let value = reader.field(column)
            let quoted = value.isEmpty ? "(empty)" : ImportError.quoted(String(decoding: value, as: UTF8.self))
            return ImportError(code: .invalidValue, line: line, column: Self.columns[column], reason: reason(quoted))
        }
        let kpjField = reader.field(0)
        guard !kpjField.isEmpty else { throw fail(0) { _ in "is required" } }
        guard kpjField.count == 11, let kpj = Self.digits(kpjField) else {
            throw fail(0) { "\($0) is not a KPJ (11 digits)" }
        }
        guard let ids = memberships.ids[kpj] else {
            throw fail(0) { "\($0) is not a registered membership (import the participants first)" }
        }
        let monthField = reader.field(1)
        guard !monthField.isEmpty else { throw fail(1) { _ in "is required" } }
        guard let month = Self.month(monthField) else { throw fail(1) { "\($0) is not a month (YYYY-MM)" } }
        guard months.contains(month.ordinal) else {
            let (first, last) = (Self.monthText(months.lowerBound), Self.monthText(months.upperBound))
            throw fail(1) {
                "\($0) is outside \(first)…\(last), the contribution months accepted (contributions began in "
                    + "January 1977; at most 12 months after today)"
            }
        }
        let monthStart = Self.days(CivilDate(unchecked: month.year, month.month, 1))
        // The row goes out in COPY's binary format (the server then parses nothing; about half the server's CPU
        // of a text COPY), staged in a fixed buffer and appended once.
        var row = ContributionCopyRow()
        row.int16(10)
        row.field(Int64(ids.participant))
        row.field(Int64(ids.membership))
        row.field(monthStart)
        for column in 2...6 {
            let field = reader.field(column)
            guard !field.isEmpty else { throw fail(column) { _ in "is required" } }
            guard field.count <= 15, let amount = Self.digits(field) else {
                throw fail(column) { "\($0) is not a whole rupiah amount" }
            }
            guard amount <= UInt64(ImportBounds.largestMonthlyAmount) else {
                let largest = RupiahText.text(ImportBounds.largestMonthlyAmount)
                throw fail(column) { "\($0) exceeds \(largest), the largest monthly wage or contribution accepted" }
            }
            row.field(Int64(amount))
        }
        guard !reader.field(7).isEmpty else { throw fail(7) { _ in "is required" } }
        guard let due = Self.date(reader.field(7)) else { throw fail(7) { "\($0) is not a date (YYYY-MM-DD)" } }
        let dueLimit = month.ordinal + ImportBounds.dueWithinMonths
        guard due >= monthStart, due < Self.days(CivilDate(unchecked: (dueLimit + 1) / 12, (dueLimit + 1) % 12 + 1, 1))
        else {
            throw fail(7) {
                "\($0) is outside its month \(Self.monthText(month.ordinal)) and the 12 months after it, "
                    + "when a contribution falls due"
            }
        }
        row.field(due)
        let paid = reader.field(8)
        if paid.isEmpty {
            row.int32(-1)  // NULL
        } else {
            guard let paidOn = Self.date(paid) else { throw fail(8) { "\($0) is not a date (YYYY-MM-DD)" } }
            // RULEBOOK §2.1(4): a BPU month counts when paid on or before a day of that month; nothing in the
            // rulebook lets a contribution be paid before its month begins (decision 0013, door-bounds).
            guard paidOn >= monthStart else {
                throw fail(8) {
                    "\($0) is before the month it pays for (\(Self.monthText(month.ordinal))); a contribution "
                        + "cannot be paid before its month begins (RULEBOOK §2.1)"
                }
            }
            guard paidOn <= latestPaid else {
                throw fail(8) {
                    "\($0) is after \(bounds.latestDate), the latest payment date accepted (today + 1 year)"
                }
            }
            row.field(paidOn)
        }
        if ordered {
            let slot = Int(ids.slot)
            guard Int32(month.ordinal) > lastMonth[slot] else { return false }
            lastMonth[slot] = Int32(month.ordinal)
        } else {
            let key = UInt64(ids.membership) << 20 | UInt64(month.ordinal)
            guard seen.insert(key).inserted else {
                throw fail(1) { "\($0) appears twice for this KPJ (one row per membership and month)" }
            }
        }
        row.append(to: &buffer)
        return true
    }

    /// The value of a field of ASCII digits only, or nil.
    @inline(__always)
    static func digits(_ field: ArraySlice<UInt8>) -> UInt64? {
        guard !field.isEmpty, field.count <= 19 else { return nil }
        var value: UInt64 = 0
        for byte in field {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ UInt64(digit)
        }
        return value
    }

    /// `YYYY-MM` from 1900 to 2099, or nil.
    static func month(_ field: ArraySlice<UInt8>) -> (year: Int, month: Int, ordinal: Int)? {
        guard field.count == 7, field[field.startIndex + 4] == UInt8(ascii: "-"),
            let year = digits(field.prefix(4)), let month = digits(field.suffix(2)),
            (1900...2099).contains(year), (1...12).contains(month)
        else { return nil }
        return (Int(year), Int(month), Int(year) * 12 + Int(month) - 1)
    }

    /// A real `YYYY-MM-DD` date from 1900 to 2099 as PostgreSQL's binary `date` (days since 2000-01-01), or nil.
    static func date(_ field: ArraySlice<UInt8>) -> Int32? {
        guard field.count == 10, field[field.startIndex + 7] == UInt8(ascii: "-"),
            let month = self.month(field.prefix(7)), let day = digits(field.suffix(2)), day >= 1
        else { return nil }
        guard day <= CivilDate.daysIn(year: month.year, month: month.month) else { return nil }
        return days(CivilDate(unchecked: month.year, month.month, Int(day)))
    }

    /// Days from 2000-01-01 (PostgreSQL's binary `date`) to a valid date.
    @inline(__always)
    static func days(_ date: CivilDate) -> Int32 {
        Int32(date.dayNumber - BinaryCopy.dateEpochDays)
    }
}

/// One contribution row in COPY's binary format, staged on the stack: a 16-bit field count, then per field a 32-bit
/// length and the big-endian value (-1 and nothing for NULL). Ten fields take at most 110 bytes.
struct ContributionCopyRow {
    private var storage:
        (
            UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
            UInt64, UInt64, UInt64
        ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var count = 0

    @inline(__always)
    private mutating func store<Value: FixedWidthInteger>(_ value: Value) {
        let offset = count
        withUnsafeMutableBytes(of: &storage) {
            $0.storeBytes(of: value.bigEndian, toByteOffset: offset, as: Value.self)
        }
        count += MemoryLayout<Value>.size
    }

    @inline(__always) mutating func int16(_ value: Int16) { store(value) }
    @inline(__always) mutating func int32(_ value: Int32) { store(value) }

    /// A `bigint` field.
    @inline(__always)
    mutating func field(_ value: Int64) {
        store(Int32(8))
        store(value)
    }

    /// A `date` field: days since 2000-01-01.
    @inline(__always)
    mutating func field(_ days: Int32) {
        store(Int32(4))
        store(days)
    }

    func append(to buffer: inout [UInt8]) {
        let count = self.count
        withUnsafeBytes(of: storage) { buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
}

extension PostgresError {
    /// A unique violation (23505), also when a COPY was cut short by one and libpq reports it without the SQLSTATE.
    var isDuplicateKey: Bool {
        sqlState == "23505" || (code == .copyFailed && message.contains("duplicate key"))
    }
}
