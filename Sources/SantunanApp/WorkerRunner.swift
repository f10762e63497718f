import BenefitRules
import Dispatch
import Foundation
public import HeirQueue
public import Logging
import Postgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `santunan worker run`: the worker pool draining heir submissions, with graceful stop and progress output.
public enum WorkerRunner {
    public struct Options: Sendable {
        public var workers = 2
        public var batchSize = 100
        public var untilEmpty = false
        public var settings = QueueSettings()
        /// How long to wait for the database at start-up: until it is back unless `--wait-for-database` says.
        public var databaseWait = DatabaseWait.forever

        public init() {}
    }

    /// Runs the pool until `--until-empty` finds nothing left, or SIGINT/SIGTERM asks it to stop (exit 0 either way:
    /// in-flight batches are committed or given back).
    public static func run(
        target: DatabaseTarget, paths: ProjectPaths, options: Options, logger: Logger
    ) throws(AppError) -> WorkerPool.Totals {
        // Once connected the pool rides out outages itself; the start-up waits too, so a worker started with the
        // database (a boot, a container) does not exit 69 because it came first.
        var target = target
        target.wait = options.databaseWait
        let setup = try target.openMigrated(paths: paths, logger: logger)
        setup.close()
        let computer = HeirSubmissionComputer(calculator: try ClaimFiles.calculator(paths: paths))
        var configuration = WorkerPool.Configuration(
            conninfo: target.conninfo, workers: options.workers, batchSize: options.batchSize,
            untilEmpty: options.untilEmpty, settings: options.settings)
        configuration.pruneInterval = .seconds(60)
        let pool = WorkerPool(
            configuration: configuration, processor: BatchProcessor(computer: computer), logger: logger)

        // Signals arrive on a private serial queue through Dispatch sources; the default actions are switched off
        // first so the process is not killed before the handler runs.
        let signalQueue = DispatchQueue(label: "santunan.worker.signals")
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: signalQueue)
            source.setEventHandler {
                logger.notice("stop requested: finishing the jobs in hand", metadata: ["signal": "\(signalNumber)"])
                pool.stop()
            }
            source.resume()
            sources.append(source)
        }
        let progress = Progress(pool: pool, conninfo: target.conninfo, logger: logger)
        progress.start()
        let totals = pool.run()
        progress.stop()
        for source in sources {
            source.cancel()
        }
        return totals
    }
}

/// Progress on stderr every few seconds: a redrawn line on a terminal, log lines otherwise (CONTRACT §1).
private final class Progress: @unchecked Sendable {
    let pool: WorkerPool
    let conninfo: String
    let logger: Logger
    let queue = DispatchQueue(label: "santunan.worker.progress")
    var timer: (any DispatchSourceTimer)?
    var connection: Connection?
    let started = ContinuousClock.now
    let terminal = isatty(STDERR_FILENO) == 1

    init(pool: WorkerPool, conninfo: String, logger: Logger) {
        self.pool = pool
        self.conninfo = conninfo
        self.logger = logger
    }

    func start() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let interval: DispatchTimeInterval = terminal ? .seconds(1) : .seconds(5)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [self] in report() }
        timer.resume()
        self.timer = timer
    }

    func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
            connection?.close()
            connection = nil
            if terminal {
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
    }

    /// Runs on `queue`, which alone uses `connection`.
    private func report() {
        let totals = pool.totals
        let elapsed = (ContinuousClock.now - started).seconds
        let rate = elapsed > 0 ? Double(totals.completed) / elapsed : 0
        var remaining: Int?
        do {
            if connection == nil {
                connection = try Connection(conninfo, logger: logger)
            }
            let counts = try JobQueue().counts(on: connection!)
            remaining = counts.available + counts.retryable + counts.running
        } catch {
            connection?.close()
            connection = nil
        }
        var line = "worker: \(totals.completed) jobs done, \(Int(rate.rounded()))/s"
        if let remaining {
            line += ", \(remaining) left"
            if rate > 0 {
                line += ", ETA \(Int((Double(remaining) / rate).rounded(.up)))s"
            }
        }
        if totals.failed > 0 {
            line += ", \(totals.failed) failed attempts"
        }
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }
}
