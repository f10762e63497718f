import ArgumentParser
import BenefitRules
import ClaimStore
import EmbeddedPostgres
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp

/// `santunan-bench queue`: drain throughput of the heir-submission queue (no-op jobs and real submissions) with
/// 1, 2, 4 and 8 workers and several batch sizes, enqueue throughput, and the PgQueuer peer on the same server.
struct QueueBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Queue drain and enqueue throughput, with the PgQueuer peer on the same server.",
        discussion: """
            Starts a throwaway PostgreSQL cluster (default settings, fsync on) in a temporary directory.

            Example:
              swift run -c release santunan-bench queue
              swift run -c release santunan-bench queue --noop-jobs 100000 --submissions 20000 --skip-peer
            """
    )

    @Option(help: "No-op jobs per drain.")
    var noopJobs = 50_000

    @Option(help: "Real heir submissions per drain.")
    var submissions = 20_000

    @Option(help: "Worker counts, comma-separated.")
    var workers = "1,2,4,8"

    @Option(help: "Batch sizes of the no-op drains, comma-separated.")
    var noopBatches = "100,500,1000"

    @Option(help: "Batch sizes of the real drains, comma-separated.")
    var realBatches = "50,200,500"

    @Flag(help: "Do not run the PgQueuer peer.")
    var skipPeer = false

    @Option(help: "The peer runner script.")
    var peerScript = "../shared/bench/peers/run.sh"

    func run() throws {
        let logger = Logger(label: "santunan.bench.queue")
        let paths = try ProjectPaths.discover()
        let workerCounts = workers.split(separator: ",").compactMap { Int($0) }
        let noopBatchSizes = noopBatches.split(separator: ",").compactMap { Int($0) }
        let realBatchSizes = realBatches.split(separator: ",").compactMap { Int($0) }
        print("machine: \(machineDescription())")

        let bench = try BenchCluster(label: "queue", logger: logger)
        defer { bench.tearDown() }
        let cluster = bench.cluster
        let admin = bench.admin
        let version = try bench.show("server_version")
        print("server: PostgreSQL \(version), default settings (fsync on, synchronous_commit on), unix socket")
        var databaseCount = 0
        func freshDatabase(template: String? = nil) throws -> String {
            databaseCount += 1
            let name = "bench_\(databaseCount)"
            if let template {
                try bench.createDatabase(name, template: template)
            } else {
                try bench.createDatabase(name, migratedWith: paths)
            }
            return name
        }

        // No-op drains.
        print("\nno-op drain (\(noopJobs) jobs, claim + complete per batch, one connection per worker)")
        print("workers  batch  jobs/s")
        var bestNoop = 0.0
        for batch in noopBatchSizes {
            for count in workerCounts {
                let name = try freshDatabase()
                let conninfo = cluster.conninfo(database: name)
                let connection = try Connection(conninfo, logger: logger)
                try JobQueue().enqueueNoops(count: noopJobs, on: connection)
                try connection.execute("VACUUM ANALYZE heir_jobs")
                let rate = try drain(
                    conninfo: conninfo, workers: count, batch: batch, expected: noopJobs,
                    processor: BatchProcessor { _ in throw JobFailure("no-op drains have no heir jobs") },
                    logger: logger)
                bestNoop = max(bestNoop, rate)
                print(String(format: "%7d  %5d  %8.0f", count, batch, rate))
                connection.close()
                try admin.execute("DROP DATABASE \(identifier: name)")
            }
        }

        // Enqueue: `claim submit` as the CLI does it (validate + compute once, store + enqueue in one transaction).
        let calculator = try ClaimFiles.calculator(paths: paths)
        let variants = try Self.variants(count: submissions, paths: paths, calculator: calculator)
        let templateName = try freshDatabase()
        let template = try Connection(cluster.conninfo(database: templateName), logger: logger)
        let enqueueStart = monotonicSeconds()
        let queue = JobQueue()
        for text in variants {
            let claim = try Case.parse(text)
            _ = try calculator.compute(claim)
            _ = try SubmissionService.submit(
                NewSubmission(
                    caseID: claim.caseID, caseDocument: text, participantNIK: claim.participant.nik,
                    kpj: claim.eventKPJ, eventType: claim.event.type.rawValue,
                    eventDate: claim.event.date.description, claimDate: claim.claimDate.description,
                    submittedBy: "bench"),
                queue: queue, on: template)
        }
        let enqueueRate = Double(variants.count) / (monotonicSeconds() - enqueueStart)
        print(
            String(
                format: "\nenqueue: %.0f submissions/s (validate + compute + store + enqueue, one transaction each, "
                    + "1 connection, fsync on)", enqueueRate))
        let noopEnqueueStart = monotonicSeconds()
        try JobQueue().enqueueNoops(count: noopJobs, on: template)
        print(
            String(
                format: "enqueue: %.0f no-op jobs/s (one INSERT ... SELECT)",
                Double(noopJobs) / (monotonicSeconds() - noopEnqueueStart)))
        try template.execute("DELETE FROM heir_jobs WHERE kind = 'noop'")
        try template.execute("VACUUM ANALYZE")
        template.close()

        // Real drains: rules computed, claim + lines + instalments + history written with the completion.
        print("\nreal heir submissions (\(variants.count) cases from cases/, rules computed, claim written)")
        print("workers  batch  claims/s")
        var bestReal = 0.0
        for batch in realBatchSizes {
            for count in workerCounts {
                let name = try freshDatabase(template: templateName)
                let conninfo = cluster.conninfo(database: name)
                let rate = try drain(
                    conninfo: conninfo, workers: count, batch: batch, expected: variants.count,
                    processor: BatchProcessor(computer: HeirSubmissionComputer(calculator: calculator)),
                    logger: logger)
                bestReal = max(bestReal, rate)
                print(String(format: "%7d  %5d  %8.0f", count, batch, rate))
                try admin.execute("DROP DATABASE \(identifier: name)")
            }
        }

        // The peer, on the same server.
        var peerRate: Double?
        if skipPeer {
            print("\npeer: skipped (--skip-peer)")
        } else if !FileManager.default.isExecutableFile(atPath: peerScript) {
            print("\npeer: skipped (\(peerScript) not found; ../shared is absent)")
        } else {
            let name = try freshDatabase()
            let socket = cluster.configuration.socketDirectory.path
            let dsn =
                "postgresql://\(cluster.configuration.superuser)@/\(name)?host=\(socket)&port=\(cluster.configuration.port)"
            print("\npeer: PgQueuer, 50000 no-op jobs, 2 workers, batch 500 (\(peerScript))")
            peerRate = try Self.runPeer(script: peerScript, dsn: dsn)
            if let peerRate {
                print(String(format: "peer: %.0f jobs/s", peerRate))
            }
        }
        print(String(format: "\nbest no-op drain: %.0f jobs/s", bestNoop))
        if let peerRate {
            print(
                String(
                    format: "versus PgQueuer: %.2fx (target ≥ 2x) %@", bestNoop / peerRate,
                    verdict(bestNoop >= 2 * peerRate)))
        }
        print(String(format: "best real drain: %.0f claims/s (target ≥ 5000) %@", bestReal, verdict(bestReal >= 5000)))
    }

    /// Drains the queue of `conninfo` with a pool and returns jobs per second.
    func drain(
        conninfo: String, workers: Int, batch: Int, expected: Int, processor: BatchProcessor, logger: Logger
    ) throws -> Double {
        var settings = QueueSettings()
        settings.pollInterval = .milliseconds(50)
        let configuration = WorkerPool.Configuration(
            conninfo: conninfo, workers: workers, batchSize: batch, untilEmpty: true, settings: settings)
        let pool = WorkerPool(configuration: configuration, processor: processor, logger: logger)
        let start = monotonicSeconds()
        let totals = pool.run()
        let elapsed = monotonicSeconds() - start
        guard totals.completed == expected else {
            throw ValidationError("drain completed \(totals.completed) of \(expected) jobs (failed \(totals.failed))")
        }
        return Double(totals.completed) / elapsed
    }

    /// Distinct valid cases derived from `cases/`: new case_id, NIK and KPJs.
    static func variants(count: Int, paths: ProjectPaths, calculator: ClaimCalculator) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: paths.cases.path)
            .filter { $0.hasSuffix(".case.json") && !$0.hasPrefix("invalid") }.sorted()
        var bases: [(String, Case)] = []
        for name in names {
            let text = try String(contentsOf: paths.cases.appendingPathComponent(name), encoding: .utf8)
            if let claim = try? Case.parse(text), (try? calculator.compute(claim)) != nil {
                bases.append((text, claim))
            }
        }
        return (0..<count).map { index in
            let (base, claim) = bases[index % bases.count]
            var text = base.replacingOccurrences(
                of: "\"\(claim.caseID)\"", with: "\"BENCH-\(String(format: "%07d", index))\"")
            text = text.replacingOccurrences(
                of: "\"\(claim.participant.nik)\"",
                with: "\"\(claim.participant.nik.prefix(6))\(String(format: "%010d", index))\"")
            for (position, membership) in claim.participant.memberships.enumerated() {
                text = text.replacingOccurrences(
                    of: "\"\(membership.kpj)\"", with: "\"8\(position)\(String(format: "%09d", index))\"")
            }
            return text
        }
    }

    /// Runs the peer script and returns its median jobs/s from the last line.
    static func runPeer(script: String, dsn: String) throws -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, "--dsn", dsn, "--jobs", "50000", "--workers", "2", "--batch-size", "500"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let line = text.split(separator: "\n").last(where: { $0.contains("median") }) else {
            return nil
        }
        let words = line.split(separator: " ")
        guard let index = words.firstIndex(of: "median"), index + 1 < words.count else { return nil }
        return Double(words[index + 1].replacingOccurrences(of: ",", with: ""))
    }
}
