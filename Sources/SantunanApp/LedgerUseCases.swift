import BenefitRules
import Checksum
import Foundation
import Ledger
import Payouts
import Postgres
import SantunanValues

/// The ledger's use cases, one per `santunan ledger …` command (issue 17: the CLI's one door to the ledger).
///
/// Each method takes the command's options as given (ISO dates and account codes as text, parsed here so every door
/// refuses the same input with the same `error:` line), calls ``Ledger`` and the application's ledger flows
/// (``LedgerContributions``, ``LedgerDevelopment``, ``LedgerCheckpoints``), and returns view types owned by this
/// module: a door prints them without naming a lower module's type. Faults leave as ``AppError`` through
/// ``Faults/appError(_:input:)``.
public struct LedgerUseCases {
    let session: AppSession
    /// What the names of the door's inputs start with in `error:` lines: `--` for the CLI's options (`--at`), none
    /// for the HTTP service's query parameters (`at`), so each door names the input its caller wrote.
    let optionPrefix: String

    public init(_ session: AppSession, optionPrefix: String = "--") {
        self.session = session
        self.optionPrefix = optionPrefix
    }

    /// The door's name of input `name` (`at` → `--at` on the CLI).
    func option(_ name: String) -> String { optionPrefix + name }

    // MARK: Queries

    /// Balances at `at` (postings effective on or before it; all when nil) of one account, a class (`JHT:*`) or all.
    /// An account the chart does not hold is not found (66), as a claim or a participant that is not there.
    public func balances(account: String?, at: String?) throws(AppError) -> LedgerBalancesView {
        let date = try Self.date(at, option: option("at"))
        let balances = try call(notFound: (field: option("account"), subject: account ?? "")) {
            connection throws(LedgerError) in
            try Ledger.balances(AccountSelector(account), at: date, on: connection)
        }
        return LedgerBalancesView(
            at: date?.description,
            accounts: balances.map {
                LedgerBalancesView.Account(
                    account: $0.account.rawValue, type: $0.type.rawValue, debits: $0.debits, credits: $0.credits,
                    balance: $0.balance)
            })
    }

    /// The entries matching `query`, by effective date, transaction and entry.
    public func entries(_ query: LedgerEntriesQuery) throws(AppError) -> [LedgerEntryView] {
        if let limit = query.limit, limit < 1 {
            throw AppError(.usage, field: "--limit", reason: t("ledger.limit.invalid", ["given": .text(String(limit))]))
        }
        var filter = EntryFilter(
            participant: query.participant, claimID: query.claim, batchID: query.batch, limit: query.limit)
        filter.account = query.account.map { AccountCode($0) }
        filter.kind = query.kind.map { PostingKind($0) }
        filter.from = try Self.date(query.from, option: "--from")
        filter.to = try Self.date(query.to, option: "--to")
        let lines = try call { connection throws(LedgerError) in try Ledger.entries(matching: filter, on: connection) }
        return lines.map {
            LedgerEntryView(
                entryID: $0.entryID, transactionID: $0.transactionID, effectiveDate: $0.effectiveDate.description,
                kind: $0.kind.rawValue, idempotencyKey: $0.idempotencyKey, account: $0.account.rawValue,
                side: $0.side.rawValue, amount: $0.amount, claimID: $0.references.claimID,
                batchID: $0.references.batchID, participantNIK: $0.references.participantNIK,
                participantKPJ: $0.references.participantKPJ, employerNPP: $0.references.employerNPP,
                reverses: $0.reversesTransactionID, recordedBy: $0.recordedBy, memo: $0.memo)
        }
    }

