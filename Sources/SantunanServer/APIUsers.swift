import Checksum
import Foundation
public import Postgres
public import SantunanApp

/// The users of the HTTP service (Schema/0016_api_users.sql): bearer tokens stored only as SHA-256 hashes.
public enum APIUsers {
    /// What `santunan user add` prints once: the token is not stored and cannot be shown again.
    public struct Issued: Sendable {
        public var user: APIUser
        public var token: String
    }

    /// A new token: 32 random bytes from the system's generator, hex (64 characters, safe in a header).
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }

    /// The stored form of a token.
    public static func hash(_ token: String) -> String { SHA256.hash(Array(token.utf8)).hex }

    /// Adds `name` with `role` and returns its token; a name already present (revoked or not) is refused (65).
    public static func add(name: String, role: APIRole, on connection: Connection) throws(AppError) -> Issued {
        if let problem = PrintableText.actingUserProblem(name) {
            throw AppError(.usage, field: "NAME", reason: problem)
        }
        let token = newToken()
        do {
            let inserted = try connection.execute(
                """
                INSERT INTO api_users (name, role, token_sha256) VALUES (\(name), \(role.rawValue), \(hash(token)))
                ON CONFLICT (name) DO NOTHING
                """)
            guard inserted.rowsAffected == 1 else {
                throw AppError(
                    .invalidData, field: "NAME",
                    reason: "user \(name) exists already; a revoked user's name is not reused")
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw SubmissionService.appError(error)
        }
        return Issued(user: APIUser(name: name, role: role), token: token)
    }

    /// Revokes `name`'s token (66 when there is no such active user).
    public static func revoke(name: String, on connection: Connection) throws(AppError) {
        do {
            let result = try connection.execute(
                "UPDATE api_users SET revoked_at = now() WHERE name = \(name) AND revoked_at IS NULL")
            guard result.rowsAffected == 1 else {
                throw AppError(.inputMissing, field: "NAME", reason: "no active user \(name)")
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw SubmissionService.appError(error)
        }
    }

    /// The active user holding `token`, nil for an unknown or revoked token.
    public static func user(token: String, on connection: Connection) throws(AppError) -> APIUser? {
        try activeUser(
            "SELECT name, role FROM api_users WHERE token_sha256 = \(hash(token)) AND revoked_at IS NULL",
            on: connection)
    }

    /// The active user named `name` (the `sub` of a verified JWT), nil for an unknown or revoked one.
    public static func user(name: String, on connection: Connection) throws(AppError) -> APIUser? {
        try activeUser("SELECT name, role FROM api_users WHERE name = \(name) AND revoked_at IS NULL", on: connection)
    }

    /// The one (name, role) row `query` selects, nil for none.
    private static func activeUser(_ query: SQL, on connection: Connection) throws(AppError) -> APIUser? {
        do {
            let result = try connection.execute(query)
            guard result.rowCount == 1,
                let role = APIRole(rawValue: try result[0].decode(String.self, column: 1))
            else { return nil }
            return APIUser(name: try result[0].decode(String.self, column: 0), role: role)
        } catch {
            throw SubmissionService.appError(error)
        }
    }

    /// The users, for `santunan user list` (never a token).
    public static func list(on connection: Connection) throws(AppError) -> [(user: APIUser, revoked: Bool)] {
        do {
            let result = try connection.execute("SELECT name, role, revoked_at IS NOT NULL FROM api_users ORDER BY name")
            return try result.map { row in
                (
                    APIUser(
                        name: try row.decode(String.self, column: 0),
                        role: APIRole(rawValue: try row.decode(String.self, column: 1)) ?? .auditor),
                    try row.decode(Bool.self, column: 2)
                )
            }
        } catch {
            throw SubmissionService.appError(error)
        }
    }
}
