public import ClaimStore
public import Postgres

/// Runs a claimed batch: computes every job outside any transaction, then commits all the effects (claims, lines,
/// instalments, history) together with the jobs' completions in one transaction.
///
/// A crash before the commit leaves no trace (the jobs stay leased until they expire and run again); after the
/// commit the jobs are completed and never redone. Completions are fenced by worker id and attempt, and effects are
/// written only for the jobs whose completion went through, so a worker that lost its lease writes nothing.
public struct BatchProcessor: Sendable {
    /// Computes the claim rows of one heir-submission job.
    public typealias ClaimComputation = @Sendable (ClaimedJob) throws -> ClaimRow

    let computeClaim: ClaimComputation

    public init(computeClaim: @escaping ClaimComputation) {
        self.computeClaim = computeClaim
    }

    /// A processor that computes claims with `computer` (the rules of `config/`).
    public init(computer: HeirSubmissionComputer) {
        self.computeClaim = { job in try computer.claimRow(for: job) }
    }

    /// What happened to a batch.
    public struct Report: Sendable, Hashable {
        /// Jobs completed (their effects committed).
        public var completed = 0
        /// Attempts that failed and were recorded (retry or discard).
        public var failed = 0
        /// Jobs whose lease had been lost to another attempt; nothing was written for them.
        public var lost = 0
    }

    /// Processes `jobs` claimed by `worker`.
    ///
    /// - Throws: only a ``PostgresError`` that lost the connection; every other failure is recorded on its job.
    public func process(
        _ jobs: [ClaimedJob], worker: String, queue: JobQueue, random: inout some RandomNumberGenerator,
        on connection: Connection
    ) throws -> Report {
        var successes: [(job: ClaimedJob, row: ClaimRow?)] = []
        var failures: [(job: ClaimedJob, error: String)] = []
        successes.reserveCapacity(jobs.count)
        for job in jobs {
            if job.kind == "noop" {
                successes.append((job, nil))
                continue
            }
            do {
                successes.append((job, try computeClaim(job)))
            } catch {
                failures.append((job, "\(error)"))
            }
        }
        do {
            return try commit(successes, failures, worker: worker, queue: queue, random: &random, on: connection)
        } catch let error as PostgresError where error.isConnectionLoss {
            throw error
        } catch {
            // The batch failed as a whole (say a line id clashing with another claim's): go job by job, so one bad
            // job cannot hold back the rest, and record the error on the job that causes it.
            var report = Report()
            var lateFailures = failures
            for success in successes {
                do {
                    let single = try commit(
                        [success], [], worker: worker, queue: queue, random: &random, on: connection)
                    report.completed += single.completed
                    report.lost += single.lost
                } catch let error as PostgresError where error.isConnectionLoss {
                    throw error
                } catch {
                    lateFailures.append((success.job, "storing the claim failed: \(error)"))
                }
            }
            let failed = try commit([], lateFailures, worker: worker, queue: queue, random: &random, on: connection)
            report.failed += failed.failed
            report.lost += failed.lost
            return report
        }
    }

    private func commit(
        _ successes: [(job: ClaimedJob, row: ClaimRow?)], _ failures: [(job: ClaimedJob, error: String)],
        worker: String, queue: JobQueue, random: inout some RandomNumberGenerator, on connection: Connection
    ) throws -> Report {
        var report = Report()
        try connection.transaction { connection in
            let completed = try queue.complete(
                successes.map { JobQueue.Completion(id: $0.job.id, attempt: $0.job.attempt, outcome: $0.row?.status) },
                worker: worker, on: connection)
            report.completed = completed.count
            report.lost = successes.count - completed.count
            var rows: [ClaimRow] = []
            var jobOfClaim: [Int64: Int64] = [:]
            for success in successes where completed.contains(success.job.id) {
                if let row = success.row {
                    rows.append(row)
                    jobOfClaim[row.id] = success.job.id
                }
            }
            let written = try ClaimWriter.write(rows, computedBy: worker, on: connection)
            let unchanged = rows.compactMap { written.contains($0.id) ? nil : jobOfClaim[$0.id] }
            if !unchanged.isEmpty {
                // The claim was already final (a duplicate job): the job completes without touching it.
                try connection.execute(
                    "SELECT heir_jobs_mark_unchanged(\(postgresArrayLiteral(unchanged))::bigint[])")
            }
            for failure in failures {
                switch try queue.fail(
                    failure.job, worker: worker, error: failure.error, random: &random, on: connection)
                {
                case .retry, .discard: report.failed += 1
                default: report.lost += 1
                }
            }
        }
        return report
    }
}

extension PostgresError {
    /// Whether the connection is gone (server restart, network), as opposed to a statement that failed.
    public var isConnectionLoss: Bool {
        code == .connectionClosed || code == .connectionFailed
    }
}
