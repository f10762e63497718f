public import ClaimStore
import Foundation
public import Logging
public import Payouts
public import Postgres
public import SantunanValues

/// The payout use cases the CLI, the benchmarks and the tests share: payout lines, batches, transfer files,
/// bank reconciliation and service levels, with their failures mapped to the contract's exit statuses.
///
/// Not `Sendable`: it owns one database connection for the thread that made it.
public final class PayoutService {
    public let connection: Connection
    public let paths: ProjectPaths
    public let config: PayoutConfig
    public let clock: PayoutClock
    /// Receives approval, paid and rejected events inside the payout transactions (the ledger, once wired).
    public var ledger: any PayoutLedgerHook
    let logger: Logger

    public init(
        connection: Connection, paths: ProjectPaths, config: PayoutConfig, clock: PayoutClock,
        ledger: any PayoutLedgerHook = NoLedgerPostings(), logger: Logger
    ) {
        self.connection = connection
        self.paths = paths
        self.config = config
        self.clock = clock
        self.ledger = ledger
        self.logger = logger
    }

    /// Opens the database (migrated) and loads `config/payments/`.
    public static func open(
        databaseURL: String?, paths: ProjectPaths, clock: PayoutClock, logger: Logger
    ) throws(AppError) -> PayoutService {
        let config = try PayoutConfig.load(paths: paths, on: clock.now.date)
        let target = DatabaseTarget.resolve(explicitURL: databaseURL, paths: paths, logger: logger)
        let connection = try target.openMigrated(paths: paths, logger: logger)
        return PayoutService(
            connection: connection, paths: paths, config: config, clock: clock, ledger: PayoutLedgerWiring.hook(),
            logger: logger)
    }

    // MARK: - Use cases

    /// `payouts due --on DATE [--allow-future]`.
    ///
    /// A date after today would make instalments and pension months due in later years payable now (`--on
    /// 2500-12-31` paid scholarships of 2027–2032), so it is refused unless `allowFuture` says the run means it; even
    /// then at most a year ahead, and the outcome lists every line pulled forward.
    public func createDueLines(on date: CivilDate, allowFuture: Bool = false, by user: String) throws(AppError)
        -> PayoutLines.DueOutcome
    {
        let today = clock.now.date
        if date > today {
            guard allowFuture else {
                throw AppError(
                    .usage, field: "--on",
                    reason: t(
                        "payouts.due.after-today",
                        ["date": .text(date.description), "today": .text(today.description)]))
            }
            guard date <= today.adding(months: 12) else {
                throw AppError(
                    .usage, field: "--on",
                    reason: t(
                        "payouts.due.more-than-a-year",
                        ["date": .text(date.description), "today": .text(today.description)]))
            }
        }
        return try mapped {
            try PayoutLines.createDue(
                on: date, today: today, calendar: config.calendar, pensions: config.pensions, by: user,
                on: connection)
        }
    }

    /// `batch prepare`; nil when no line is payable.
    public func prepareBatch(by user: String, program: PayoutProgram?, maxLines: Int?) throws(AppError)
        -> BatchSummary?
    {
        try mapped {
            try Batches.prepare(by: user, program: program, maxLines: maxLines, now: clock.now, on: connection)
        }
    }

    /// `batch approve`.
    public func approveBatch(_ batchID: String, by user: String) throws(AppError) -> BatchSummary {
        try mapped {
            try Batches.decide(
                batchID, by: user, rejecting: nil, now: clock.now, calendar: config.calendar, ledger: ledger,
                on: connection)
        }
    }

