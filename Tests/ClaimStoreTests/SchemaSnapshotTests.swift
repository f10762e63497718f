import ClaimStore
import Foundation
import Postgres
import SantunanTestSupport
import Testing

/// The schema a fresh database has after `Schema/` is applied, checked in as `Snapshots/schema.sql`: a change to a
/// migration shows as a diff of the resulting schema in review, and a migration rewritten by mistake (the fold of
/// session 6 kept the dump byte for byte; docs/decisions/0020-schema-fold-and-table-owners.md) fails here.
///
/// The snapshot is `pg_dump --schema-only` of the migrated database, normalised: no version banner and no
/// `\restrict` key (which pg_dump draws at random). pg_dump orders objects by kind and name itself, so the text does
/// not depend on the order the migrations created them in. A pg_dump of another major version writes other text:
/// regenerate the snapshot then, and review that only the dump's form changed.
@Suite("Schema snapshot")
struct SchemaSnapshotTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let snapshot = repository.appendingPathComponent("Tests/ClaimStoreTests/Snapshots/schema.sql")
    static let regenerate = "SANTUNAN_UPDATE_SCHEMA_SNAPSHOT=1 swift test --filter SchemaSnapshotTests"

    let logger = TestLogging.logger("santunan.test.schema-snapshot")

    @Test func theMigratedSchemaIsTheCheckedInSnapshot() throws {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        let migrations = try Migration.load(from: Self.repository.appendingPathComponent("Schema", isDirectory: true))
        try Migrator(migrations: migrations, logger: logger).migrate(connection)

        let dump = Self.normalised(try Self.pgDump(conninfo))

        if ProcessInfo.processInfo.environment["SANTUNAN_UPDATE_SCHEMA_SNAPSHOT"] == "1" {
            try dump.write(to: Self.snapshot, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Self.snapshot, encoding: .utf8)
        #expect(
            dump == expected,
            """
            the migrated schema differs from \(Self.snapshot.path) (\(Self.firstDifference(expected, dump))); if the \
            change is intended, regenerate the snapshot with `\(Self.regenerate)` and review its diff
            """
        )
    }

    @Test func normalisingDropsTheBannerAndTheRestrictKeyOnly() {
        let dump = """
            --
            -- PostgreSQL database dump
            --

            \\restrict AbC123

            -- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
            -- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

            SET statement_timeout = 0;
            CREATE TABLE public.t (id integer);

            \\unrestrict AbC123

            """
        let kept = [
            "--", "-- PostgreSQL database dump", "--", "", "", "", "SET statement_timeout = 0;",
            "CREATE TABLE public.t (id integer);", "", "",
        ]
        #expect(Self.normalised(dump) == kept.joined(separator: "\n"))
    }

    // MARK: - Helpers

    /// The dump without the lines that differ from run to run or from build to build of the same major version.
    static func normalised(_ dump: String) -> String {
        let dropped = [
            "\\restrict ", "\\unrestrict ", "-- Dumped from database version", "-- Dumped by pg_dump version",
        ]
        return dump.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in !dropped.contains { line.hasPrefix($0) } }
            .joined(separator: "\n")
    }

    /// `pg_dump --schema-only` of the database `conninfo` names, through the `pg_dump` on PATH.
    static func pgDump(_ conninfo: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pg_dump", "--schema-only", "--dbname=\(conninfo)"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting: the dump is larger than a pipe's buffer.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "pg_dump failed: \(errorText)")
        return String(decoding: data, as: UTF8.self)
    }

    /// "line N: expected … / got …" for the first line that differs.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(old.count, new.count) {
            let was = index < old.count ? String(old[index]) : "(end)"
            let now = index < new.count ? String(new[index]) : "(end)"
            if was != now {
                return "line \(index + 1): snapshot `\(was)`, migrated `\(now)`"
            }
        }
        return "no line differs"
    }
}
