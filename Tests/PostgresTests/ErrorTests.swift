import Postgres
import SantunanTestSupport
import Testing

@Suite("Failures carry the server's SQLSTATE")
struct ErrorTests {
    @Test func uniqueViolationReports23505WithTheConstraintButNotTheRowInItsDescription() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE participant (nik text CONSTRAINT participant_nik_key UNIQUE)")
        let nik = "3171012345678901"
        try connection.execute("INSERT INTO participant VALUES (\(nik))")
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO participant VALUES (\(nik))")
        }
        #expect(error.code == .queryFailed)
        #expect(error.sqlState == "23505")
        #expect(error.isIntegrityConstraintViolation)
        #expect(error.constraintName == "participant_nik_key")
        #expect(error.tableName == "participant")
        #expect(error.severity == "ERROR")
        #expect(error.detail?.contains(nik) == true)
        #expect(!error.description.contains(nik))
        #expect(error.description.contains("23505"))
    }

    @Test func undefinedTableReports42P01() throws {
        let connection = try freshConnection()
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("SELECT * FROM no_such_table")
        }
        #expect(error.sqlState == "42P01")
        #expect(error.code == .queryFailed)
    }

    @Test func badInputSyntaxReports22P02() throws {
        let connection = try freshConnection()
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("SELECT \("not a number")::bigint")
        }
        #expect(error.sqlState == "22P02")
    }

    @Test func aFailedStatementLeavesTheConnectionUsable() throws {
        let connection = try freshConnection()
        #expect(throws: PostgresError.self) { try connection.execute("SELEC 1") }
        #expect(connection.transactionStatus == .idle)
        #expect(try connection.execute("SELECT 2")[0, 0] as Int == 2)
    }

    @Test func scriptErrorUndoesTheWholeScript() throws {
        let connection = try freshConnection()
        let error = try #require(throws: PostgresError.self) {
            try connection.executeScript("CREATE TABLE a (id int); INSERT INTO a VALUES (1); SELECT 1/0;")
        }
        #expect(error.sqlState == "22012")
        #expect(throws: PostgresError.self) { try connection.execute("SELECT * FROM a") }
    }

    @Test func connectingToAMissingDatabaseThrowsConnectionFailed() throws {
        let connection = try freshConnection()
        let result = try connection.execute(
            "SELECT current_setting('unix_socket_directories'), current_setting('port'), current_user"
        )
        let socketDirectory: String = try result[0, 0]
        let port: String = try result[0, 1]
        let user: String = try result[0, 2]
        let error = try #require(throws: PostgresError.self) {
            _ = try Connection(
                "host='\(socketDirectory)' port=\(port) user=\(user) dbname=no_such_db",
                logger: connection.logger
            )
        }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains("no_such_db"))
    }

    @Test func malformedConninfoThrowsConnectionFailed() {
        let error = #expect(throws: PostgresError.self) {
            _ = try Connection("host=/nonexistent/socket/dir port=1 connect_timeout=1", logger: TestLogging.logger("t"))
        }
        #expect(error?.code == .connectionFailed)
        #expect(throws: PostgresError.self) {
            _ = try Connection("this is = not valid = conninfo", logger: TestLogging.logger("t"))
        }
    }
}