    /// The trial balance at `at` (all postings when nil): one row per account class, or per account with `detail`.
    /// Both are read from the monthly snapshots (docs/decisions/0015-ledger-snapshots.md).
    public func trialBalance(at: String?, detail: Bool) throws(AppError) -> LedgerTrialBalanceView {
        let date = try Self.date(at, option: option("at"))
        if detail {
            let trial = try call { connection throws(LedgerError) in try Ledger.trialBalance(at: date, on: connection) }
            return LedgerTrialBalanceView(
                at: date?.description, detail: true,
                rows: trial.accounts.map {
                    LedgerTrialBalanceView.Row(
                        name: $0.account.rawValue, type: $0.type.rawValue, accounts: 1, debit: $0.trialColumns.debit,
                        credit: $0.trialColumns.credit, accountsAgainstNormalSide: $0.balance < 0 ? 1 : 0)
                }, totalDebit: trial.totalDebit, totalCredit: trial.totalCredit)
        }
        let trial = try call { connection throws(LedgerError) in
            try Ledger.trialBalanceByClass(at: date, on: connection)
        }
        return LedgerTrialBalanceView(
            at: date?.description, detail: false,
            rows: trial.classes.map {
                LedgerTrialBalanceView.Row(
                    name: $0.prefix, type: $0.type.rawValue, accounts: $0.accounts, debit: $0.trialColumns.debit,
                    credit: $0.trialColumns.credit, accountsAgainstNormalSide: $0.accountsAgainstNormalSide)
            }, totalDebit: trial.totalDebit, totalCredit: trial.totalCredit)
    }

    /// A participant's JHT statement over `from`…`to` (either open). A participant without a JHT account in the
    /// chart is not found (66): an empty statement would read as a zero balance.
    public func statement(participant: String, from: String?, to: String?) throws(AppError) -> LedgerStatementView {
        let first = try Self.date(from, option: option("from"))
        let last = try Self.date(to, option: option("to"))
        let account = AccountCode.jht(participant: participant)
        // A KPJ without a JHT account is said as such (the Indonesian text names the likely cause), not only as a
        // code missing from the chart.
        let statement = try call(
            notFound: (field: option("participant"), subject: participant), notFoundKey: "ledger.statement.no-account"
        ) {
            connection throws(LedgerError) in
            _ = try Ledger.balances(.account(account), on: connection)
            return try Ledger.jhtStatement(participant: participant, from: first, to: last, on: connection)
        }
        return LedgerStatementView(
            account: statement.account.rawValue, from: first?.description, to: last?.description,
            openingBalance: statement.openingBalance, contributions: statement.contributions,
            development: statement.development, withdrawals: statement.withdrawals,
            closingBalance: statement.closingBalance,
            lines: statement.lines.map {
                LedgerStatementView.Line(
                    effectiveDate: $0.effectiveDate.description, category: $0.category.rawValue,
                    transactionID: $0.transactionID, amount: $0.amount, balance: $0.balance, memo: $0.memo)
            })
    }

    // MARK: Verification and checkpoints

    /// Reads a checkpoint file (`--since`) and checks its signature, against `publicKey` when given. Done before the
    /// database is read, so a changed file fails first.
    public func readCheckpoint(_ path: String, publicKey: String?) throws(AppError) -> LedgerCheckpointFile {
        let trusted = try publicKey.map { key throws(AppError) in
            try LedgerCheckpoints.readPublicKey(key, option: "--public-key")
        }
        return LedgerCheckpointFile(checkpoint: try LedgerCheckpoints.read(path, trusting: trusted))
    }

