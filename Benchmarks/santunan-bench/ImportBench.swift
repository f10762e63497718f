import ArgumentParser
import ClaimStore
import EmbeddedPostgres
import Foundation
import Logging
import Postgres
import SantunanApp

/// `santunan-bench import`: contribution import rows/s against `psql \copy` of the same file into an unindexed table.
struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Contribution import throughput vs raw psql \\copy (target: within 2x).",
        discussion: """
            Generates the sample (santunan sample generate), imports employers and participants, then in the same
            run times `psql \\copy` of contributions.csv into an unindexed table and `santunan import contributions`
            of the same file, on a throwaway cluster in a temporary directory.

            Examples:
              swift run -c release santunan-bench import
              swift run -c release santunan-bench import --participants 10000 --years 10
            """
    )

    @OptionGroup var data: BenchDataOptions

    @Option(help: "Alternating runs of psql \\copy and the import; their medians are compared.")
    var runs = 3

    func run() throws {
        print("machine: \(machineDescription())")
        let bench = try BenchData(options: data, label: "import")
        defer { bench.tearDown() }
        let file = bench.directory.appendingPathComponent("contributions.csv").path
        let rows = bench.counts.contributions

        // Alternate the two, `runs` times each, on the same file: the medians are compared.
        var copies: [Double] = []
        var imports: [Double] = []
        for run in 1...runs {
            try bench.connection.executeScript(
                """
                CREATE TABLE raw_contribution (kpj text, month text, wage bigint, amount_jkk bigint, amount_jkm bigint,
                    amount_jht bigint, amount_jp bigint, due_on date, paid_on date)
                """)
            let copyStart = monotonicSeconds()
            try bench.psql("\\copy raw_contribution FROM '\(file)' WITH (FORMAT csv, HEADER)")
            copies.append(monotonicSeconds() - copyStart)
            try bench.connection.executeScript("DROP TABLE raw_contribution; CHECKPOINT")

            let importStart = monotonicSeconds()
            let summary = try Importer(connection: bench.connection, logger: bench.logger).importFile(
                .contributions, path: file)
            imports.append(monotonicSeconds() - importStart)
            guard summary.totalInserted == rows else {
                throw ValidationError("imported \(summary.totalInserted) rows, expected \(rows)")
            }
            print(
                String(
                    format: "run %d: psql \\copy %.1f s, santunan import %.1f s (%.2fx)", run, copies[run - 1],
                    imports[run - 1], imports[run - 1] / copies[run - 1]))
            if run < runs {
                // Empty again for the next run: the same first load, swapped into empty partitions.
                try bench.connection.executeScript(
                    "TRUNCATE contribution; DELETE FROM import_file WHERE kind = 'contributions'; CHECKPOINT")
            }
        }
        let copySeconds = median(copies)
        let importSeconds = median(imports)
        let ratio = importSeconds / copySeconds
        print("contribution rows: \(rows)")
        print(
            String(
                format: "psql \\copy (unindexed table): median %.1f s of %d, %.0f rows/s", copySeconds, runs,
                Double(rows) / copySeconds))
        print(
            String(
                format: "santunan import contributions: median %.1f s of %d, %.0f rows/s", importSeconds, runs,
                Double(rows) / importSeconds))
        print(String(format: "ratio: %.2fx (target: at most 2x) %@", ratio, verdict(ratio <= 2)))
    }
}

/// The size of the generated data set.
struct BenchDataOptions: ParsableArguments {
    @Option(help: "Participants to generate.")
    var participants = 100_000

    @Option(help: "Years of monthly contributions.")
    var years = 10

    @Option(help: "Generator seed.")
    var seed: UInt64 = 42

    @Option(help: "durable (server defaults) or throwaway (fsync and synchronous_commit off).")
    var durability = "throwaway"
}

/// A throwaway cluster with the generated sample's employers and participants imported.
final class BenchData {
    let logger: Logger
    let directory: URL
    let server: BenchCluster
    let conninfo: String
    let connection: Connection
    let counts: SampleGenerator.Counts

    init(options: BenchDataOptions, label: String) throws {
        logger = Logger(label: "santunan.bench.\(label)")
        // The sample is written before the server starts, in the directory the cluster will use.
        directory = try BenchCluster.scratchDirectory(label).appendingPathComponent("sample", isDirectory: true)
        let generateStart = monotonicSeconds()
        counts = try SampleGenerator(participants: options.participants, years: options.years, seed: options.seed)
            .write(to: directory)
        print(
            String(
                format: "generated %d participants x %d years: %d contribution rows in %.1f s", options.participants,
                options.years, counts.contributions, monotonicSeconds() - generateStart))
        chmod(directory.path, 0o755)
        server = try BenchCluster(label: label, logger: logger) { configuration in
            configuration.serverSettings["shared_buffers"] = "1GB"
            configuration.serverSettings["max_wal_size"] = "8GB"
            configuration.serverSettings["work_mem"] = "64MB"
            if options.durability == "throwaway" { configuration.durability = .throwaway }
        }
        conninfo = server.cluster.conninfo
        connection = try Connection(conninfo, logger: logger)
        let paths = try ProjectPaths.discover()
        try DatabaseTarget(conninfo: conninfo, embedded: nil).migrate(connection, paths: paths, logger: logger)
        let version = try connection.execute("SHOW server_version")[0].decode(String.self, column: 0)
        print("PostgreSQL \(version), durability \(options.durability), shared_buffers 1GB")
        let importer = Importer(connection: connection, logger: logger)
        for kind in [ImportKind.employers, .participants, .sponsors] {
            let start = monotonicSeconds()
            let summary = try importer.importFile(
                kind, path: directory.appendingPathComponent("\(kind.rawValue).csv").path)
            print(
                String(
                    format: "imported %@: %d records in %.1f s", kind.rawValue, summary.records,
                    monotonicSeconds() - start))
        }
    }

    /// Runs one psql command against the bench database.
    func psql(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", command]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("psql failed: \(command)") }
    }

    func tearDown() {
        connection.close()
        server.tearDown()
    }
}
