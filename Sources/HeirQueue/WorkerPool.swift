import Foundation
public import Logging
import Postgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A pool of queue workers: one dedicated thread per worker, each owning its own libpq connection for its whole
/// life (libpq connections are not thread-safe, and blocking calls would starve Dispatch's global queues).
///
/// Any number of pools, in any number of processes on any number of machines, may work one queue: claims use
/// `FOR UPDATE SKIP LOCKED` and every completion is fenced by the worker id and the attempt number.
///
/// ```swift
/// let pool = WorkerPool(configuration: configuration, processor: processor, logger: logger)
/// signalSource.setEventHandler { pool.stop() }
/// let totals = pool.run()   // blocks until every worker has exited
/// ```
public final class WorkerPool: Sendable {
    public struct Configuration: Sendable {
        /// libpq conninfo of the queue's database.
        public var conninfo: String
        /// Worker threads (each with its own connection).
        public var workers: Int
        /// Jobs claimed and committed together.
        public var batchSize: Int
        /// Exit once nothing is runnable now and nothing is running anywhere.
        public var untilEmpty: Bool
        public var settings: QueueSettings
        /// Backoff between reconnect attempts after the database went away.
        public var reconnectBackoff = BackoffPolicy(base: .milliseconds(100), maximum: .seconds(5))
        /// How often worker 0 prunes completed jobs past retention.
        public var pruneInterval: Duration = .seconds(60)

        public init(conninfo: String, workers: Int, batchSize: Int, untilEmpty: Bool, settings: QueueSettings) {
            self.conninfo = conninfo
            self.workers = workers
            self.batchSize = batchSize
            self.untilEmpty = untilEmpty
            self.settings = settings
        }
    }

    /// Counts across all workers of the pool.
    public struct Totals: Sendable, Hashable {
        public var completed = 0
        public var failed = 0
        public var lost = 0
        public var reconnects = 0
    }

    public let configuration: Configuration
    let processor: BatchProcessor
    let queue: JobQueue
    let logger: Logger
    private let state = PoolState()