    /// `batch reject`.
    public func rejectBatch(_ batchID: String, by user: String, reason: String) throws(AppError) -> BatchSummary {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw AppError(.usage, field: "--reason", reason: t("payouts.reject.reason-missing"))
        }
        return try mapped {
            try Batches.decide(
                batchID, by: user, rejecting: reason, now: clock.now, calendar: config.calendar, ledger: ledger,
                on: connection)
        }
    }

    /// A batch's header.
    public func batch(_ batchID: String) throws(AppError) -> BatchSummary {
        try mapped { try Batches.summary(batchID, on: connection) }
    }

    /// The most recent batches.
    public func batches(limit: Int = 50) throws(AppError) -> [BatchSummary] {
        try mapped { try Batches.list(limit: limit, on: connection) }
    }

    /// `batch export ID --format F --out FILE`: writes the file atomically (a temporary file renamed into place).
    ///
    /// A pain.001 is validated against its XSD in process before it is written, so a file the bank would refuse is
    /// never handed over.
    @discardableResult
    public func exportBatch(
        _ batchID: String, format: Batches.ExportFormat, to path: String, by user: String
    ) throws(AppError) -> TransferFile {
        let url = URL(fileURLWithPath: path)
        let schema = format == .pain001 ? try schema("pain.001.001.03.xsd") : nil
        return try mapped {
            try Batches.export(
                batchID, format: format, debtor: config.debtor, by: user, now: clock.now, on: connection
            ) { bytes in
                try schema?.validate(bytes, field: "pain.001")
                try Self.writeAtomically(bytes, to: url)
            }
        }
    }

    /// `batch export` to bytes instead of a file: the HTTP service's download (`GET /v1/batches/{id}/files/…`).
    /// The same export: the first pain.001 moves the batch to `exported` in the same transaction.
    public func exportBatch(_ batchID: String, format: Batches.ExportFormat, by user: String) throws(AppError)
        -> [UInt8]
    {
        var exported: [UInt8] = []
        _ = try mapped {
            try Batches.export(
                batchID, format: format, debtor: config.debtor, by: user, now: clock.now, on: connection
            ) { bytes in
                exported = bytes
            }
        }
        return exported
    }

    /// `batch reconcile ID STATUS.xml`: validates the report against the pain.002 XSD, then imports it.
    public func reconcileBatch(_ batchID: String, reportPath: String, by user: String) throws(AppError)
        -> Reconcile.Outcome
    {
        // Size-capped before the parser sees it.
        let bytes: [UInt8]?
        do {
            bytes = try StatusReport.readFile(atPath: reportPath)
        } catch {
            throw Self.appError(error)
        }
        guard let bytes else {
            throw AppError(
                .inputMissing, field: reportPath, reason: t("payouts.reconcile.report-unreadable"))
        }
        // The bytes read are the bytes validated and imported, in one pass of libxml2's streaming reader with the XSD
        // attached (docs/decisions/0019-libxml2.md): the file cannot change between the check and the import.
        let schema = try schema("pain.002.001.03.xsd")
        return try mapped {
            try Reconcile.importReport(
                bytes, batchID: batchID, by: user, now: clock.now, ledger: ledger, on: connection, schema: schema)
        }
    }

    /// `payouts release LINE`.
    public func releaseLine(_ lineID: String, account: BankAccountRow?, by user: String) throws(AppError) -> String {
        try mapped { try Release.release(lineID, account: account, by: user, now: clock.now, on: connection) }
    }

    /// `claim payee CLAIM [--heir NIK] --account BANK:NUMBER[:NAME]`: the payee's account on the claim.
    public func setPayee(
        claim: String, payeeNIK: String?, bic: String, number: String, holder: String?, by user: String
    ) throws(AppError) -> Payees.Stored {
        try mapped {
            try Payees.set(
                claim: claim, payeeNIK: payeeNIK, bic: bic, number: number, holder: holder, by: user, now: clock.now,
                on: connection)
        }
    }

    /// `payouts waiting [--claim CLAIM]`.
    public func waitingLines(claim: String?) throws(AppError) -> [Payees.WaitingLine] {
        try mapped { try Payees.waiting(claim: claim, on: connection) }
    }

    /// `payouts release --all-waiting [--claim CLAIM]`.
    public func releaseWaiting(claim: String?, by user: String) throws(AppError)
        -> [(released: String, payable: String)]
    {
        try mapped { try Payees.releaseWaiting(claim: claim, by: user, now: clock.now, on: connection) }
    }

    /// `batch show ID`: the batch's lines and the transfer file it would be exported as (before approval too).
    public func batchDetail(_ batchID: String) throws(AppError)
        -> (batch: BatchSummary, lines: [Batches.Line], preview: TransferFile?)
    {
        try mapped {
            try connection.transaction { connection in
                let batch = try Batches.summary(batchID, on: connection)
                let lines = try Batches.lines(batchID, on: connection)
                let preview =
                    batch.state == .rejected
                    ? nil : try Batches.preview(batch, debtor: config.debtor, now: clock.now, on: connection)
                return (batch, lines, preview)
            }
        }
    }

    /// `report sla`.
    public func serviceLevels(today: CivilDate? = nil, includeOnTime: Bool = false) throws(AppError)
        -> [ServiceLevelReport.Entry]
    {
        let day = today ?? clock.now.date
        return try mapped {
            try ServiceLevelReport.entries(
                today: day, calendar: config.calendar, includeOnTime: includeOnTime, on: connection)
        }
    }

    public func close() { connection.close() }

    // MARK: - Support

    /// An ISO 20022 schema of `schemas/`, parsed once per process (``XMLSchema/load(path:)``).
    func schema(_ file: String) throws(AppError) -> XMLSchema {
        do {
            return try XMLSchema.load(path: paths.xmlSchemas.appendingPathComponent(file).path)
        } catch {
            throw Self.appError(error)
        }
    }

    /// `--out`: only a regular file, through an fsynced temporary file renamed into place (``OutputFile``).
    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        try OutputFile.write(bytes, to: url.path)
    }

    /// Runs `body`, turning every failure into an ``AppError`` with the contract's exit status.
    func mapped<T>(_ body: () throws -> T) throws(AppError) -> T {
        do {
            return try body()
        } catch let error as AppError {
            throw error
        } catch let error as PayoutError {
            throw Self.appError(error)
        } catch let error as PostgresError {
            throw Self.appError(error)
        } catch {
            throw AppError(.internalError, field: "payouts", reason: "\(error)")
        }
    }

    /// The exit status of a payout refusal.
    public static func appError(_ error: PayoutError) -> AppError {
        let status: ExitStatus =
            switch error.code {
            case .makerChecker: .permissionDenied
            case .configuration, .controlTotals: .internalError
            // Issue 18: "not found" is 66 in every command.
            case .notFound: .inputMissing
            default: .invalidData
            }
        // Fields and reasons quote the bank's report (ids, codes, amounts): control characters escaped, length capped.
        return AppError(
            status, field: MessageText.controlsEscaped(error.field, limit: 120),
            reason: MessageText.controlsEscaped(error.reason, limit: 600))
    }

    /// The exit status of a database failure: the maker–checker trigger is 77, contention 75, a lost server 69.
    public static func appError(_ error: PostgresError) -> AppError {
        if error.constraintName == "payout_batches_maker_checker" {
            return AppError(.permissionDenied, field: "payout_batches", reason: error.message)
        }
        if error.code == .connectionClosed || error.code == .connectionFailed {
            return AppError(
                .databaseUnavailable, field: "database",
                reason: t("payouts.database.unavailable", ["message": .text(error.oneLineMessage)]))
        }
        switch error.sqlState {
        case "23514":
            // A value outside the schema's bounds (Schema/0009_bounds.sql, e.g. a penalty above the largest payable
            // amount): the input's fault; the transaction wrote nothing.
            return AppError(
                .invalidData, field: error.tableName ?? "database",
                reason: t("payouts.database.out-of-bounds", ["constraint": .text(error.constraintName ?? "CHECK")]))
        case "40001", "40P01", "55P03", "23505":
            return AppError(
                .temporaryFailure, field: "database",
                reason: t("payouts.database.conflict", ["state": .text(error.sqlState!)]))
        case "42501", "SI002":
            return AppError(.permissionDenied, field: error.tableName ?? "database", reason: error.message)
        case "SI001":
            return AppError(.usage, field: "--as", reason: error.message)
        case "SP001":
            // A claim named that does not exist (Schema/0021_payees.sql).
            return AppError(.inputMissing, field: "", reason: error.message)
        case "SP002":
            // A payee or account the claim cannot take: the message names the claim and what to give instead.
            return AppError(.invalidData, field: "", reason: error.message)
        case "SR001", "SR002", "SR005":
            // Refused by the payout functions of Schema/0010_roles.sql: a line, report or state that does not fit.
            return AppError(.invalidData, field: "payouts", reason: error.message)
        default:
            return AppError(.internalError, field: "database", reason: error.description)
        }
    }
}
