import ArgumentParser
import BenefitRules
import Checksum
import Foundation
import Ledger
import Logging
import Postgres
import SantunanApp

#if canImport(Glibc)
    import Glibc
#endif

/// `santunan ledger verify`: recompute the hash chain and the balance invariants.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain and check double entry; exit 65 naming the first bad record.",
        discussion: """
            Every ledger record (transaction header or entry) carries sha256(previous hash ‖ its canonical text),
            computed by the database at insert. This command recomputes each lane of the chain in Swift, checks
            that positions are contiguous, that each lane ends at its recorded head, that every transaction's
            entries balance, and that total debits equal total credits.

            Every lane of the fixed count (16) and every lane found in the data is walked; a lane without a head
            row, a lane outside 0-15, a changed account class (the chart is chained too) or an entry whose account
            is not in the chart is a failure.

            With --since FILE, the ledger must also still extend that signed checkpoint (`ledger checkpoint`): the
            record at each signed position must still be there with the signed hash. This catches what no check
            inside the database can: a lane's tail deleted with its head rewound, or a lane recomputed after an edit.

            Exit status 0 when the ledger verifies; 65 (invalid data: the stored ledger is not what was posted, or
            the checkpoint file was changed) naming the first bad record, e.g.
              error: entry 1042: lane 3, position 57: its hash does not match ...
              error: lane 3, position 57: the checkpoint of 2026-12-06T10:30:00Z signed this position, ...

            Examples:
              santunan ledger verify
              santunan ledger verify --json
              santunan ledger verify --since audit/2026-12-06.checkpoint --public-key audit/ledger.key.pub
            """)

    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "A checkpoint file (`ledger checkpoint`) the ledger must still extend.") var since: String?
    @Option(help: "The public key (`KEY.pub` of `ledger keygen`) that must have signed the --since checkpoint.")
    var publicKey: String?
    @Option(help: "Connections verifying lanes in parallel (default: the number of cores).") var workers: Int?
    @OptionGroup var database: DatabaseOptions

    struct Head: Encodable {
        var lane: Int
        var lastPosition: Int64
        var lastHash: String
    }

    struct Report: Encodable {
        var valid: Bool
        var transactions: Int
        var entries: Int
        var totalDebits: Int64
        var totalCredits: Int64
        var firstFailure: String?
        var failedLanes: Int
        var heads: [Head]
        var chartPosition: Int64
        var chartHash: String
    }

    func run() throws {
        if publicKey != nil && since == nil {
            throw AppError(.usage, field: "--public-key", reason: "checks the signature of a --since checkpoint")
        }
        // The checkpoint's signature first: a tampered file fails before the database is read.
        let checkpoint = try since.map { path throws(AppError) in
            let trusted = try publicKey.map { path throws(AppError) in
                try LedgerCheckpoints.readPublicKey(path, option: "--public-key")
            }
            return try LedgerCheckpoints.read(path, trusting: trusted)
        }
        if checkpoint != nil, publicKey == nil {
            warn(
                "--since: the signature was checked against the key named in the checkpoint itself; "
                    + "pass --public-key KEY.pub to check who signed it")
        }
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.ledger")
        let target = DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
        try target.openMigrated(paths: paths, logger: logger).close()
        let bar = VerifyProgress()
        let started = Date()
        let workers = self.workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        let report = try ledgerCall { () throws(LedgerError) in
            try Ledger.verify(conninfo: target.conninfo, workers: workers, logger: logger, since: checkpoint) {
                done, total in
                bar.update(done: done, total: total)
            }
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        if json {
            try printJSON(
                Report(
                    valid: report.isValid, transactions: report.transactions, entries: report.entries,
                    totalDebits: report.totalDebits, totalCredits: report.totalCredits,
                    firstFailure: report.failure?.description, failedLanes: report.failedLanes,
                    heads: report.heads.map {
                        Head(lane: $0.lane, lastPosition: $0.lastPosition, lastHash: $0.lastHash.hex)
                    }, chartPosition: report.chartHead.position, chartHash: report.chartHead.hash.hex))
        } else if report.isValid {
            say(
                "ledger verified: \(report.transactions) transactions, \(report.entries) entries, "
                    + "debits = credits = \(rupiah(report.totalDebits)), "
                    + "\(report.heads.filter { $0.lastPosition > 0 }.count) chain lanes "
                    + String(format: "(%.1f s)", seconds))
            if let checkpoint {
                say("extends the checkpoint of \(checkpoint.takenAt)")
            }
        }
        if let failure = report.failure {
            let others = report.failedLanes > 1 ? " (\(report.failedLanes) lanes have bad records)" : ""
            throw verificationError(failure, suffix: others)
        }
    }
}