    /// Recomputes every lane of the hash chain with `workers` connections (default: the cores) and, with
    /// `since`, checks that the ledger still extends that checkpoint. A ledger that does not verify is a report with
    /// its ``LedgerVerificationView/failure``, not a thrown error: the door prints the report, then the failure.
    public func verify(
        since: LedgerCheckpointFile? = nil, workers: Int? = nil,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(AppError) -> LedgerVerificationView {
        let report = try verifiedReport(since: since?.checkpoint, workers: workers, progress: progress)
        let others =
            report.failedLanes > 1 ? " " + t("ledger.verify.failed-lanes", ["count": .number(report.failedLanes)]) : ""
        return LedgerVerificationView(
            valid: report.isValid, transactions: report.transactions, entries: report.entries,
            totalDebits: report.totalDebits, totalCredits: report.totalCredits,
            firstFailure: report.failure?.description, failedLanes: report.failedLanes,
            heads: report.heads.map {
                LedgerVerificationView.Head(lane: $0.lane, lastPosition: $0.lastPosition, lastHash: $0.lastHash.hex)
            },
            chartPosition: report.chartHead.position, chartHash: report.chartHead.hash.hex,
            failure: report.failure.map { Self.verificationError($0, suffix: others) })
    }

    /// Verifies the ledger, then signs its lanes' and chart's heads with the key at `keyPath` and writes the
    /// checkpoint to `out`. A ledger that does not verify gets no checkpoint (65).
    public func checkpoint(key keyPath: String, out: String, workers: Int? = nil) throws(AppError)
        -> LedgerCheckpointWritten
    {
        let signingKey = try LedgerCheckpoints.readKey(keyPath, option: "--key")
        let report = try verifiedReport(since: nil, workers: workers) { _, _ in }
        if let failure = report.failure {
            throw Self.verificationError(failure, suffix: t("ledger.checkpoint.refused"))
        }
        let checkpoint: LedgerCheckpoint
        do {
            checkpoint = try LedgerCheckpoint.sign(report, key: signingKey)
        } catch {
            throw Faults.appError(error)
        }
        try LedgerCheckpoints.write(checkpoint, to: out)
        return LedgerCheckpointWritten(
            path: out, records: report.heads.reduce(Int64(0)) { $0 + $1.lastPosition }, lanes: report.heads.count,
            chartPosition: report.chartHead.position, takenAt: Self.localTime(checkpoint.takenAt))
    }

    /// Writes a new signing key to `out` (mode 0600) and its public half to `out.pub`. Needs no session: the key
    /// never touches the database.
    public static func keygen(out: String) throws(AppError) -> LedgerSigningKeyWritten {
        let (publicPath, publicHex) = try LedgerCheckpoints.generateKey(at: out)
        return LedgerSigningKeyWritten(path: out, publicPath: publicPath, publicKey: publicHex)
    }

    // MARK: Posting flows

    /// Posts the imported contribution rows the ledger lacks, `chunkRows` rows per committed chunk (1-100000);
    /// `progress` gets (rows read, rows in all) after each chunk.
    public func postContributions(
        recordedBy: String, chunkRows: Int = 5_000, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(AppError) -> LedgerContributions.Summary {
        guard (1...100_000).contains(chunkRows) else {
            throw AppError(
                .usage, field: "--chunk-rows",
                reason: t("ledger.chunk-rows.invalid", ["given": .text(String(chunkRows))]))
        }
        return try call { connection throws(LedgerError) in
            try LedgerContributions.postPending(on: connection, recordedBy: recordedBy, pageSize: chunkRows) {
                progress($0.rowsRead, $0.rowsTotal)
            }
        }
    }

    /// Credits month `month` (`YYYY-MM`, ended in WIB by the session's clock) of JHT and JP development, or of
    /// `program` alone, at the rates of config/. One view per program.
    public func postDevelopment(
        month: String, program: String?, recordedBy: String,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(AppError) -> [LedgerDevelopmentView] {
        guard let credited = YearMonth(iso: month) else {
            throw AppError(.usage, field: "--month", reason: t("ledger.month.invalid", ["given": .text(month)]))
        }
        guard let today = CivilDate(iso: session.clock.now.date.description), credited.lastDay < today else {
            throw AppError(.usage, field: "--month", reason: t("ledger.month.not-ended", ["given": .text(month)]))
        }
        let parameters = try RuleConfig.load(from: session.paths.config)
        let developments: [SavingsDevelopment]
        do {
            switch program?.uppercased() {
            case nil: developments = [try .jht(parameters), try .jp(parameters)]
            case "JHT": developments = [try .jht(parameters)]
            case "JP": developments = [try .jp(parameters)]
            case let other?:
                throw AppError(.usage, field: "--program", reason: t("ledger.program.invalid", ["given": .text(other)]))
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw Faults.appError(error)
        }
        let summaries = try call { connection throws(LedgerError) in
            try LedgerDevelopment.post(developments, month: credited, on: connection, recordedBy: recordedBy) {
                progress($0.done, $0.total)
            }
        }
        return summaries.map {
            LedgerDevelopmentView(
                program: $0.program.rawValue, year: credited.year, month: credited.month, posted: $0.posted,
                accounts: $0.accounts, total: $0.total, rateKey: $0.rate.key, rateBasisPoints: $0.rate.basisPoints,
                rateBasis: $0.rate.basis, rateConfirmed: $0.rate.confirmed)
        }
    }

    // MARK: Helpers

    /// Runs `body` on the session's connection; a ledger refusal becomes the contract's `error:` line
    /// (``Faults/ledger(_:)``), and an unknown account, where `notFound` names what was looked up, exit 66.
    private func call<T>(
        notFound: (field: String, subject: String)? = nil, notFoundKey: String = "ledger.account.not-found",
        _ body: (Connection) throws(LedgerError) -> T
    ) throws(AppError) -> T {
        let connection = try session.database()
        do {
            return try body(connection)
        } catch {
            if error.code == .unknownAccount, let notFound {
                throw AppError(
                    .inputMissing, field: notFound.field,
                    reason: t(notFoundKey, ["given": .text(notFound.subject)]))
            }
            throw Faults.appError(error)
        }
    }
    /// The migrated database's report, verified lane by lane on `workers` connections.
    private func verifiedReport(
        since: LedgerCheckpoint?, workers: Int?, progress: @escaping @Sendable (Int, Int) -> Void
    ) throws(AppError) -> VerificationReport {
        if let workers, workers < 1 {
            throw AppError(
                .usage, field: "--workers", reason: t("ledger.workers.invalid", ["given": .text(String(workers))]))
        }
        // The database is migrated (once) before its lanes are read on connections of their own.
        let connection = try session.database()
        if session.borrowsConnection {
            // The HTTP service's connection runs as the request's role: the lanes are read on it alone, not on
            // connections of the server's own login.
            guard since == nil else {
                throw AppError(
                    .internalError, field: "--since", reason: "a checkpoint is verified on a session of its own")
            }
            do {
                return try Ledger.verify(on: connection) { progress($0, $1) }
            } catch {
                throw Faults.appError(error)
            }
        }
        let count = workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        do {
            return try Ledger.verify(
                conninfo: session.target.conninfo, workers: count, logger: session.logger, since: since,
                progress: progress)
        } catch {
            throw Faults.appError(error)
        }
    }

    /// An ISO date option, or a usage error naming it.
    static func date(_ text: String?, option: String) throws(AppError) -> CivilDate? {
        guard let text else { return nil }
        guard let date = CivilDate(iso: text) else {
            throw AppError(.usage, field: option, reason: DateAnswers.reason(text, else: "ledger.date.invalid"))
        }
        return date
    }

    /// The `error:` line of a failed verification: `entry 1042: lane 3, position 57: …`, or `lane 3, position 57: …`
    /// when the record is the lane itself.
    static func verificationError(_ failure: VerificationFailure, suffix: String) -> AppError {
        if failure.record == "lane \(failure.lane)" {
            return AppError(.invalidData, field: failure.location, reason: failure.reason + suffix)
        }
        return AppError(.invalidData, field: failure.record, reason: "\(failure.location): \(failure.reason)\(suffix)")
    }

    /// The database's UTC time (`2026-12-06T03:30:00Z`) as local time with its offset (`2026-12-06T10:30:00+07:00`,
    /// WIB, where the fund's books are kept: issue 18); text that is not such a time is returned as it is.
    static func localTime(_ utc: String) -> String {
        WIBDateTime(iso: utc)?.description ?? utc
    }
}

/// What `ledger entries` filters by (combined with AND); dates as `YYYY-MM-DD`.
public struct LedgerEntriesQuery: Sendable, Hashable {
    public var participant: String?
    public var claim: String?
    public var batch: String?
    public var account: String?
    public var kind: String?
    public var from: String?
    public var to: String?
    public var limit: Int?

    public init(
        participant: String? = nil, claim: String? = nil, batch: String? = nil, account: String? = nil,
        kind: String? = nil, from: String? = nil, to: String? = nil, limit: Int? = nil
    ) {
        self.participant = participant
        self.claim = claim
        self.batch = batch
        self.account = account
        self.kind = kind
        self.from = from
        self.to = to
        self.limit = limit
    }
}

/// Account balances at a point in time, each on its account's normal side.
public struct LedgerBalancesView: Sendable, Hashable {
    public struct Account: Sendable, Hashable {
        public var account: String
        /// asset, liability, fund, income or expense.
        public var type: String
        public var debits: Int64
        public var credits: Int64
        public var balance: Int64
    }

    /// `YYYY-MM-DD`, nil for all postings.
    public var at: String?
    public var accounts: [Account]
}

/// One ledger entry with its transaction's references.
public struct LedgerEntryView: Sendable, Hashable {
    public var entryID: Int64
    public var transactionID: Int64
    /// `YYYY-MM-DD`.
    public var effectiveDate: String
    public var kind: String
    public var idempotencyKey: String
    public var account: String
    /// `D` or `C`.
    public var side: String
    public var amount: Int64
    public var claimID: String?
    public var batchID: String?
    public var participantNIK: String?
    public var participantKPJ: String?
    public var employerNPP: String?
    public var reverses: Int64?
    public var recordedBy: String
    public var memo: String?
}

/// A trial balance: rows by account class (or by account with `detail`), each net in its debit or credit column.
public struct LedgerTrialBalanceView: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The class prefix (`JHT`), or the account code (`JHT:18012345678`) in the detail.
        public var name: String
        public var type: String
        /// Accounts in the class (1 in the detail).
        public var accounts: Int
        public var debit: Int64
        public var credit: Int64
        /// Accounts whose balance runs against the class's normal side (a JHT account below zero), which the net
        /// hides.
        public var accountsAgainstNormalSide: Int
    }

    public var at: String?
    public var detail: Bool
    public var rows: [Row]
    public var totalDebit: Int64
    public var totalCredit: Int64
    public var isBalanced: Bool { totalDebit == totalCredit }
}

/// A participant's JHT statement.
public struct LedgerStatementView: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var effectiveDate: String
        /// contribution, development, withdrawal, reversal or other.
        public var category: String
        public var transactionID: Int64
        /// Signed: credits to the account positive.
        public var amount: Int64
        public var balance: Int64
        public var memo: String?
    }

