import Postgres
import Testing

@Suite("Query results decode typed values")
struct DecodingTests {
    @Test func resultReportsColumnsRowsAndAffectedCounts() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE claim (id bigint, status text)")
        let insert = try connection.execute("INSERT INTO claim SELECT g, 'open' FROM generate_series(1, 5) g")
        #expect(insert.rowsAffected == 5)
        #expect(insert.commandTag == "INSERT 0 5")
        let update = try connection.execute("UPDATE claim SET status = \("paid") WHERE id <= \(3)")
        #expect(update.rowsAffected == 3)
        let select = try connection.execute("SELECT id, status FROM claim ORDER BY id")
        #expect(select.rowCount == 5)
        #expect(select.columnCount == 2)
        #expect(select.columnNames == ["id", "status"])
        #expect(select.columnIndex(named: "status") == 1)
        #expect(select.columnIndex(named: "missing") == nil)
        let ids = try select.map { try $0.decode(Int64.self, column: 0) }
        #expect(ids == [1, 2, 3, 4, 5])
        let create = try connection.executeScript("CREATE TABLE other (id int)")
        #expect(create.rowsAffected == 0)
    }

    @Test func nullIntoANonOptionalThrowsNamingTheColumn() throws {
        let connection = try freshConnection()
        let result = try connection.execute("SELECT NULL::bigint AS amount")
        let error = try #require(throws: PostgresError.self) {
            let _: Int64 = try result[0, "amount"]
        }
        #expect(error.code == .decodingFailed)
        #expect(error.columnName == "amount")
        #expect(error.description.contains("\"amount\""))
        #expect(error.description.contains("NULL"))
    }

    @Test func textThatIsNotTheRequestedTypeThrowsWithoutRevealingTheValue() throws {
        let connection = try freshConnection()
        let result = try connection.execute("SELECT '3171234567890123 Siti'::text AS nik")
        let error = try #require(throws: PostgresError.self) {
            let _: Int64 = try result[0, 0]
        }
        #expect(error.code == .decodingFailed)
        #expect(error.columnName == "nik")
        #expect(!error.description.contains("3171"))
    }

    @Test func integersOutOfRangeForTheTargetTypeFailToDecode() throws {
        let connection = try freshConnection()
        let result = try connection.execute("SELECT 40000::int4, 3000000000::int8, '99999999999999999999'::numeric")
        #expect(throws: PostgresError.self) { let _: Int16 = try result[0, 0] }
        #expect(throws: PostgresError.self) { let _: Int32 = try result[0, 1] }
        #expect(throws: PostgresError.self) { let _: Int64 = try result[0, 2] }
        #expect(try result[0, 1] as Int64 == 3_000_000_000)
    }

    @Test func unknownColumnNameThrows() throws {
        let connection = try freshConnection()
        let result = try connection.execute("SELECT 1 AS one")
        let error = try #require(throws: PostgresError.self) {
            let _: Int = try result[0, "two"]
        }
        #expect(error.code == .decodingFailed)
    }

    @Test func escapeFormatByteaDecodesToo() throws {
        let connection = try freshConnection()
        try connection.executeScript("SET bytea_output = 'escape'")
        let bytes: [UInt8] = [0, 1, 92, 65, 200, 255, 10]
        let result = try connection.execute("SELECT \(bytes)")
        #expect(try result[0, 0] as [UInt8] == bytes)
    }

    @Test func manyRowsDecodeInOrder() throws {
        let connection = try freshConnection()
        let result = try connection.execute("SELECT g, g::text, g % 2 = 0 FROM generate_series(1, 50000) g")
        var sum: Int64 = 0
        var evens = 0
        for row in result {
            sum += try row[0] as Int64
            if try row[2] as Bool {
                evens += 1
            }
        }
        #expect(sum == 50000 * 50001 / 2)
        #expect(evens == 25000)
        #expect(try result[49_999, 1] as String == "50000")
    }
}
