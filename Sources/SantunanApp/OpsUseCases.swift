import BenefitRules
import ClaimStore
import EmbeddedPostgres
public import Foundation
import HeirQueue
import Logging
import Payouts
import Postgres

/// The operations family's use cases (issue 17): reports, imports, the queue, the worker pool, the rules, sample
/// data, the embedded database and the demo. The CLI's `report`, `import`, `queue`, `worker`, `rules`, `sample`,
/// `db` and `demo` commands each call one method and print what it returns; they name no lower module.
///
/// Every method returns values of this module (the views below), so a door that imports only `SantunanApp` can
/// read them under MemberImportVisibility, and every fault leaves as an ``AppError`` through ``Faults``.
public struct OpsUseCases {
    public let session: AppSession

    public init(_ session: AppSession) {
        self.session = session
    }

    // MARK: - report coverage

    /// `report coverage`: the figures of `date` (default: today in WIB, or `SANTUNAN_FIXED_CLOCK`).
    public func coverage(on date: String?, branch: String?) throws(AppError) -> CoverageView {
        let day = date ?? session.clock.now.date.description
        guard day.utf8.count == 10, CivilDate(iso: day) != nil else {
            throw AppError(.usage, field: "--on", reason: DateAnswers.reason(day, else: "ops.error.not-a-date"))
        }
        let connection = try session.database()
        do {
            // A mistyped branch office printed an empty report with exit 0, as if the branch had no participants.
            if let branch {
                let known = try CoverageReport.branchOffices(connection)
                guard known.contains(branch) else {
                    throw AppError(
                        .inputMissing, field: "--branch",
                        reason: t(
                            "ops.coverage.error.branch",
                            ["given": .text(branch), "known": .text(known.joined(separator: ", "))]))
                }
            }
            return CoverageView(try CoverageReport.compute(connection, on: day, branch: branch))
        } catch let error as AppError {
            throw error
        } catch let error as PostgresError where error.sqlState?.hasPrefix("22") == true {
            throw AppError(.usage, field: "--on", reason: DateAnswers.reason(day, else: "ops.error.not-a-date"))
        } catch {
            throw Faults.appError(error)
        }
    }

    // MARK: - report sla

    /// `report sla`: claims at risk of missing (within `margin` working days), or past, their deadline on `date`.
    public func serviceLevels(on date: String?, margin: Int, includeOnTime: Bool) throws(AppError)
        -> [ServiceLevelView]
    {
        var day = session.clock.now.date
        if let date {
            guard let parsed = CivilDate(iso: date) else {
                throw AppError(.usage, field: "--on", reason: DateAnswers.reason(date, else: "ops.error.not-a-date"))
            }
            day = parsed
        }
        guard margin >= 0 else {
            throw AppError(.usage, field: "--margin", reason: t("ops.error.margin", ["given": .number(margin)]))
        }
        let config = try PayoutConfig.load(paths: session.paths, on: session.clock.now.date)
        let connection = try session.database()
        do {
            return try ServiceLevelReport.entries(
                today: day, calendar: config.calendar, includeOnTime: includeOnTime, margin: margin, on: connection
            ).map(ServiceLevelView.init)
        } catch {
            throw Faults.appError(error)
        }
    }

    // MARK: - import

    /// The kinds `import` takes.
    public static var importKinds: [String] { ImportKind.allCases.map(\.rawValue) }