    public init(
        configuration: Configuration, processor: BatchProcessor, clock: any QueueClock = SystemQueueClock(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.processor = processor
        self.queue = JobQueue(settings: configuration.settings, clock: clock)
        self.logger = logger
    }

    /// Asks every worker to stop: each finishes the batch in hand, gives back jobs it has not started, and exits.
    /// Safe to call from any thread, including a signal source's handler, any number of times.
    public func stop() {
        state.requestStop()
    }

    /// Whether ``stop()`` was called.
    public var isStopping: Bool { state.stopRequested }

    /// The totals so far (for progress output while ``run()`` blocks another thread).
    public var totals: Totals { state.totals }

    /// Starts the workers and blocks until all of them have exited; returns the totals.
    @discardableResult
    public func run() -> Totals {
        let group = DispatchGroup()
        let identityPrefix = "\(Self.hostName()):\(getpid()):\(UInt16.random(in: 0...UInt16.max))"
        for index in 0..<max(1, configuration.workers) {
            group.enter()
            let worker = Worker(pool: self, index: index, identity: "\(identityPrefix):w\(index)")
            let thread = Thread {
                worker.run()
                group.leave()
            }
            thread.name = "santunan-worker-\(index)"
            thread.start()
        }
        group.wait()
        return state.totals
    }

    func record(_ report: BatchProcessor.Report) {
        state.add(report)
    }

    func recordReconnect() {
        state.addReconnect()
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else {
            return "host"
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The pool's shared state: the stop request and the totals, behind a lock.
private final class PoolState: @unchecked Sendable {
    private let lock = NSLock()
    private var stop = false
    private var counts = WorkerPool.Totals()

    func requestStop() {
        lock.lock()
        stop = true
        lock.unlock()
    }

    var stopRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stop
    }

    func add(_ report: BatchProcessor.Report) {
        lock.lock()
        counts.completed += report.completed
        counts.failed += report.failed
        counts.lost += report.lost
        lock.unlock()
    }

    func addReconnect() {
        lock.lock()
        counts.reconnects += 1
        lock.unlock()
    }

    var totals: WorkerPool.Totals {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }
}

/// One worker: drives a ``WorkerStateMachine`` with its own connection, on its own thread.
private final class Worker: @unchecked Sendable {
    let pool: WorkerPool
    let index: Int
    let identity: String
    var logger: Logger
    var connection: Connection?
    var machine: WorkerStateMachine
    var claimed: [ClaimedJob] = []
    var random = SystemRandomNumberGenerator()
    let monotonic = ContinuousClock()
    var lastRescue: ContinuousClock.Instant
    var lastPrune: ContinuousClock.Instant

    init(pool: WorkerPool, index: Int, identity: String) {
        self.pool = pool
        self.index = index
        self.identity = identity
        var logger = pool.logger
        logger[metadataKey: "worker"] = "\(identity)"
        self.logger = logger
        machine = WorkerStateMachine(
            untilEmpty: pool.configuration.untilEmpty, pollInterval: pool.configuration.settings.pollInterval,
            reconnectBackoff: pool.configuration.reconnectBackoff)
        lastRescue = monotonic.now.advanced(by: .seconds(-3600))
        lastPrune = monotonic.now
    }

    func run() {
        var action: WorkerStateMachine.Action
        do {
            try connect()
            action = machine.start()
        } catch {
            logger.warning("cannot connect to the queue database; retrying", metadata: ["error": "\(error)"])
            action = machine.connectionLost()
        }
        loop: while true {
            if pool.isStopping && !machine.stopRequested, let stopAction = machine.requestStop() {
                action = stopAction
            }
            switch action {
            case .claim:
                action = step { try claim() }
            case .process:
                action = step { try process() }
            case .checkIdle:
                action = step { machine.idleChecked(empty: try pool.queue.isIdle(on: try live())) }
            case .wait(let duration):
                action = step { try wait(duration) }
            case .reconnect(let delay):
                action = reconnect(after: delay)
            case .releaseAndExit:
                if let connection, !claimed.isEmpty {
                    do {
                        let released = try pool.queue.release(claimed, worker: identity, on: connection)
                        logger.info("released unstarted jobs", metadata: ["count": "\(released)"])
                    } catch {
                        logger.warning(
                            "could not release jobs; their leases will expire", metadata: ["error": "\(error)"])
                    }
                }
                break loop
            case .exit:
                break loop
            }
        }
        connection?.close()
        connection = nil
    }

    /// Runs one step; a lost connection becomes the machine's reconnect, anything else is logged and treated the
    /// same way (reconnecting is always safe: held jobs are released or expire).
    private func step(_ body: () throws -> WorkerStateMachine.Action) -> WorkerStateMachine.Action {
        do {
            return try body()
        } catch let error as PostgresError where error.isConnectionLoss {
            logger.warning("lost the database connection", metadata: ["error": "\(error.message)"])
            return machine.connectionLost()
        } catch {
            logger.error("queue step failed", metadata: ["error": "\(error)"])
            return machine.connectionLost()
        }
    }

    private func live() throws -> Connection {
        guard let connection else {
            throw PostgresError(code: .connectionClosed, message: "not connected")
        }
        return connection
    }

    private func connect() throws {
        let connection = try Connection(pool.configuration.conninfo, logger: logger)
        self.connection = connection
        try connection.execute("SET application_name = 'santunan-worker'")
        try connection.listen(QueueSettings.channel)
    }

    private func claim() throws -> WorkerStateMachine.Action {
        let connection = try live()
        let now = monotonic.now
        if now - lastRescue >= .seconds(1) {
            lastRescue = now
            let rescued = try pool.queue.rescueExpiredLeases(on: connection)
            if rescued > 0 {
                logger.info("rescued jobs whose lease expired", metadata: ["count": "\(rescued)"])
            }
        }
        if index == 0, now - lastPrune >= pool.configuration.pruneInterval {
            lastPrune = now
            try pool.queue.pruneCompleted(on: connection)
        }
        claimed = try pool.queue.claim(worker: identity, limit: pool.configuration.batchSize, on: connection)
        if claimed.isEmpty {
            // Nothing runnable: look for expired leases on the next claim without waiting a second.
            lastRescue = now.advanced(by: .seconds(-3600))
        }
        return machine.claimed(count: claimed.count)
    }

    private func process() throws -> WorkerStateMachine.Action {
        let report = try pool.processor.process(
            claimed, worker: identity, queue: pool.queue, random: &random, on: try live())
        claimed = []
        pool.record(report)
        return machine.processed()
    }

    /// Waits for a NOTIFY or the poll interval, in short slices so a stop request is seen within 100 ms.
    private func wait(_ duration: Duration) throws -> WorkerStateMachine.Action {
        let connection = try live()
        let deadline = monotonic.now.advanced(by: duration)
        while !pool.isStopping {
            let remaining = monotonic.now.duration(to: deadline)
            guard remaining > .zero else { break }
            if try connection.waitForNotification(timeout: min(remaining, .milliseconds(100))) != nil {
                _ = try connection.pendingNotifications()
                break
            }
        }
        if pool.isStopping, let stopAction = machine.requestStop() {
            return stopAction
        }
        return machine.woke()
    }

    private func reconnect(after delay: Duration) -> WorkerStateMachine.Action {
        let deadline = monotonic.now.advanced(by: delay)
        while !pool.isStopping && monotonic.now < deadline {
            Thread.sleep(forTimeInterval: min(0.05, monotonic.now.duration(to: deadline).seconds))
        }
        if pool.isStopping {
            // Held jobs (if any) are released by their lease expiring; the database is not there to release them.
            return machine.requestStop() ?? .exit
        }
        do {
            if let connection {
                try connection.reset()
                try connection.execute("SET application_name = 'santunan-worker'")
                try connection.listen(QueueSettings.channel)
            } else {
                try connect()
            }
            // Whatever this worker held when the link dropped was rolled back: give it back at once rather than
            // wait for the leases to expire.
            let released = try pool.queue.release(worker: identity, on: try live())
            claimed = []
            pool.recordReconnect()
            logger.info("reconnected to the queue database", metadata: ["released": "\(released)"])
            return machine.reconnected()
        } catch {
            logger.warning("reconnect failed; will retry", metadata: ["error": "\(error)"])
            return machine.connectionLost()
        }
    }
}
