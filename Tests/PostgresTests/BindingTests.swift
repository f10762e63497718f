import Postgres
import Testing

@Suite("Bound parameters round-trip exactly")
struct BindingTests {
    @Test func sqlInterpolationTurnsValuesIntoNumberedPlaceholders() {
        let id: Int64 = 7
        let name = "Siti"
        let query: SQL = "SELECT * FROM t WHERE id = \(id) AND name = \(name)"
        #expect(query.text == "SELECT * FROM t WHERE id = $1 AND name = $2")
        #expect(query.binds == [.int64(7), .text("Siti")])
    }

    @Test func identifierInterpolationQuotesTheName() {
        let table = "ahli \"waris\""
        let query: SQL = "SELECT count(*) FROM \(identifier: table)"
        #expect(query.text == "SELECT count(*) FROM \"ahli \"\"waris\"\"\"")
        #expect(query.binds.isEmpty)
    }

    @Test func explicitTextWithBindsAndUnescapedFragmentsAreKeptAsWritten() throws {
        let direction = "DESC"
        let query: SQL = "SELECT \(Int32(3)) ORDER BY 1 \(unescaped: direction)"
        #expect(query.text == "SELECT $1 ORDER BY 1 DESC")
        let explicit = SQL("SELECT $1::text, $2::int", binds: ["a", nil])
        #expect(explicit.binds == [.text("a"), .null])
        let connection = try freshConnection()
        let result = try connection.execute(explicit)
        #expect(try result[0, 0] as String == "a")
        #expect(try result[0, 1] as Int? == nil)
    }

    @Test func unicodeTextAndNullsRoundTrip() throws {
        let connection = try freshConnection()
        let heir = "Ahli waris — Siti Nurhaliza ✓"
        let missing: String? = nil
        let result = try connection.execute("SELECT \(heir)::text AS heir, \(missing)::text AS missing")
        let decodedHeir: String = try result[0, "heir"]
        let decodedMissing: String? = try result[0, "missing"]
        #expect(decodedHeir == heir)
        #expect(decodedMissing == nil)
        #expect(result.isNull(row: 0, column: 1))
    }

    @Test(arguments: [Int64.min, -1, 0, 1, 42, Int64.max])
    func int64ExtremesRoundTrip(value: Int64) throws {
        let connection = try freshConnection()
        let result = try connection.execute("SELECT \(value), \(value)::text")
        let decoded: Int64 = try result[0, 0]
        let text: String = try result[0, 1]
        #expect(decoded == value)
        #expect(text == String(value))
    }

    @Test func smallerIntegersBoolsAndIntRoundTrip() throws {
        let connection = try freshConnection()
        let result = try connection.execute(
            "SELECT \(Int32.min), \(Int32.max), \(Int16.min), \(Int16.max), \(true), \(false), \(Int.max)"
        )
        #expect(try result[0, 0] as Int32 == Int32.min)
        #expect(try result[0, 1] as Int32 == Int32.max)
        #expect(try result[0, 2] as Int16 == Int16.min)
        #expect(try result[0, 3] as Int16 == Int16.max)
        #expect(try result[0, 4] as Bool == true)
        #expect(try result[0, 5] as Bool == false)
        #expect(try result[0, 6] as Int == Int.max)
    }

    @Test func byteaRoundTripsEveryByteValueAndTheEmptyValue() throws {
        let connection = try freshConnection()
        let allBytes = (0...255).map { UInt8($0) }
        let empty: [UInt8] = []
        let result = try connection.execute("SELECT \(allBytes), \(empty), length(\(allBytes))")
        #expect(try result[0, 0] as [UInt8] == allBytes)
        #expect(try result[0, 1] as [UInt8] == empty)
        #expect(try result[0, 2] as Int == 256)
    }

    @Test func valuesStoredInATableComeBackUnchanged() throws {
        let connection = try freshConnection()
        try connection.executeScript(
            """
            CREATE TABLE heir (
                id bigint PRIMARY KEY, name text, share integer, minor boolean, born date, scan bytea
            )
            """
        )
        let rows: [(Int64, String?, Int32?, Bool?, String?, [UInt8]?)] = [
            (1, "Ahli waris — Siti Nurhaliza ✓", 50, false, "1990-02-28", [0, 1, 2, 0xFF]),
            (2, "tab\there\nnew line \\ backslash 'quote' \"double\"", nil, true, nil, nil),
            (3, nil, 0, nil, "2024-12-31", []),
        ]
        for row in rows {
            try connection.execute(
                "INSERT INTO heir VALUES (\(row.0), \(row.1), \(row.2), \(row.3), \(row.4), \(row.5))"
            )
        }
        let result = try connection.execute("SELECT id, name, share, minor, born::text, scan FROM heir ORDER BY id")
        #expect(result.count == rows.count)
        for (row, expected) in zip(result, rows) {
            #expect(try row["id"] as Int64 == expected.0)
            #expect(try row["name"] as String? == expected.1)
            #expect(try row["share"] as Int32? == expected.2)
            #expect(try row["minor"] as Bool? == expected.3)
            #expect(try row["born"] as String? == expected.4)
            #expect(try row["scan"] as [UInt8]? == expected.5)
        }
    }

    @Test func plainExecuteBindsAnArrayWithNulls() throws {
        let connection = try freshConnection()
        let binds: [(any PostgresBindable)?] = [Int64(5), nil, "teks", [UInt8]([9, 8])]
        let result = try connection.execute("SELECT $1::bigint, $2::text, $3::text, $4::bytea", binds)
        #expect(try result[0, 0] as Int64 == 5)
        #expect(try result[0, 1] as String? == nil)
        #expect(try result[0, 2] as String == "teks")
        #expect(try result[0, 3] as [UInt8] == [9, 8])
    }

    @Test func isoDateStringsBindToDateColumns() throws {
        let connection = try freshConnection()
        let date = "2024-02-29"
        let result = try connection.execute("SELECT \(date)::date + 1 AS next_day, extract(year FROM \(date)::date)")
        #expect(try result[0, "next_day"] as String == "2024-03-01")
    }

    @Test func textWithANulCharacterIsRefusedBeforeSending() throws {
        let connection = try freshConnection()
        let value = "before\0after"
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("SELECT \(value)")
        }
        #expect(error.code == .invalidArgument)
        #expect(!error.description.contains("before"))
        // The connection is still usable afterwards.
        #expect(try connection.execute("SELECT 1")[0, 0] as Int == 1)
    }
}
