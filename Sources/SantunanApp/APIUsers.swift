import Checksum
import ClaimStore
import Foundation
public import Postgres

/// The roles a token may carry; each is one of the people's group roles of docs/roles.md.
public enum APIRole: String, Sendable, CaseIterable {
    case officer, approver, auditor

    /// The database group role a request of this user runs as (`SET ROLE`).
    public var databaseRole: String { "santunan_\(rawValue)" }
}

/// Who a request acts as: the token's user and role.
public struct APIUser: Sendable, Hashable {
    public var name: String
    public var role: APIRole

    public init(name: String, role: APIRole) {
        self.name = name
        self.role = role
    }
}

/// The users of the HTTP service (Schema/0016_api_users.sql): bearer tokens stored only as SHA-256 hashes.
///
/// The one implementation both doors call (issue 17): `santunan user add|revoke|list` through ``OpsUseCases``, the
/// server's authentication through ``user(token:on:)`` and ``user(name:on:)`` on its pooled connection. The rows are
/// ClaimStore's (``APIUserStore``); what a token is and how it is stored is decided here.
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
        let inserted = try store { () throws in
            try APIUserStore.insert(name: name, role: role.rawValue, tokenSHA256: hash(token), on: connection)
        }
        guard inserted else {
            throw AppError(
                .invalidData, field: "NAME", reason: "user \(name) exists already; a revoked user's name is not reused")
        }
        return Issued(user: APIUser(name: name, role: role), token: token)
    }

    /// Revokes `name`'s token (66 when there is no such active user).
    public static func revoke(name: String, on connection: Connection) throws(AppError) {
        let revoked = try store { () throws in try APIUserStore.revoke(name: name, on: connection) }
        guard revoked else {
            throw AppError(.inputMissing, field: "NAME", reason: "no active user \(name)")
        }
    }

    /// The active user holding `token`, nil for an unknown or revoked token.
    public static func user(token: String, on connection: Connection) throws(AppError) -> APIUser? {
        try store { () throws in try APIUserStore.activeUser(tokenSHA256: hash(token), on: connection) }
            .flatMap(Self.activeUser(from:))
    }

    /// The active user named `name` (the `sub` of a verified JWT), nil for an unknown or revoked one.
    public static func user(name: String, on connection: Connection) throws(AppError) -> APIUser? {
        try store { () throws in try APIUserStore.activeUser(name: name, on: connection) }
            .flatMap(Self.activeUser(from:))
    }

    /// The users, for `santunan user list` (never a token).
    public static func list(on connection: Connection) throws(AppError) -> [(user: APIUser, revoked: Bool)] {
        try store { () throws in try APIUserStore.all(on: connection) }.map { stored in
            (APIUser(name: stored.name, role: APIRole(rawValue: stored.role) ?? .auditor), stored.revoked)
        }
    }

    /// A stored row as a user; nil for a role this build does not know (never granted anything).
    static func activeUser(from stored: StoredAPIUser) -> APIUser? {
        APIRole(rawValue: stored.role).map { APIUser(name: stored.name, role: $0) }
    }

    /// Runs a store call, its failure as the contract's status (``SubmissionService/appError(_:input:)``).
    private static func store<T>(_ body: () throws -> T) throws(AppError) -> T {
        do {
            return try body()
        } catch {
            throw SubmissionService.appError(error)
        }
    }
}