/// The `error:` line of a failed verification: `entry 1042: lane 3, position 57: …`, or `lane 3, position 57: …`
/// when the record is the lane itself.
func verificationError(_ failure: VerificationFailure, suffix: String) -> AppError {
    if failure.record == "lane \(failure.lane)" {
        return AppError(.invalidData, field: failure.location, reason: failure.reason + suffix)
    }
    return AppError(.invalidData, field: failure.record, reason: "\(failure.location): \(failure.reason)\(suffix)")
}

/// A progress bar with count, rate and ETA on a terminal; a log line every 5 seconds otherwise (stderr).
/// Also the bar of `ledger post-contributions` (rows) and `ledger post-development` (accounts).
final class VerifyProgress: @unchecked Sendable {
    let label: String
    let unit: String
    let isTerminal = isatty(2) != 0
    let started = Date()
    // Nothing for the first second: short runs print no bar.
    lazy var lastPrinted = started.addingTimeInterval(isTerminal ? 0.8 : -4)
    var printed = false

    init(label: String = "ledger verify", unit: String = "records") {
        self.label = label
        self.unit = unit
    }

    func update(done: Int, total: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastPrinted) >= (isTerminal ? 0.2 : 5) else { return }
        lastPrinted = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let eta = rate > 0 ? Double(max(0, total - done)) / rate : 0
        let figures = "\(done)/\(total) \(unit), \(Int(rate)) \(unit)/s, ETA \(Int(eta)) s"
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(
                Data("\r\(label) [\(bar)] \(Int(fraction * 100))% \(figures)\u{1B}[K".utf8))
            printed = true
        } else {
            FileHandle.standardError.write(Data("\(label): \(figures)\n".utf8))
        }
    }

    func finish() {
        if printed {
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }
}

/// `santunan ledger post-contributions`: the ledger catches up with imported contributions.
struct LedgerPostContributionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-contributions",
        abstract: "Post imported contribution rows that are not in the ledger yet (due and paid).",
        discussion: """
            Safe to run again: each row's postings have idempotency keys. Run it after `santunan import contributions`.

            Example:
              santunan import contributions sample/contributions.csv && santunan ledger post-contributions --as ani
            """)

    @Option(
        name: .customLong("chunk-rows"),
        help: "Contribution rows per chunk (one database transaction each); default 5000.")
    var chunkRows: Int = 5_000

    @OptionGroup var user: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let actingUser = try user.require()
        guard (1...100_000).contains(chunkRows) else {
            throw AppError(.usage, field: "--chunk-rows", reason: "must be 1 to 100000, is \(chunkRows)")
        }
        let connection = try openLedgerDatabase(database, label: "santunan.ledger")
        defer { connection.close() }
        // A bar on a terminal (rows read of all, rate, ETA), a line every 5 s otherwise. Each page is one
        // committed chunk: killed, the command posts the rest when run again, nothing twice.
        let progress = VerifyProgress(label: "ledger post-contributions", unit: "rows")
        let summary = try ledgerCall { () throws(LedgerError) in
            try LedgerContributions.postPending(on: connection, recordedBy: actingUser, pageSize: chunkRows) {
                summary in
                progress.update(done: summary.rowsRead, total: summary.rowsTotal)
            }
        }
        progress.finish()
        say(
            "contributions posted: \(summary.duePosted) due, \(summary.paidPosted) paid "
                + "(\(summary.rowsRead) rows read)")
    }
}

