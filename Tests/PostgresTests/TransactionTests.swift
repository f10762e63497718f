import Postgres
import Testing

@Suite("Transactions commit or roll back as a whole")
struct TransactionTests {
    struct Refused: Error {}

    @Test func aThrowingBodyRollsBackAndLeavesNoRow() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE claim (id bigint)")
        #expect(throws: Refused.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO claim VALUES (\(1))")
                throw Refused()
            }
        }
        #expect(connection.transactionStatus == .idle)
        #expect(try connection.execute("SELECT count(*) FROM claim")[0, 0] as Int == 0)
    }

    @Test func aReturningBodyCommitsAndTheRowIsVisibleElsewhere() throws {
        let connection = try freshConnection()
        let other = try secondConnection(to: connection)
        try connection.executeScript("CREATE TABLE claim (id bigint)")
        let returned = try connection.transaction { connection in
            try connection.execute("INSERT INTO claim VALUES (\(7))")
            #expect(try other.execute("SELECT count(*) FROM claim")[0, 0] as Int == 0)
            return "done"
        }
        #expect(returned == "done")
        #expect(try other.execute("SELECT id FROM claim")[0, 0] as Int64 == 7)
    }

    @Test func aSwallowedStatementFailureStillRollsBack() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE claim (id bigint PRIMARY KEY)")
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO claim VALUES (\(1))")
                _ = try? connection.execute("INSERT INTO claim VALUES (\(1))")
            }
        }
        #expect(error.code == .transactionAborted)
        #expect(error.sqlState == "25P02")
        #expect(try connection.execute("SELECT count(*) FROM claim")[0, 0] as Int == 0)
    }

    @Test func aNestedTransactionUsesASavepoint() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE claim (id bigint)")
        try connection.transaction { outer in
            try outer.execute("INSERT INTO claim VALUES (\(1))")
            #expect(throws: Refused.self) {
                try outer.transaction { inner in
                    try inner.execute("INSERT INTO claim VALUES (\(2))")
                    throw Refused()
                }
            }
            try outer.transaction { inner in
                try inner.execute("INSERT INTO claim VALUES (\(3))")
            }
        }
        let ids = try connection.execute("SELECT id FROM claim ORDER BY id").map { try $0[0] as Int64 }
        #expect(ids == [1, 3])
    }

    @Test func theIsolationLevelIsApplied() throws {
        let connection = try freshConnection()
        let level = try connection.transaction(isolation: .serializable, readOnly: true) { connection in
            try connection.execute("SHOW transaction_isolation")[0, 0] as String
        }
        #expect(level == "serializable")
        let error = try #require(throws: PostgresError.self) {
            try connection.transaction(readOnly: true) { connection in
                try connection.executeScript("CREATE TABLE forbidden (id int)")
            }
        }
        #expect(error.sqlState == "25006")
    }
}
