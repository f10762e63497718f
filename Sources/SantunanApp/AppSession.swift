public import BenefitRules
public import Foundation
public import Logging
public import Postgres
@_exported public import SantunanValues

/// One command's (or one request's) session with the application: where the project is, the logger, the database
/// (opened on first use, migrated only when it lacks a migration), and the clock (issue 17).
///
/// The CLI makes one per command and hands it to the use cases (`ClaimsUseCases`, `PayoutsUseCases`, …); it never
/// opens a database, names a store or maps an error itself. The HTTP server holds its own pool and makes a session
/// borrowing a request's connection (``init(connection:paths:clock:logger:parameters:)``), so both doors share every
/// flow.
///
/// `SantunanValues` is re-exported: its dates, rupiah and message texts are the vocabulary of the use cases' API,
/// so a door that imports `SantunanApp` speaks it without naming a lower module.
public final class AppSession {
    public let paths: ProjectPaths
    public let logger: Logger
    public let environment: [String: String]
    /// `--database-url`, when given.
    public let databaseURL: String?
    /// What time it is for the flows (`SANTUNAN_FIXED_CLOCK` in tests and demos, else the system clock).
    public let clock: PayoutClock
    private var opened: Connection?
    /// The connection was handed in (``init(connection:paths:clock:logger:parameters:)``): the session neither opens
    /// another nor closes it.
    public let borrowsConnection: Bool
    /// The rule parameters of `config/` when the caller loaded them once (the server, at start), else nil: read on
    /// use (``ruleParameters()``).
    let loadedParameters: ParameterSet?

    /// A session for `label` (the logger's), finding the project root; nothing is opened yet.
    public init(
        label: String, databaseURL: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AppError) {
        self.paths = try ProjectPaths.discover(environment: environment)
        self.logger = Logger(label: label)
        self.environment = environment
        self.databaseURL = databaseURL
        self.clock = try PayoutClock.fromEnvironment(environment)
        self.borrowsConnection = false
        self.loadedParameters = nil
    }

    /// A session on a connection its caller holds and keeps: the HTTP server's pooled connection, switched to the
    /// request user's role (docs/decisions/0016-http-service.md), so that a route runs the very use case its CLI
    /// command runs (issue 17) with that role's rights. The use cases work on `connection` alone: a flow that would
    /// open connections of its own (the parallel `ledger verify`) runs on this one instead.
    public init(
        connection: Connection, paths: ProjectPaths, clock: PayoutClock, logger: Logger, parameters: ParameterSet? = nil
    ) {
        self.paths = paths
        self.logger = logger
        self.environment = [:]
        self.databaseURL = nil
        self.clock = clock
        self.opened = connection
        self.borrowsConnection = true
        self.loadedParameters = parameters
    }

    /// The rule parameters of `config/`: those loaded once by the session's maker, else read now.
    func ruleParameters() throws(AppError) -> ParameterSet {
        if let loadedParameters { return loadedParameters }
        return try RuleConfig.load(from: paths.config)
    }

    /// Where the database is (`--database-url`, `DATABASE_URL`, else the embedded cluster), not yet opened.
    public var target: DatabaseTarget {
        DatabaseTarget.resolve(explicitURL: databaseURL, paths: paths, logger: logger, environment: environment)
    }

    /// The session's connection, opened (and the database migrated if it lacks a migration) on first use.
    public func database() throws(AppError) -> Connection {
        if let opened { return opened }
        guard !borrowsConnection else {
            throw AppError(.internalError, field: "session", reason: "the borrowed connection was closed")
        }
        let connection = try target.openMigrated(paths: paths, logger: logger)
        opened = connection
        return connection
    }

    /// Closes the connection if one was opened.
    public func close() {
        if !borrowsConnection { opened?.close() }
        opened = nil
    }

    deinit {
        if !borrowsConnection { opened?.close() }
    }
}
