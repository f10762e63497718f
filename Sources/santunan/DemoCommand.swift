import ArgumentParser
import BenefitRules
import Foundation
import Logging
import SantunanApp

/// `santunan demo`: the end-to-end demonstration on the embedded database.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end demonstration of a branch office on the embedded database.",
        discussion: """
            Creates, starts and migrates the embedded PostgreSQL cluster (or uses --database-url / DATABASE_URL),
            generates and imports the sample data of a branch region, submits the seed cases of cases/ as heir
            submissions, drains them with the worker pool, prepares a payout batch (user penyiap.bayar) and approves
            it (user pemeriksa.bayar), exports pain.001 and CSV into .santunan/demo/, reconciles the bank's status
            report, verifies the ledger and prints a summary. Idempotent: a second run reuses what is there.

            Example:
              santunan demo
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(
        help: "Participants of the generated branch region (default 24000; the region's ledger postings take minutes).")
    var participants: Int = Demo.defaultRegionParticipants

    func validate() throws {
        guard (1_000...200_000).contains(participants) else {
            throw AppError(.usage, field: "--participants", reason: "\(participants) is not between 1000 and 200000")
        }
    }

    /// `(Rp 384,3 juta)`: how a branch office quotes an amount, one decimal, rounded half-up.
    static func juta(_ amount: Int64) -> String {
        guard amount >= 1_000_000 else { return "" }
        let tenths = (amount + 50_000) / 100_000
        return "(Rp \(tenths / 10)" + (tenths % 10 == 0 ? "" : ",\(tenths % 10)") + " juta)"
    }

    func run() throws {
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.demo")
        let target = DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
        let demo = Demo(paths: paths, target: target, logger: logger, regionParticipants: participants) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let summary = try demo.run()
        say("")
        say("Santunan demo — summary (\(summary.database))")
        say(
            "  branch region: \(summary.participants) participants, \(summary.contributions) monthly contributions, "
                + "\(summary.sponsoredBPU) BPU workers sponsored by the regency")
        say("")
        say(
            TextTable.render(
                header: ["seed case", "status", "total", ""],
                rows: summary.seedClaims.map {
                    [$0.caseID, $0.status, Rupiah($0.total).description, Self.juta($0.total)]
                }))
        say("")
        say(
            TextTable.render(
                header: ["program", "claims", "lines", "amount"],
                rows: summary.programs.map {
                    [$0.program, "\($0.claims)", "\($0.lines)", Rupiah($0.amount).description]
                }))
        say("")
        say(
            TextTable.render(
                header: ["batch", "state", "lines", "total"],
                rows: summary.batches.map { [$0.id, $0.state, "\($0.lines)", Rupiah($0.total).description] }))
        for file in summary.exportedFiles { say("  file: \(file)") }
        say("")
        say("  ledger: \(summary.ledger)")
        if !summary.ledgerVerified {
            throw AppError(.internalError, field: "ledger", reason: "the ledger did not verify: \(summary.ledger)")
        }
    }
}