    /// `import KIND FILE`: the first bad record rejects the whole file; a file imported before changes nothing.
    public func importFile(kind: String, path: String, progress: @escaping (ImportProgressView) -> Void)
        throws(AppError) -> ImportOutcome
    {
        guard let importKind = ImportKind(rawValue: kind) else {
            throw AppError(
                .usage, field: "kind",
                reason: t(
                    "ops.import.error.kind",
                    [
                        "given": .text(PrintableText.escaped(kind, limit: 40)),
                        "kinds": .text(Self.importKinds.joined(separator: ", ")),
                    ]))
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw AppError(
                .inputMissing, field: PrintableText.escaped(path, limit: 200), reason: t("ops.import.error.unreadable"))
        }
        let connection = try session.database()
        // The date bounds count from today in WIB (or SANTUNAN_FIXED_CLOCK, for rehearsals and tests).
        let importer = Importer(connection: connection, logger: session.logger, today: session.clock.importDay) {
            progress(ImportProgressView($0))
        }
        do {
            return ImportOutcome(try importer.importFile(importKind, path: path))
        } catch let error as PostgresError where error.sqlState == "23514" || error.sqlState?.hasPrefix("22") == true {
            // A value the checks let through but the schema refuses (0009's CHECKs, a data exception): the file's
            // fault, not the database's; the import's transaction wrote nothing.
            throw AppError(
                .invalidData, field: PrintableText.escaped(URL(fileURLWithPath: path).lastPathComponent, limit: 80),
                reason: t(
                    "ops.import.error.refused",
                    ["constraint": .text(error.constraintName ?? "SQLSTATE \(error.sqlState ?? "")")]))
        } catch {
            throw Faults.appError(error)
        }
    }

    // MARK: - queue

    /// `queue status`: the jobs in each state.
    public func queueCounts() throws(AppError) -> QueueCountsView {
        let connection = try session.database()
        do {
            let counts = try JobQueue().counts(on: connection)
            return QueueCountsView(
                available: counts.available, running: counts.running, retryable: counts.retryable,
                completed: counts.completed, discarded: counts.discarded)
        } catch {
            throw Faults.appError(error)
        }
    }

    /// `queue dead`: the discarded jobs with their last error.
    public func deadJobs() throws(AppError) -> [DeadJobView] {
        let connection = try session.database()
        do {
            return try JobQueue().dead(on: connection).map {
                DeadJobView(
                    jobID: $0.id, kind: $0.kind, caseID: $0.caseID, attempts: $0.attempts, lastError: $0.lastError,
                    discardedAt: $0.discardedAt)
            }
        } catch {
            throw Faults.appError(error)
        }
    }

    /// `queue retry ID --as U`: the job back in the queue, and the hand retry in its claim's status history.
    public func retryJob(_ id: Int64, by user: String) throws(AppError) {
        let connection = try session.database()
        do {
            try JobQueue().retryByHand(jobID: id, by: user, on: connection)
        } catch {
            throw Faults.appError(error)
        }
    }

    // MARK: - worker

    /// `worker run`: the pool until `--until-empty` finds nothing left, or a signal stops it.
    public func runWorkers(_ options: WorkerRunner.Options) throws(AppError) -> WorkerTotals {
        let totals = try WorkerRunner.run(
            target: session.target, paths: session.paths, options: options, logger: session.logger)
        return WorkerTotals(completed: totals.completed, failed: totals.failed, reconnects: totals.reconnects)
    }

    // MARK: - rules

    /// `rules show`: the values in force on `date` (every dated value without one), optionally of one program.
    public func rules(program: String?, on date: String?) throws(AppError) -> [RuleView] {
        let parameters = try RuleConfig.load(from: session.paths.config)
        var rows: [RuleView] = []
        if let date {
            guard let day = CivilDate(iso: date) else {
                throw AppError(.usage, field: "--on", reason: DateAnswers.reason(date, else: "ops.error.not-a-date"))
            }
            rows = parameters.inForce(on: day, program: program).map {
                RuleView(key: $0.key, program: $0.program, unit: $0.unit, value: $0.value)
            }
        } else {
            for parameter in parameters.sorted
            where program == nil || parameter.program.lowercased() == program!.lowercased() {
                rows += parameter.values.map {
                    RuleView(key: parameter.key, program: parameter.program, unit: parameter.unit, value: $0)
                }
            }
        }
        if rows.isEmpty, let program {
            throw AppError(.inputMissing, field: "--program", reason: t("ops.rules.error.none", ["program": .text(program)]))
        }
        return rows
    }

    /// `rules diff`: the parameters whose value, basis or confirmation differs between two dates.
    public func rulesDiff(from: String, to: String, program: String?) throws(AppError) -> [RuleChangeView] {
        guard let fromDate = CivilDate(iso: from) else {
            throw AppError(.usage, field: "--from", reason: DateAnswers.reason(from, else: "ops.error.not-a-date"))
        }
        guard let toDate = CivilDate(iso: to) else {
            throw AppError(.usage, field: "--to", reason: DateAnswers.reason(to, else: "ops.error.not-a-date"))
        }
        let parameters = try RuleConfig.load(from: session.paths.config)
        return RulesDiff(parameters, from: fromDate, to: toDate, program: program).changes.map { change in
            RuleChangeView(
                key: change.key, program: change.program,
                before: change.before.map { RuleView(key: change.key, program: change.program, unit: change.unit, value: $0) },
                after: change.after.map { RuleView(key: change.key, program: change.program, unit: change.unit, value: $0) })
        }
    }

