import Foundation
import HeirQueue
public import Logging
public import SantunanApp
public import ServiceLifecycle

/// `serve --with-workers N`: the queue's worker pool in the server's process, stopped with it.
///
/// The pool is the one `santunan worker run` runs (`WorkerPool`, `BatchProcessor`), on its own threads and
/// connections; on SIGTERM it finishes or gives back the batches in hand while the server finishes its requests.
public struct WorkerService: Service {
    let target: DatabaseTarget
    let paths: ProjectPaths
    let workers: Int
    let logger: Logger

    public init(target: DatabaseTarget, paths: ProjectPaths, workers: Int, logger: Logger) {
        self.target = target
        self.paths = paths
        self.workers = workers
        self.logger = logger
    }

    /// The pool `santunan worker run` runs, with the same settings.
    static func pool(
        target: DatabaseTarget, paths: ProjectPaths, workers: Int, untilEmpty: Bool, logger: Logger
    ) throws(AppError) -> WorkerPool {
        let computer = HeirSubmissionComputer(calculator: try ClaimFiles.calculator(paths: paths))
        var configuration = WorkerPool.Configuration(
            conninfo: target.conninfo, workers: workers, batchSize: 100, untilEmpty: untilEmpty,
            settings: QueueSettings())
        configuration.pruneInterval = .seconds(60)
        return WorkerPool(configuration: configuration, processor: BatchProcessor(computer: computer), logger: logger)
    }

    /// Works the queue until nothing is runnable (`worker run --until-empty`), on the calling thread; for tests and
    /// benchmarks that submit through the API and then track the claims.
    public static func drain(target: DatabaseTarget, paths: ProjectPaths, workers: Int = 2, logger: Logger)
        throws(AppError) -> (completed: Int, failed: Int)
    {
        let totals = try pool(target: target, paths: paths, workers: workers, untilEmpty: true, logger: logger).run()
        return (totals.completed, totals.failed)
    }

    public func run() async throws {
        let pool = try Self.pool(target: target, paths: paths, workers: workers, untilEmpty: false, logger: logger)
        let done = AsyncStream<Void>.makeStream()
        let thread = Thread {
            _ = pool.run()
            done.continuation.finish()
        }
        thread.start()
        await withGracefulShutdownHandler {
            for await _ in done.stream {}
        } onGracefulShutdown: {
            pool.stop()
        }
    }
}
