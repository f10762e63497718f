import ArgumentParser
import BenefitRules
import ClaimStore
import Foundation
import Logging
import Postgres
import SantunanApp
import SantunanValues

/// `santunan-bench jht`: the JHT balance of every participant vs a plain `GROUP BY` sum over the same table.
struct JHTBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jht",
        abstract: "JHT balances for every participant vs a plain GROUP BY scan (target: within 3x).",
        discussion: """
            Generates and imports the sample, then times `SELECT participant_id, sum(wage) FROM contribution GROUP BY
            participant_id` and the rules' JHT calculator over every participant (JHTBalances), and checks the bulk
            balances against the per-participant path (history read by NIK, as claims read it) on a sample.

            Examples:
              swift run -c release santunan-bench jht
              swift run -c release santunan-bench jht --participants 10000 --check 500
            """
    )

    @OptionGroup var data: BenchDataOptions

    @Option(help: "Participants checked one by one against the bulk balances.")
    var check = 200

    @Option(help: "The payout date of the balances.")
    var payoutDate = "2025-01-15"

    @Option(help: "Connections reading the contributions in parallel (one per core).")
    var workers = 2

    @Option(
        help:
            "Only time the scan and the balances against this existing, loaded database (conninfo); no sample is made.")
    var conninfo: String?

    func run() throws {
        print("machine: \(machineDescription())")
        guard let payout = CivilDate(iso: payoutDate) else { throw ValidationError("--payout-date is not a date") }
        let logger = Logger(label: "santunan.bench.jht")
        let connection: Connection
        let target: String
        var bench: BenchData?
        if let conninfo {
            connection = try Connection(conninfo, logger: logger)
            target = conninfo
        } else {
            let data = try BenchData(options: data, label: "jht")
            bench = data
            connection = data.connection
            target = data.conninfo
            let importStart = monotonicSeconds()
            _ = try Importer(connection: connection, logger: data.logger).importFile(
                .contributions, path: data.directory.appendingPathComponent("contributions.csv").path)
            print(
                String(
                    format: "imported %d contributions in %.1f s", data.counts.contributions,
                    monotonicSeconds() - importStart))
            try connection.executeScript("VACUUM ANALYZE")
        }
        defer {
            if let bench { bench.tearDown() } else { connection.close() }
        }

        let parameters = try RuleConfig.load(from: try ProjectPaths.discover().config)
        let calculator = try JHTCalculator(parameters: parameters)

        var scans: [Double] = []
        var groups = 0
        for _ in 0..<3 {
            let start = monotonicSeconds()
            let result = try connection.execute(
                "SELECT participant_id, sum(wage) FROM contribution GROUP BY participant_id")
            groups = result.rowCount
            scans.append(monotonicSeconds() - start)
        }
        var runs: [Double] = []
        var balances: [Int64: Int64] = [:]
        for _ in 0..<3 {
            let start = monotonicSeconds()
            balances = try JHTBalances.compute(
                conninfo: target, workers: workers, logger: logger,
                calculator: calculator, payoutDate: payout)
            runs.append(monotonicSeconds() - start)
        }
        let scan = median(scans)
        let jht = median(runs)
        let total = balances.values.reduce(0, +)
        print("plain GROUP BY sum: \(groups) participants, median \(String(format: "%.2f", scan)) s of 3")
        print(
            "JHT balances (rules' JHTCalculator, \(workers) connections): \(balances.count) participants, total \(RupiahText.text(total)), "
                + "median \(String(format: "%.2f", jht)) s of 3")
        print(String(format: "ratio: %.2fx (target: at most 3x) %@", jht / scan, verdict(jht / scan <= 3)))

        // The bulk path must give exactly what a claim computes from the participant's own history.
        let sample = try connection.execute(
            "SELECT p.id, p.nik FROM participant p WHERE p.id % 97 = 1 ORDER BY p.id LIMIT \(check)")
        let store = ParticipantStore(connection: connection)
        var mismatches = 0
        var checked = 0
        for row in sample {
            let id: Int64 = try row[0]
            guard let stored = try store.participant(nik: try row[1]) else { continue }
            let participant = try DatabaseHistory.participant(stored, asOf: payout)
            guard participant.memberships.contains(where: { $0.has(.jht) }) else { continue }
            let single = calculator.balance(participant: participant, payoutDate: payout).value
            checked += 1
            if single != balances[id] { mismatches += 1 }
        }
        print("identity check: \(checked) participants with JHT, \(mismatches) mismatches")
        guard mismatches == 0 else { throw ValidationError("bulk JHT balances differ from the per-participant path") }
    }
}