    public var account: String
    public var from: String?
    public var to: String?
    public var openingBalance: Int64
    public var contributions: Int64
    public var development: Int64
    /// Positive.
    public var withdrawals: Int64
    public var closingBalance: Int64
    public var lines: [Line]
}

/// A checkpoint file read and its signature checked (`ledger verify --since`).
public struct LedgerCheckpointFile: Sendable {
    let checkpoint: LedgerCheckpoint

    /// When it was taken, in local time with the offset (WIB).
    public var takenAt: String { LedgerUseCases.localTime(checkpoint.takenAt) }
}

/// What `ledger verify` found.
public struct LedgerVerificationView: Sendable {
    public struct Head: Sendable, Hashable {
        public var lane: Int
        public var lastPosition: Int64
        public var lastHash: String
    }

    public var valid: Bool
    public var transactions: Int
    public var entries: Int
    public var totalDebits: Int64
    public var totalCredits: Int64
    public var firstFailure: String?
    public var failedLanes: Int
    public var heads: [Head]
    public var chartPosition: Int64
    public var chartHash: String
    /// The `error:` line of the first bad record (exit 65), nil when the ledger verifies.
    public var failure: AppError?

    /// Lanes holding records.
    public var lanesInUse: Int { heads.filter { $0.lastPosition > 0 }.count }