    // MARK: - db

    /// The embedded cluster's state: `not initialized`, `stopped`, `running (pid N)` in the chosen language.
    public func databaseStatus() throws(AppError) -> EmbeddedDatabaseView {
        let cluster = embeddedCluster()
        do {
            return EmbeddedDatabaseView(
                status: Self.text(try cluster.status()), dataDirectory: cluster.configuration.dataDirectory.path,
                conninfo: cluster.conninfo)
        } catch {
            throw AppError(.databaseUnavailable, field: "embedded database", reason: "\(error)")
        }
    }

    /// `db start`: creates (first time), starts and migrates the embedded cluster, with the full migration check.
    public func startDatabase() throws(AppError) -> EmbeddedDatabaseView {
        let cluster = embeddedCluster()
        let target = DatabaseTarget(conninfo: cluster.conninfo, embedded: cluster)
        try target.openMigrated(paths: session.paths, logger: session.logger, force: true).close()
        return try databaseStatus()
    }

    /// `db stop`: stops exactly the server of this project's data directory.
    public func stopDatabase() throws(AppError) -> EmbeddedDatabaseView {
        do {
            try embeddedCluster().stop()
        } catch {
            throw AppError(.databaseUnavailable, field: "embedded database", reason: "\(error)")
        }
        return try databaseStatus()
    }

    /// `db migrate`: the full migration check (every migration applied, its checksum matching the file) on the
    /// session's database; the other commands migrate only a database that lacks a migration. Returns the number
    /// of migrations the database holds.
    public func migrate() throws(AppError) -> Int {
        try session.target.openMigrated(paths: session.paths, logger: session.logger, force: true).close()
        do {
            return try Migration.load(from: session.paths.schema).count
        } catch let error as MigrationError {
            throw AppError(.internalError, field: "Schema/\(error.file ?? "")", reason: error.reason)
        } catch {
            throw AppError(.internalError, field: "Schema", reason: "\(error)")
        }
    }

    /// `db path`: the embedded cluster's data directory (nothing is opened or examined).
    public var embeddedDataDirectory: String { embeddedCluster().configuration.dataDirectory.path }

    /// `db url`: the embedded cluster's superuser conninfo, for psql.
    public var embeddedConninfo: String { embeddedCluster().conninfo }

    func embeddedCluster() -> LocalCluster {
        DatabaseTarget.embeddedCluster(paths: session.paths, logger: session.logger, environment: session.environment)
    }

    static func text(_ status: LocalCluster.Status) -> String {
        switch status {
        case .notInitialized: t("ops.db.status.not-initialized")
        case .stopped: t("ops.db.status.stopped")
        case .running(let pid): t("ops.db.status.running", ["pid": .text(String(pid))])
        }
    }

    // MARK: - user

    /// `user add NAME --role ROLE`: the new user and the token, printed once (the database keeps only its hash).
    /// An unknown role is a usage error naming the roles.
    public func addUser(_ name: String, role: String) throws(AppError) -> APIUsers.Issued {
        guard let known = APIRole(rawValue: role) else {
            throw AppError(
                .usage, field: "--role",
                reason: t(
                    "ops.user.error.role",
                    ["given": .text(role), "roles": .text(APIRole.allCases.map(\.rawValue).joined(separator: ", "))]))
        }
        return try APIUsers.add(name: name, role: known, on: try session.database())
    }

    /// `user revoke NAME`: the user's token is refused from the next request on (66 for no such active user).
    public func revokeUser(_ name: String) throws(AppError) {
        try APIUsers.revoke(name: name, on: try session.database())
    }

    /// `user list`: every user by name, revoked ones included (never a token).
    public func users() throws(AppError) -> [(user: APIUser, revoked: Bool)] {
        try APIUsers.list(on: try session.database())
    }

