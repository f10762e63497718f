public import Postgres

/// What the demonstration reports about the database it ran on.
public struct DemoReport: Sendable {
    public var serverVersion: String
    public var migrations: Int
    public var installationID: String

    /// Reads the report from a migrated database.
    public static func collect(_ connection: Connection) throws(AppError) -> DemoReport {
        do {
            let result = try connection.execute(
                """
                SELECT current_setting('server_version'),
                       (SELECT count(*) FROM schema_migrations),
                       (SELECT value FROM santunan_meta WHERE key = 'installation_id')
                """)
            return DemoReport(
                serverVersion: try result.decode(String.self, row: 0, column: 0),
                migrations: try result.decode(Int.self, row: 0, column: 1),
                installationID: try result.decode(String.self, row: 0, column: 2))
        } catch {
            throw AppError(.databaseUnavailable, field: "database", reason: "\(error)")
        }
    }
}