    /// The one-line report of the demo and the HTTP service (``LedgerVerification``'s text).
    public var text: String {
        LedgerVerification.text(failure: firstFailure, transactions: transactions, entries: entries)
    }
}

/// A checkpoint written by `ledger checkpoint`.
public struct LedgerCheckpointWritten: Sendable, Hashable {
    public var path: String
    /// Records signed, over all lanes.
    public var records: Int64
    public var lanes: Int
    public var chartPosition: Int64
    /// Local time with the offset (WIB).
    public var takenAt: String
}

/// A signing key written by `ledger keygen`.
public struct LedgerSigningKeyWritten: Sendable, Hashable {
    public var path: String
    public var publicPath: String
    /// Hex.
    public var publicKey: String
}

/// One program's development run for a month.
public struct LedgerDevelopmentView: Sendable, Hashable {
    /// JHT or JP.
    public var program: String
    public var year: Int
    public var month: Int
    /// Postings written by this run (the rest had been posted before).
    public var posted: Int
    /// Accounts with a positive balance at the end of the previous month.
    public var accounts: Int
    /// The month's development of those accounts, in rupiah.
    public var total: Int64
    /// The rate's key in config/ (`jht.crediting_rate_bp`), its annual basis points, basis and confirmation.
    public var rateKey: String
    public var rateBasisPoints: Int64
    public var rateBasis: String
    public var rateConfirmed: Bool
}
