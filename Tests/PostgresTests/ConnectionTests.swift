import Foundation
import Postgres
import Testing

@Suite("Connections open, close and reconnect")
struct ConnectionTests {
    @Test func aFreshConnectionIsConnectedToPostgres15OrLater() throws {
        let connection = try freshConnection()
        #expect(connection.isConnected)
        #expect(connection.status == .connected)
        #expect(connection.transactionStatus == .idle)
        #expect(connection.serverVersion >= 150_000)
        #expect(connection.parameterStatus("client_encoding") == "UTF8")
        #expect(connection.backendProcessID > 0)
    }

    @Test func aPostgresqlURIConnectsToo() throws {
        let connection = try freshConnection()
        let result = try connection.execute(
            "SELECT current_setting('unix_socket_directories'), current_setting('port'), current_user, current_database()"
        )
        let socketDirectory: String = try result[0, 0]
        let port: String = try result[0, 1]
        let user: String = try result[0, 2]
        let database: String = try result[0, 3]
        let encodedDirectory = socketDirectory.replacingOccurrences(of: "/", with: "%2F")
        let uri = "postgresql://\(user)@\(encodedDirectory):\(port)/\(database)"
        let viaURI = try Connection(uri, logger: connection.logger)
        #expect(try viaURI.execute("SELECT current_database()")[0, 0] as String == database)
    }

    @Test func usingAClosedConnectionThrowsConnectionClosed() throws {
        let connection = try freshConnection()
        connection.close()
        connection.close()
        #expect(connection.status == .closed)
        #expect(!connection.isConnected)
        let error = try #require(throws: PostgresError.self) { try connection.execute("SELECT 1") }
        #expect(error.code == .connectionClosed)
        #expect(throws: PostgresError.self) { try connection.reset() }
    }

    @Test func aTerminatedBackendIsReportedAsClosedAndResetReconnects() throws {
        let connection = try freshConnection()
        let killer = try secondConnection(to: connection)
        let oldPID = connection.backendProcessID
        try killer.execute("SELECT pg_terminate_backend(\(oldPID))")
        let error = try #require(throws: PostgresError.self) { try connection.execute("SELECT 1") }
        #expect(error.code == .connectionClosed)
        #expect(connection.status == .broken)
        try connection.reset()
        #expect(connection.isConnected)
        #expect(connection.backendProcessID != oldPID)
        #expect(try connection.execute("SELECT 41 + 1")[0, 0] as Int == 42)
    }
}