    // MARK: - shell completion

    /// The claim statuses `claim list --status` takes (the stored ones, and `pending` for a submission not yet
    /// computed): static, so the generated completion scripts carry them.
    public static let claimStatuses = ["payable", "incomplete", "rejected", "pending"]

    /// The states of a payout batch.
    public static var batchStates: [String] { BatchState.allCases.map(\.rawValue) }

    /// The latest batch ids, for completing a batch id at the shell (`completion: .custom`); nothing when the
    /// database cannot be reached, since a completion must never print an error into the command line.
    public func batchIDs(limit: Int = 50) -> [String] {
        guard let connection = try? session.database() else { return [] }
        return (try? Batches.list(limit: limit, on: connection).map(\.id)) ?? []
    }

    // MARK: - demo

    /// `demo`: the whole story of a branch office, idempotent; progress lines go to `progress`.
    public func demo(participants: Int, progress: @escaping @Sendable (String) -> Void) throws(AppError)
        -> Demo.Summary
    {
        try Demo(
            paths: session.paths, target: session.target, logger: session.logger, regionParticipants: participants,
            progress: progress
        ).run()
    }
}

/// The process's log handler (a door calls it once at start-up): standard error, at `SANTUNAN_LOG_LEVEL` (`trace` …
/// `critical`), `warning` by default, so a command's output is its result, not its diary.
public enum ProcessLogging {
    public static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = environment["SANTUNAN_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
            return handler
        }
    }
}

// MARK: - Views

/// `report coverage`'s figures (``CoverageReport``'s, as the doors read them). Encodes as the report's one JSON
/// document (snake_case keys through the JSON encoder's key strategy).
public struct CoverageView: Sendable, Hashable, Encodable {
    public struct Active: Sendable, Hashable, Encodable {
        public var segment: String
        public var employerKind: String
        public var participants: Int
        public var memberships: Int
    }

    public struct GovernmentUnit: Sendable, Hashable, Encodable {
        public var npp: String
        public var name: String
        public var branchOffice: String
        public var activeWorkers: Int
        public var registered: Bool
    }

    public struct Person: Sendable, Hashable, Encodable {
        public var kpj: String
        public var nik: String
        public var name: String
    }

    public struct EndingWindow: Sendable, Hashable, Encodable {
        public var sponsor: String
        public var kind: String
        public var programs: [String]
        public var from: String
        public var to: String
        public var participants: Int
        public var losingCover: [Person]
    }

    public struct Arrears: Sendable, Hashable, Encodable {
        public var npp: String
        public var name: String
        public var kind: String
        public var branchOffice: String
        public var months: Int
        public var oldestMonth: String
        public var outstanding: Int64
    }

    public var on: String
    public var branch: String?
    public var activeParticipants: Int
    public var active: [Active]
    public var governmentUnits: [GovernmentUnit]
    public var sponsorWindowsEnding: [EndingWindow]
    public var employersInArrears: [Arrears]

    init(_ report: CoverageReport) {
        on = report.on
        branch = report.branch
        activeParticipants = report.activeParticipants
        active = report.active.map {
            Active(
                segment: $0.segment, employerKind: $0.employerKind, participants: $0.participants,
                memberships: $0.memberships)
        }
        governmentUnits = report.governmentUnits.map {
            GovernmentUnit(
                npp: $0.npp, name: $0.name, branchOffice: $0.branchOffice, activeWorkers: $0.activeWorkers,
                registered: $0.hasRegisteredWorkers)
        }
        sponsorWindowsEnding = report.endingWindows.map { window in
            EndingWindow(
                sponsor: window.sponsor, kind: window.kind, programs: window.programs, from: window.from, to: window.to,
                participants: window.participants,
                losingCover: window.losingCover.map { Person(kpj: $0.kpj, nik: $0.nik, name: $0.name) })
        }
        employersInArrears = report.arrears.map {
            Arrears(
                npp: $0.npp, name: $0.name, kind: $0.kind, branchOffice: $0.branchOffice, months: $0.months,
                oldestMonth: $0.oldestMonth, outstanding: $0.outstanding)
        }
    }

