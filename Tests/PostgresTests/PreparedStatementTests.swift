import Postgres
import Testing

@Suite("Prepared statements are reused with new binds")
struct PreparedStatementTests {
    @Test func aPreparedStatementRunsManyTimesWithDifferentBinds() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE heir (id bigint, name text)")
        let insert = try connection.prepare(name: "insert_heir", sql: "INSERT INTO heir VALUES ($1, $2)")
        for id in 1...100 {
            try connection.execute(insert, [Int64(id), id == 50 ? nil : "heir \(id)"])
        }
        let byName = try connection.executePrepared("insert_heir", [Int64(101), "Siti ✓"])
        #expect(byName.rowsAffected == 1)
        let lookup = try connection.prepare(name: "find_heir", sql: "SELECT name FROM heir WHERE id = $1")
        #expect(try connection.execute(lookup, [Int64(101)])[0, 0] as String == "Siti ✓")
        #expect(try connection.execute(lookup, [Int64(50)])[0, 0] as String? == nil)
        #expect(try connection.execute(lookup, [Int64(999)]).isEmpty)
        #expect(try connection.execute("SELECT count(*) FROM heir")[0, 0] as Int == 101)
    }

    @Test func preparingTheSameNameTwiceReports42P05() throws {
        let connection = try freshConnection()
        try connection.prepare(name: "one", sql: "SELECT 1")
        let error = try #require(throws: PostgresError.self) { try connection.prepare(name: "one", sql: "SELECT 2") }
        #expect(error.sqlState == "42P05")
    }

    @Test func executingAnUnknownNameReports26000AndDeallocateFreesTheName() throws {
        let connection = try freshConnection()
        let error = try #require(throws: PostgresError.self) { try connection.executePrepared("missing") }
        #expect(error.sqlState == "26000")
        try connection.prepare(name: "temporary", sql: "SELECT $1::int")
        try connection.deallocate("temporary")
        try connection.prepare(name: "temporary", sql: "SELECT $1::int + 1")
        #expect(try connection.executePrepared("temporary", [Int32(1)])[0, 0] as Int32 == 2)
    }
}
