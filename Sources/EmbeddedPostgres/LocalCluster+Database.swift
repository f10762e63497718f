import Foundation
import Logging
import Postgres

extension LocalCluster {
    /// Creates the application database unless it exists; called by `start()` with the lock held, so two
    /// concurrent starts cannot both try.
    func createDatabaseIfMissing() throws {
        let connection = try maintenanceConnection()
        defer { connection.close() }
        let name = configuration.database
        do {
            let existing = try connection.execute("SELECT 1 FROM pg_database WHERE datname = \(name)")
            guard existing.rowCount == 0 else { return }
            logger.info("creating database", metadata: ["database": "\(name)"])
            try connection.execute("CREATE DATABASE \(identifier: name)")
        } catch let error where error.sqlState == "42P04" {
            // duplicate_database: someone outside this lock created it first, which is the state we wanted.
            return
        } catch {
            throw LocalClusterError(step: .createDatabase, reason: "cannot create database \(name): \(error)")
        }
    }

    /// A superuser connection to the `postgres` maintenance database, or `template1` if `postgres` was dropped.
    private func maintenanceConnection() throws -> Connection {
        do {
            return try Connection(conninfo(database: "postgres"), logger: logger)
        } catch {
            if let fallback = try? Connection(conninfo(database: "template1"), logger: logger) {
                return fallback
            }
            throw LocalClusterError(
                step: .createDatabase,
                reason: "cannot connect to the server at \(configuration.socketFile.path): \(error.message)"
            )
        }
    }
}