    enum CodingKeys: String, CodingKey {
        case on, branch, activeParticipants, active, governmentUnits, sponsorWindowsEnding, employersInArrears
    }

    /// Every key, `branch` as `null` for all branches.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(on, forKey: .on)
        try container.encode(branch, forKey: .branch)
        try container.encode(activeParticipants, forKey: .activeParticipants)
        try container.encode(active, forKey: .active)
        try container.encode(governmentUnits, forKey: .governmentUnits)
        try container.encode(sponsorWindowsEnding, forKey: .sponsorWindowsEnding)
        try container.encode(employersInArrears, forKey: .employersInArrears)
    }
}

/// One claim and program against its service-level deadline (`report sla`). Encodes every field (absent ones as
/// `null`), snake_case through the JSON encoder's key strategy.
public struct ServiceLevelView: Sendable, Hashable, Encodable {
    public var claimID: Int64
    public var caseID: String
    public var program: String
    public var lines: Int
    public var amount: Int64
    /// ISO dates.
    public var completeOn: String
    public var deadline: String
    public var paidOn: String?
    /// `on_time`, `at_risk` or `late`.
    public var standing: String
    public var daysLate: Int?
    public var workingDaysLeft: Int?
    public var penalty: Int64
    /// False when the holiday list lacks a year the deadline crossed (weekends only were skipped).
    public var holidaysKnown: Bool

    init(_ entry: ServiceLevelReport.Entry) {
        claimID = entry.claimID
        caseID = entry.caseID
        program = entry.program.rawValue
        lines = entry.lines
        amount = entry.amount
        completeOn = entry.completeOn.description
        deadline = entry.deadline.description
        paidOn = entry.paidOn?.description
        standing = entry.standing.label
        switch entry.standing {
        case .late(let days): daysLate = days
        case .atRisk(let left): workingDaysLeft = left
        case .onTime: break
        }
        penalty = entry.penalty
        holidaysKnown = entry.holidaysKnown
    }

    enum CodingKeys: String, CodingKey {
        case claimID = "claimId", caseID = "caseId", program, lines, amount, completeOn, deadline, paidOn, standing
        case daysLate, workingDaysLeft, penalty, holidaysKnown
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(claimID, forKey: .claimID)
        try container.encode(caseID, forKey: .caseID)
        try container.encode(program, forKey: .program)
        try container.encode(lines, forKey: .lines)
        try container.encode(amount, forKey: .amount)
        try container.encode(completeOn, forKey: .completeOn)
        try container.encode(deadline, forKey: .deadline)
        try container.encode(paidOn, forKey: .paidOn)
        try container.encode(standing, forKey: .standing)
        try container.encode(daysLate, forKey: .daysLate)
        try container.encode(workingDaysLeft, forKey: .workingDaysLeft)
        try container.encode(penalty, forKey: .penalty)
        try container.encode(holidaysKnown, forKey: .holidaysKnown)
    }
}

/// How far an import has come (for the progress line).
public struct ImportProgressView: Sendable {
    /// `reading`, `validating`, `storing` or `done`.
    public var phase: String
    public var records: Int
    public var bytesRead: Int
    public var totalBytes: Int
    public var isDone: Bool { phase == ImportProgress.Phase.done.rawValue }
    public var isReading: Bool { phase == ImportProgress.Phase.reading.rawValue }

    init(_ progress: ImportProgress) {
        phase = progress.phase.rawValue
        records = progress.records
        bytesRead = progress.bytesRead
        totalBytes = progress.totalBytes
    }
}

/// What an import did.
public struct ImportOutcome: Sendable, Hashable {
    public var kind: String
    public var records: Int
    /// New rows by table.
    public var inserted: [String: Int]
    public var alreadyImported: Bool
    public var sha256: String

    init(_ summary: ImportSummary) {
        kind = summary.kind.rawValue
        records = summary.records
        inserted = summary.inserted
        alreadyImported = summary.alreadyImported
        sha256 = summary.sha256
    }
}

/// The queue's jobs by state.
public struct QueueCountsView: Sendable, Hashable, Encodable {
    public var available: Int
    public var running: Int
    public var retryable: Int
    public var completed: Int
    public var discarded: Int

