import ArgumentParser
import ClaimStore
import EmbeddedPostgres
import Foundation
import Ledger
import Logging
import Postgres
import SantunanApp

/// `santunan-bench ledger`: postings per second (2-entry transfers, hash chain on) with 1, 4 and 16 connections,
/// and `ledger verify` records per second over a ledger of 1,000,000 entries.
struct LedgerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Ledger posting throughput (chain on) and verify throughput.",
        discussion: """
            Starts a throwaway PostgreSQL cluster in a temporary directory: with --durability durable (default) the
            server's defaults (fsync on, synchronous_commit on), with --durability throwaway fsync and
            synchronous_commit off, as the tests' clusters run.

            Examples:
              swift run -c release santunan-bench ledger
              swift run -c release santunan-bench ledger --durability throwaway --verify-entries 1000000
            """
    )

    @Option(help: "Postings per connection-count run.")
    var postings = 20_000

    @Option(help: "Connection counts, comma-separated.")
    var connections = "1,4,16"

    @Option(help: "Entries in the ledger that verify reads (0 skips the verify benchmark).")
    var verifyEntries = 1_000_000

    @Option(help: "Connections of the parallel verify.")
    var verifyWorkers = 2

    @Option(help: "durable (fsync and synchronous_commit on) or throwaway (both off).")
    var durability = "durable"

    @Option(help: "Only time verify against this existing, loaded database (conninfo); no cluster is started.")
    var verifyConninfo: String?

    @Option(
        help: """
            Also time postings grouped this many to a database transaction, as the contribution and payout flows \
            post them (0 leaves it out; the headline is always one transaction per posting).
            """)
    var group = 100

    func run() throws {
        let logger = Logger(label: "santunan.bench.ledger")
        print("machine: \(machineDescription())")
        if let verifyConninfo {
            try Self.timeVerify(conninfo: verifyConninfo, workers: verifyWorkers, logger: logger)
            return
        }
        let scratch = URL(fileURLWithPath: "/tmp/santunan-ledger-bench-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        chmod(scratch.path, 0o755)
        var configuration = LocalCluster.Configuration(
            dataDirectory: scratch.appendingPathComponent("pg", isDirectory: true))
        if durability == "throwaway" {
            configuration.durability = .throwaway
        }
        let cluster = LocalCluster(configuration: configuration, logger: logger)
        try cluster.start()
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(at: scratch)
        }
        let admin = try Connection(cluster.conninfo(database: "postgres"), logger: logger)
        defer { admin.close() }
        let version = try admin.execute("SHOW server_version")[0].decode(String.self, column: 0)
        let fsync = try admin.execute("SHOW fsync")[0].decode(String.self, column: 0)
        let synchronous = try admin.execute("SHOW synchronous_commit")[0].decode(String.self, column: 0)
        print("server: PostgreSQL \(version), fsync \(fsync), synchronous_commit \(synchronous), unix socket")

        let schema = try ProjectPaths.discover().schema
        let migrations = try Migration.load(from: schema).filter { [1, 5, 6, 7].contains($0.version) }
        var databaseCount = 0
        func freshDatabase() throws -> String {
            databaseCount += 1
            let name = "ledger_bench_\(databaseCount)"
            try admin.execute("CREATE DATABASE \(identifier: name)")
            let conninfo = cluster.conninfo(database: name)
            let connection = try Connection(conninfo, logger: logger)
            defer { connection.close() }
            try Migrator(migrations: migrations, logger: logger).migrate(connection)
            return conninfo
        }

        let counts = connections.split(separator: ",").compactMap { Int($0) }
        print("postings (2-entry transfers, hash chain on, one transaction each, prepared statement):")
        for count in counts {
            try timePostings(connections: count, perTransaction: 1, conninfo: try freshDatabase(), logger: logger)
        }
        if group > 1 {
            print("extra, not the headline: postings grouped \(group) per transaction (each its own key and records):")
            for count in counts {
                try timePostings(
                    connections: count, perTransaction: group, conninfo: try freshDatabase(), logger: logger)
            }
        }

        guard verifyEntries > 0 else { return }
        let conninfo = try freshDatabase()
        let transactions = verifyEntries / 2
        let loaders = 8
        let perLoader = transactions / loaders
        print(
            "loading \(transactions * 2) entries for verify (\(loaders) connections, 100 postings per transaction)...")
        let loadSeconds = try Self.onThreads(loaders, logger: logger, conninfo: conninfo) { thread, poster in
            try Self.post(perLoader, grouped: 100, on: poster) { number in
                Self.transfer(
                    "load-\(thread)-\(number)", number,
                    to: .jht(participant: "K\((thread * 104_729 + number) % 50_000)"))
            }
        }
        print("  loaded in \(String(format: "%.1f", loadSeconds)) s")
        try admin.execute("CHECKPOINT")
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        try connection.execute("VACUUM ANALYZE ledger_entry")
        try connection.execute("VACUUM ANALYZE ledger_transaction")
        try Self.timeVerify(conninfo: conninfo, workers: verifyWorkers, logger: logger)
    }

    /// Posts `postings` 2-entry transfers over `connections` connections, `perTransaction` to a database transaction
    /// (1: each posting commits on its own), then checks the chain and prints the rate.
    func timePostings(connections count: Int, perTransaction: Int, conninfo: String, logger: Logger) throws {
        let perConnection = max(1, postings / count)
        let seconds = try Self.onThreads(count, logger: logger, conninfo: conninfo) { thread, poster in
            try Self.post(perConnection, grouped: perTransaction, on: poster) { index in
                Self.transfer(
                    "bench-\(thread)-\(index)", index, to: .receivable(employer: "NN\((thread * 7919 + index) % 1000)"))
            }
        }
        let total = perConnection * count
        let check = try Connection(conninfo, logger: logger)
        let report = try Ledger.verify(on: check)
        check.close()
        let rate = Double(total) / seconds
        // The target (at least 5 000/s) is the headline's: one transaction per posting.
        let target = perTransaction == 1 ? "; target: at least 5,000) \(verdict(rate >= 5_000))" : ")"
        print(
            "  \(count) connection(s): \(total) postings in \(String(format: "%.2f", seconds)) s = "
                + "\(Int(rate)) postings/s (chain valid: \(report.isValid)\(target)")
    }

    /// The bench's 2-entry transfer number `number`: `BANK` → `account`, Rp 100 + number, dated in 2024 by number.
    static func transfer(_ key: String, _ number: Int, to account: AccountCode) -> Posting {
        Posting(
            idempotencyKey: key, kind: .transfer,
            effectiveDate: LedgerDate(year: 2024, month: 1 + number % 12, day: 28)!, recordedBy: "bench",
            entries: [.debit(.bank, Int64(100 + number)), .credit(account, Int64(100 + number))])
    }

    /// Posts `posting(0)…posting(count − 1)` on `poster`, `perTransaction` to a database transaction (1: each posting
    /// commits on its own, outside any explicit transaction).
    static func post(
        _ count: Int, grouped perTransaction: Int, on poster: LedgerPoster, _ posting: (Int) -> Posting
    ) throws {
        guard perTransaction > 1 else {
            for index in 0..<count { try poster.post(posting(index)) }
            return
        }
        var index = 0
        while index < count {
            let end = min(count, index + perTransaction)
            try poster.connection.transaction { _ in
                for number in index..<end { try poster.post(posting(number)) }
            }
            index = end
        }
    }

    /// Times `ledger verify` on one connection and on `workers` connections, median of 3 each.
    static func timeVerify(conninfo: String, workers verifyWorkers: Int, logger: Logger) throws {
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        var runs: [Double] = []
        var last = VerificationReport()
        for _ in 0..<3 {
            let started = monotonicSeconds()
            last = try Ledger.verify(on: connection)
            runs.append(monotonicSeconds() - started)
        }
        print("verify, one connection: \(String(format: "%.2f", median(runs))) s (median of 3)")
        runs = []
        for _ in 0..<3 {
            let started = monotonicSeconds()
            last = try Ledger.verify(conninfo: conninfo, workers: verifyWorkers, logger: logger)
            runs.append(monotonicSeconds() - started)
        }
        let seconds = median(runs)
        let records = last.entries + last.transactions
        print(
            "verify: \(last.entries) entries + \(last.transactions) transaction headers in "
                + "\(String(format: "%.2f", seconds)) s (median of 3) = \(Int(Double(last.entries) / seconds)) entries/s, "
                + "\(Int(Double(records) / seconds)) chain records/s (valid: \(last.isValid); "
                + "target: at least 500,000 entries/s) \(verdict(Double(last.entries) / seconds >= 500_000))")
    }

    /// Runs `body` on `count` threads, each with its own connection and poster; returns the wall time.
    static func onThreads(
        _ count: Int, logger: Logger, conninfo: String,
        _ body: @escaping @Sendable (Int, LedgerPoster) throws -> Void
    ) throws -> Double {
        let group = DispatchGroup()
        let failures = FailureBox()
        let start = DispatchSemaphore(value: 0)
        let ready = DispatchSemaphore(value: 0)
        for thread in 0..<count {
            group.enter()
            let worker = Thread {
                defer { group.leave() }
                do {
                    let connection = try Connection(conninfo, logger: logger)
                    defer { connection.close() }
                    let poster = try LedgerPoster(connection: connection)
                    ready.signal()
                    start.wait()
                    try body(thread, poster)
                } catch {
                    ready.signal()
                    failures.record(error)
                }
            }
            worker.start()
        }
        for _ in 0..<count { ready.wait() }
        let started = monotonicSeconds()
        for _ in 0..<count { start.signal() }
        group.wait()
        let seconds = monotonicSeconds() - started
        if let error = failures.first { throw error }
        return seconds
    }
}

/// The first error of the benchmark threads.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?

    func record(_ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }

    var first: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }
}
