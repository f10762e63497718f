import ClaimStore
import Foundation
import Ledger
import Postgres
import SantunanTestSupport
import SantunanValues

/// A fresh database with the ledger's migrations (0001 foundation, 0005 ledger, 0008 identity, 0014 bulk posting,
/// 0015 snapshots) applied.
enum LedgerFixtures {
    static let logger = TestLogging.logger("santunan.ledger-tests")

    static let schemaDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Schema")

    /// The conninfo of a new database holding the ledger schema; other teams' migrations are left out so these
    /// tests depend on the ledger alone.
    static func database() throws -> String {
        let conninfo = try TestDatabase.shared.freshDatabase()
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        let migrations = try Migration.load(from: schemaDirectory).filter {
            [1, 5, 8, 14, 15].contains($0.version)
        }
        try Migrator(migrations: migrations, logger: logger).migrate(connection)
        return conninfo
    }

    static func connect(_ conninfo: String) throws -> Connection {
        try Connection(conninfo, logger: logger)
    }

    static func date(_ text: String) -> CivilDate {
        CivilDate(iso: text)!
    }

    /// A two-entry transfer.
    static func transfer(
        _ key: String, from debit: AccountCode, to credit: AccountCode, _ amount: Int64, on date: String = "2024-01-31"
    ) -> Posting {
        Posting(
            idempotencyKey: key, kind: .transfer, effectiveDate: CivilDate(iso: date)!, recordedBy: "tester",
            entries: [.debit(debit, amount), .credit(credit, amount)])
    }
}