    /// `(state, jobs)` in the queue's order.
    public var states: [(state: String, jobs: Int)] {
        [
            ("available", available), ("running", running), ("retryable", retryable), ("completed", completed),
            ("discarded", discarded),
        ]
    }
}

/// A dead (discarded) job.
public struct DeadJobView: Sendable, Hashable {
    public var jobID: Int64
    public var kind: String
    public var caseID: String?
    public var attempts: Int
    public var lastError: String?
    /// Local time with its offset (`2024-04-03T11:00:00+07:00`).
    public var discardedAt: String
}

/// What a worker run did.
public struct WorkerTotals: Sendable, Hashable {
    public var completed: Int
    public var failed: Int
    public var reconnects: Int
}

extension WorkerRunner.Options {
    /// The options of `worker run`: the queue's settings from plain figures (seconds, milliseconds), so a door
    /// sets them without naming the queue's types.
    public init(
        workers: Int, batchSize: Int, untilEmpty: Bool, leaseSeconds: Int, maxAttempts: Int, pollMilliseconds: Int64,
        waitSeconds: Int?
    ) {
        self.init()
        self.workers = workers
        self.batchSize = batchSize
        self.untilEmpty = untilEmpty
        settings.lease = .seconds(leaseSeconds)
        settings.maxAttempts = maxAttempts
        settings.pollInterval = .milliseconds(pollMilliseconds)
        if let waitSeconds { databaseWait = DatabaseWait(limit: .seconds(waitSeconds)) }
    }
}

/// One dated value of a rule parameter (`rules show`, `rules diff`).
public struct RuleView: Sendable, Hashable, Encodable {
    public var key: String
    public var program: String
    public var unit: String
    public var value: RuleValue
    public var effectiveFrom: String
    public var effectiveTo: String?
    public var basis: String
    public var confirmed: Bool

    init(key: String, program: String, unit: String, value dated: DatedValue) {
        self.key = key
        self.program = program
        self.unit = unit
        value = RuleValue(dated.value)
        effectiveFrom = dated.effectiveFrom.description
        effectiveTo = dated.to?.description
        basis = dated.basis
        confirmed = dated.confirmed
    }

    /// The value as a person reads it: rupiah formatted, everything else as config writes it.
    public var valueText: String {
        if unit == "rupiah", case .integer(let amount) = value { return Texts.format.rupiah(amount) }
        return value.text
    }

    enum CodingKeys: String, CodingKey {
        case key, program, unit, value, effectiveFrom, effectiveTo, basis, confirmed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(program, forKey: .program)
        try container.encode(unit, forKey: .unit)
        try container.encode(value, forKey: .value)
        try container.encode(effectiveFrom, forKey: .effectiveFrom)
        try container.encode(effectiveTo, forKey: .effectiveTo)
        try container.encode(basis, forKey: .basis)
        try container.encode(confirmed, forKey: .confirmed)
    }
}

/// A rule parameter's value: an integer, a text, none, or a list of values.
public indirect enum RuleValue: Sendable, Hashable, Encodable {
    case integer(Int64)
    case text(String)
    case null
    case list([RuleValue])

    init(_ value: ParameterValue) {
        switch value {
        case .integer(let integer): self = .integer(integer)
        case .text(let text): self = .text(text)
        case .null: self = .null
        case .list(let items): self = .list(items.map(RuleValue.init))
        }
    }

    /// As config writes it: `48`, `null`, `"2021-04-01"`, `[[12, 10000], [null, 5000]]`.
    public var text: String {
        switch self {
        case .integer(let value): String(value)
        case .text(let text): "\"\(text)\""
        case .null: "null"
        case .list(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .integer(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .text(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .list(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        }
    }
}

/// A parameter that changed between two dates.
public struct RuleChangeView: Sendable, Hashable, Encodable {
    public var key: String
    public var program: String
    public var before: RuleView?
    public var after: RuleView?

    enum CodingKeys: String, CodingKey { case key, program, before, after }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(program, forKey: .program)
        try container.encode(before, forKey: .before)
        try container.encode(after, forKey: .after)
    }
}

/// The embedded cluster as `db status` shows it.
public struct EmbeddedDatabaseView: Sendable, Hashable {
    /// In the chosen language.
    public var status: String
    public var dataDirectory: String
    public var conninfo: String
}
