public import Postgres

/// A user of the HTTP service as stored (Schema/0016_api_users.sql): the token only as its SHA-256, never itself.
public struct StoredAPIUser: Sendable, Hashable {
    public var name: String
    /// `officer`, `approver` or `auditor` (the table's CHECK); SantunanApp gives it its meaning.
    public var role: String
    public var revoked: Bool
}

/// The `api_users` table: the HTTP service's logins, written by `santunan user add|revoke` and read by the service's
/// authentication on every request it has not cached (issue 17: ClaimStore owns the table; SantunanApp's
/// `APIUsers` is the use case over it, so the server and the CLI hold no SQL of their own).
///
/// Tokens arrive hashed: what the stored form is, and how a token is made, is the application's choice.
public enum APIUserStore {
    /// Inserts `name` with `role` and the token's hash; false when the name is present already (revoked or not: a
    /// revoked user's name is not reused).
    public static func insert(name: String, role: String, tokenSHA256: String, on connection: Connection) throws
        -> Bool
    {
        try connection.execute(
            """
            INSERT INTO api_users (name, role, token_sha256) VALUES (\(name), \(role), \(tokenSHA256))
            ON CONFLICT (name) DO NOTHING
            """
        ).rowsAffected == 1
    }

    /// Revokes `name`'s token from now on; false when there is no such active user.
    public static func revoke(name: String, on connection: Connection) throws -> Bool {
        try connection.execute(
            "UPDATE api_users SET revoked_at = now() WHERE name = \(name) AND revoked_at IS NULL"
        ).rowsAffected == 1
    }

    /// The active user whose token hashes to `tokenSHA256`, nil for an unknown or revoked token.
    public static func activeUser(tokenSHA256: String, on connection: Connection) throws -> StoredAPIUser? {
        try one(
            "SELECT name, role FROM api_users WHERE token_sha256 = \(tokenSHA256) AND revoked_at IS NULL",
            on: connection)
    }

    /// The active user named `name` (the `sub` of a verified JWT), nil for an unknown or revoked one.
    public static func activeUser(name: String, on connection: Connection) throws -> StoredAPIUser? {
        try one("SELECT name, role FROM api_users WHERE name = \(name) AND revoked_at IS NULL", on: connection)
    }

    /// Every user, revoked ones included, by name.
    public static func all(on connection: Connection) throws -> [StoredAPIUser] {
        let result = try connection.execute("SELECT name, role, revoked_at IS NOT NULL FROM api_users ORDER BY name")
        return try result.map { row in
            StoredAPIUser(
                name: try row.decode(String.self, column: 0), role: try row.decode(String.self, column: 1),
                revoked: try row.decode(Bool.self, column: 2))
        }
    }

    /// The one active (name, role) row `query` selects, nil for none.
    private static func one(_ query: SQL, on connection: Connection) throws -> StoredAPIUser? {
        let result = try connection.execute(query)
        guard result.rowCount == 1 else { return nil }
        return StoredAPIUser(
            name: try result[0].decode(String.self, column: 0), role: try result[0].decode(String.self, column: 1),
            revoked: false)
    }
}
