import Foundation
import Logging
import Postgres
import SantunanTestSupport

/// A connection to a new, empty database of the shared throwaway cluster; every test gets its own.
func freshConnection(logger: Logger = TestLogging.logger("santunan.postgres-tests")) throws -> Connection {
    try Connection(TestDatabase.shared.freshDatabase(), logger: logger)
}

/// A second connection to the same database as `connection`, for LISTEN/NOTIFY and isolation tests.
func secondConnection(to connection: Connection) throws -> Connection {
    let result = try connection.execute(
        "SELECT current_setting('unix_socket_directories'), current_setting('port'), current_user, current_database()"
    )
    let socketDirectory: String = try result[0, 0]
    let port: String = try result[0, 1]
    let user: String = try result[0, 2]
    let database: String = try result[0, 3]
    return try Connection(
        "host='\(socketDirectory)' port=\(port) user=\(user) dbname=\(database)",
        logger: connection.logger
    )
}
