import ClaimStore
import Foundation
import SantunanTestSupport
import Testing

/// Reading `Schema/`-style directories: no database needed.
@Suite("Migration.load")
struct MigrationLoadingTests {
    @Test func filesAreReadInVersionOrderAndOtherFilesAreIgnored() throws {
        try withDirectory([
            "0002_claims.sql": "SELECT 2;",
            "0001_foundation.sql": "SELECT 1;",
            "0010_ledger-hash.sql": "SELECT 10;",
            "README.md": "not a migration",
            ".0003_draft.sql": "an editor's backup",
        ]) { directory in
            let migrations = try Migration.load(from: directory)
            #expect(migrations.map(\.version) == [1, 2, 10])
            #expect(migrations.map(\.name) == ["foundation", "claims", "ledger-hash"])
            #expect(migrations.map(\.fileName) == ["0001_foundation.sql", "0002_claims.sql", "0010_ledger-hash.sql"])
            #expect(migrations[0].sql == "SELECT 1;")
        }
    }

    @Test(arguments: [
        "1_short.sql", "0001foundation.sql", "0000_zero.sql", "0001_.sql", "00001_five.sql", "0001_a b.sql",
    ])
    func aMisnamedSQLFileIsAnErrorNamingIt(fileName: String) throws {
        try withDirectory([fileName: "SELECT 1;"]) { directory in
            let error = #expect(throws: MigrationError.self) { try Migration.load(from: directory) }
            #expect(error?.code == .invalidFileName)
            #expect(error?.file == fileName)
        }
    }

    @Test func twoFilesWithTheSameNumberAreAnError() throws {
        try withDirectory(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 1;"]) { directory in
            let error = #expect(throws: MigrationError.self) { try Migration.load(from: directory) }
            #expect(error?.code == .duplicateVersion)
            #expect(error?.description.contains("0001_a.sql") == true)
            #expect(error?.description.contains("0001_b.sql") == true)
        }
    }

    @Test func aMissingDirectoryIsAnError() {
        let error = #expect(throws: MigrationError.self) {
            try Migration.load(from: URL(fileURLWithPath: "/nonexistent/Schema"))
        }
        #expect(error?.code == .unreadableFile)
    }

    private func withDirectory(_ files: [String: String], _ body: (URL) throws -> Void) throws {
        let scratch = try ScratchDirectory(prefix: "santunan-schema-")
        defer { scratch.remove() }
        for (name, contents) in files {
            try contents.write(to: scratch.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try body(scratch.url)
    }
}
