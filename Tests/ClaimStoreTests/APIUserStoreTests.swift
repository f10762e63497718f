import Foundation
import Postgres
import SantunanTestSupport
import Testing

@testable import ClaimStore

/// The HTTP service's logins as ClaimStore stores them (issue 17: the SQL moved here from SantunanServer), and the
/// migrator's two reads the application and the service's readiness make.
@Suite struct APIUserStoreTests {
    static let hashA = String(repeating: "a", count: 64)
    static let hashB = String(repeating: "b", count: 64)

    @Test func usersAreAddedOnceRevokedOnceAndFoundOnlyWhileActive() throws {
        let connection = try Connection(
            TestDatabase.shared.migratedDatabase(), logger: TestLogging.logger("santunan.test.api-users"))
        defer { connection.close() }

        #expect(try APIUserStore.insert(name: "ani", role: "officer", tokenSHA256: Self.hashA, on: connection))
        // A name present already is refused whatever the role and token.
        #expect(try !APIUserStore.insert(name: "ani", role: "auditor", tokenSHA256: Self.hashB, on: connection))
        #expect(try APIUserStore.insert(name: "siti", role: "auditor", tokenSHA256: Self.hashB, on: connection))

        let byToken = try APIUserStore.activeUser(tokenSHA256: Self.hashA, on: connection)
        #expect(byToken == StoredAPIUser(name: "ani", role: "officer", revoked: false))
        #expect(try APIUserStore.activeUser(name: "siti", on: connection)?.role == "auditor")
        #expect(try APIUserStore.activeUser(name: "nobody", on: connection) == nil)

        #expect(try APIUserStore.revoke(name: "ani", on: connection))
        #expect(try !APIUserStore.revoke(name: "ani", on: connection))
        #expect(try APIUserStore.activeUser(tokenSHA256: Self.hashA, on: connection) == nil)
        #expect(try APIUserStore.activeUser(name: "ani", on: connection) == nil)
        // A revoked user's name is not reused.
        #expect(try !APIUserStore.insert(name: "ani", role: "officer", tokenSHA256: Self.hashB, on: connection))

        #expect(
            try APIUserStore.all(on: connection) == [
                StoredAPIUser(name: "ani", role: "officer", revoked: true),
                StoredAPIUser(name: "siti", role: "auditor", revoked: false),
            ])
    }

    @Test func theMigratorSaysWhetherEveryVersionIsRecordedAndHowMany() throws {
        let logger = TestLogging.logger("santunan.test.api-users")
        let fresh = try Connection(TestDatabase.shared.freshDatabase(), logger: logger)
        defer { fresh.close() }
        let first = Migration(version: 1, name: "one", sql: "SELECT 1;")
        let second = Migration(version: 2, name: "two", sql: "SELECT 2;")
        // A database never migrated has no schema_migrations: not up to date, and no count to give.
        #expect(try !Migrator.recordsEveryVersion(of: [first], on: fresh))
        #expect(throws: PostgresError.self) { try Migrator.appliedCount(on: fresh) }

        try Migrator(migrations: [first], logger: logger).migrate(fresh)
        #expect(try Migrator.recordsEveryVersion(of: [first], on: fresh))
        #expect(try !Migrator.recordsEveryVersion(of: [first, second], on: fresh))
        #expect(try Migrator.appliedCount(on: fresh) == 1)
    }
}