/// `santunan ledger post-development --month M [--program JHT|JP] --as U`
struct LedgerPostDevelopmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-development",
        abstract: "Credit one month's JHT and JP development to every individual account (at the rates of config/).",
        discussion: """
            Each JHT (JP) account with a positive balance at the end of the previous month is credited
            floor(balance × rate / 120000) against DEVELOPMENT:JHT (DEVELOPMENT:JP), effective on the month's last
            day, at jht.crediting_rate_bp (jp.development_rate_bp) for the month's year; the memo cites the rate and
            its basis, and an unconfirmed rate is printed as a warning. Run the months in order; running a month
            again posts nothing new. A month that has not ended yet (in WIB) is refused.

            Example:
              santunan ledger post-development --month 2024-06 --as ani
              santunan ledger post-development --month 2024-06 --program JP --as ani
            """)

    @Option(help: "The month to credit, YYYY-MM.")
    var month: String

    @Option(help: "JHT or JP; both when omitted.")
    var program: String?

    @OptionGroup var user: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let actingUser = try user.require()
        guard let credited = YearMonth(iso: month) else {
            throw AppError(.usage, field: "--month", reason: "\"\(month)\" is not a month (YYYY-MM)")
        }
        guard let today = CivilDate(iso: LedgerClock.todayInWIB().description), credited.lastDay < today else {
            throw AppError(.usage, field: "--month", reason: "\(month) has not ended yet")
        }
        let parameters = try RuleConfig.load(from: try ProjectPaths.discover().config)
        let developments: [SavingsDevelopment]
        switch program?.uppercased() {
        case nil: developments = [try .jht(parameters), try .jp(parameters)]
        case "JHT": developments = [try .jht(parameters)]
        case "JP": developments = [try .jp(parameters)]
        case let other?:
            throw AppError(.usage, field: "--program", reason: "\"\(other)\" is not JHT or JP")
        }
        let connection = try openLedgerDatabase(database, label: "santunan.ledger")
        defer { connection.close() }
        let progress = VerifyProgress(label: "ledger post-development", unit: "accounts")
        let summaries = try ledgerCall { () throws(LedgerError) in
            try LedgerDevelopment.post(developments, month: credited, on: connection, recordedBy: actingUser) {
                progress.update(done: $0.done, total: $0.total)
            }
        }
        progress.finish()
        for summary in summaries {
            say(
                "\(summary.program.rawValue) development \(credited): \(summary.posted) postings "
                    + "(\(summary.accounts) accounts, \(rupiah(summary.total))) at \(summary.rate.citation)")
            for warning in summary.warnings { warn(warning) }
        }
    }
}

/// `santunan ledger keygen --out KEYFILE`: the Ed25519 key that signs checkpoints, kept outside the database.
struct LedgerKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create the key that signs ledger checkpoints (KEYFILE, mode 0600, and KEYFILE.pub).",
        discussion: """
            Keep KEYFILE where the database's administrators cannot write (an auditor's machine, a removable
            medium); hand KEYFILE.pub to whoever checks checkpoints. An existing file is never overwritten.

            Example:
              santunan ledger keygen --out /media/audit/ledger.key
            """)

    @Option(help: "Where to write the private key; the public key goes to the same path + .pub.") var out: String

    func run() throws {
        let (publicPath, publicHex) = try LedgerCheckpoints.generateKey(at: out)
        say("ledger signing key written to \(out) (mode 0600); public key \(publicHex) in \(publicPath)")
    }
}

/// `santunan ledger checkpoint --key KEYFILE --out FILE`: sign the ends of the verified chains.
struct LedgerCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Verify the ledger, then write its lanes' and chart's heads with the time, signed (Ed25519).",
        discussion: """
            The checkpoint records, for each of the 16 lanes and for the chart of accounts, the last position and
            its hash, with the installation and the server's time, signed with KEYFILE (`ledger keygen`). Keep it
            outside the database; `ledger verify --since FILE --public-key KEYFILE.pub` later proves that the
            ledger still extends it. A ledger that does not verify gets no checkpoint (exit 65).

            Example:
              santunan ledger checkpoint --key /media/audit/ledger.key --out /media/audit/2026-12-06.checkpoint
            """)

    @Option(help: "The signing key written by `ledger keygen`.") var key: String
    @Option(help: "The checkpoint file to write (replaced if it exists).") var out: String
    @Option(help: "Connections verifying lanes in parallel (default: the number of cores).") var workers: Int?
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let signingKey = try LedgerCheckpoints.readKey(key, option: "--key")
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.ledger")
        let target = DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
        try target.openMigrated(paths: paths, logger: logger).close()
        let workers = self.workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        let report = try ledgerCall { () throws(LedgerError) in
            try Ledger.verify(conninfo: target.conninfo, workers: workers, logger: logger)
        }
        if let failure = report.failure {
            throw verificationError(failure, suffix: "; no checkpoint is taken of a ledger that does not verify")
        }
        let checkpoint = try ledgerCall { () throws(LedgerError) in try LedgerCheckpoint.sign(report, key: signingKey) }
        try LedgerCheckpoints.write(checkpoint, to: out)
        let records = report.heads.reduce(Int64(0)) { $0 + $1.lastPosition }
        say(
            "ledger checkpoint written to \(out): \(records) records in \(report.heads.count) lanes, "
                + "chart at \(report.chartHead.position), taken at \(checkpoint.takenAt)")
    }
}
