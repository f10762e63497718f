import Foundation
import Postgres
import SantunanTestSupport
import Testing

/// `santunan user add|revoke|list` through the application's use case (issue 17): the CLI no longer reaches the HTTP
/// server's module for its users, and what it does is seen in `api_users` and in the exact `error:` lines.
@Suite struct UserCLITests {
    let cli = CLIRunner()

    /// Only `serve` imports the server; `user` goes through SantunanApp like every other command.
    @Test func onlyServeImportsTheServer() throws {
        let directory = CLIRunner.repository.appendingPathComponent("Sources/santunan")
        var importers: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            if text.split(separator: "\n").contains(where: { $0 == "import SantunanServer" }) {
                importers.append(file)
            }
        }
        #expect(importers == ["ServeCommand.swift"])
    }

    @Test func addRevokeAndListUsersWithTheirErrors() throws {
        let conninfo = try TestDatabase.shared.migratedDatabase()
        let database = ["--database-url", conninfo]

        let added = try cli.run(["user", "add", "ani", "--role", "officer"] + database)
        #expect(added.status == 0, "\(added.stderr)")
        let token = added.stdout.trimmingCharacters(in: .newlines)
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit), "\(added.stdout)")

        // Only the token's SHA-256 is stored, with the role.
        let connection = try Connection(conninfo, logger: TestLogging.logger("test"))
        defer { connection.close() }
        let stored = try connection.execute(
            """
            SELECT role, token_sha256 = encode(sha256(convert_to(\(token), 'UTF8')), 'hex'), token_sha256 <> \(token)
            FROM api_users WHERE name = 'ani' AND revoked_at IS NULL
            """)
        #expect(stored.rowCount == 1)
        #expect(try stored[0].decode(String.self, column: 0) == "officer")
        #expect(try stored[0].decode(Bool.self, column: 1))
        #expect(try stored[0].decode(Bool.self, column: 2))

        let again = try cli.run(["user", "add", "ani", "--role", "auditor"] + database)
        #expect(again.status == 65)
        #expect(again.stderr == "error: NAME: user ani exists already; a revoked user's name is not reused\n")

        let badRole = try cli.run(["user", "add", "budi", "--role", "boss"] + database)
        #expect(badRole.status == 64)
        #expect(badRole.stderr == "error: --role: \"boss\" is not one of officer, approver, auditor\n")
        #expect(try connection.execute("SELECT count(*) FROM api_users")[0].decode(Int64.self, column: 0) == 1)

        #expect(try cli.run(["user", "add", "siti", "--role", "auditor"] + database).status == 0)
        let revoked = try cli.run(["user", "revoke", "ani"] + database)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdout == "revoked ani\n")
        #expect(
            try connection.execute("SELECT revoked_at IS NOT NULL FROM api_users WHERE name = 'ani'")[0]
                .decode(Bool.self, column: 0))

        let twice = try cli.run(["user", "revoke", "ani"] + database)
        #expect(twice.status == 66)
        #expect(twice.stderr == "error: NAME: no active user ani\n")

        let listed = try cli.run(["user", "list", "--csv"] + database)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout == "name,role,state\nani,officer,revoked\nsiti,auditor,active\n")
    }
}
