import ArgumentParser
import Foundation
import SantunanApp

#if canImport(Glibc)
    import Glibc
#endif

/// `santunan ledger verify`: recompute the hash chain and the balance invariants.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: t("ledger.verify.abstract"),
        discussion: ledgerHelp(
            [
                "ledger.verify.discussion.chain", "ledger.verify.discussion.lanes", "ledger.verify.discussion.since",
                "ledger.verify.discussion.exit",
            ],
            examples: [
                "santunan ledger verify",
                "santunan ledger verify --json",
                "santunan ledger verify --since audit/2026-12.checkpoint --public-key audit/ledger.key.pub",
            ]))

    @Flag(help: ArgumentHelp(t("ledger.verify.json.help"))) var json = false
    @Option(help: ArgumentHelp(t("ledger.verify.since.help"))) var since: String?
    @Option(help: ArgumentHelp(t("ledger.verify.public-key.help"))) var publicKey: String?
    @Option(help: ArgumentHelp(t("ledger.workers.help"))) var workers: Int?
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
            throw AppError(.usage, field: "--public-key", reason: t("ledger.verify.public-key-needs-since"))
        }
        let ledger = LedgerUseCases(try ledgerSession(database))
        // The checkpoint's signature first: a tampered file fails before the database is read.
        let checkpoint = try since.map { path throws(AppError) in try ledger.readCheckpoint(path, publicKey: publicKey)
        }
        if checkpoint != nil, publicKey == nil {
            warn(t("ledger.verify.signer-unchecked"))
        }
        let bar = LedgerProgressBar(label: "ledger verify", unit: t("ledger.progress.records"))
        let started = Date()
        let report = try ledger.verify(since: checkpoint, workers: workers) { done, total in
            bar.update(done: done, total: total)
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        if json {
            try printJSON(
                Report(
                    valid: report.valid, transactions: report.transactions, entries: report.entries,
                    totalDebits: report.totalDebits, totalCredits: report.totalCredits,
                    firstFailure: report.firstFailure, failedLanes: report.failedLanes,
                    heads: report.heads.map {
                        Head(lane: $0.lane, lastPosition: $0.lastPosition, lastHash: $0.lastHash)
                    },
                    chartPosition: report.chartPosition, chartHash: report.chartHash))
        } else if report.valid {
            say(
                t(
                    "ledger.verify.done",
                    [
                        "transactions": .number(report.transactions), "entries": .number(report.entries),
                        "total": .rupiah(report.totalDebits), "lanes": .number(report.lanesInUse),
                        "seconds": .text(tenths(seconds)),
                    ]))
            if let checkpoint {
                say(t("ledger.verify.extends", ["taken": .text(checkpoint.takenAt)]))
            }
        }
        if let failure = report.failure {
            throw failure
        }
    }
}

/// Seconds to one decimal in the chosen language: `1.5` (en), `1,5` (id).
func tenths(_ seconds: Double) -> String {
    let tenths = Int((max(0, seconds) * 10).rounded())
    let mark = Texts.language == .indonesian ? "," : "."
    return "\(tenths / 10)\(mark)\(tenths % 10)"
}

/// A progress bar with count, rate and ETA on a terminal; a line every 5 seconds otherwise (stderr). The bar of
/// `ledger verify` (records), `ledger post-contributions` (rows) and `ledger post-development` (accounts).
final class LedgerProgressBar: @unchecked Sendable {
    /// The command's name (the same in every language).
    let label: String
    /// What is counted, in the chosen language.
    let unit: String
    let isTerminal = isatty(2) != 0
    let started = Date()
    // Nothing for the first second: short runs print no bar.
    lazy var lastPrinted = started.addingTimeInterval(isTerminal ? 0.8 : -4)
    var printed = false

    init(label: String, unit: String) {
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
        let figures = t(
            "ledger.progress.figures",
            [
                "done": .number(done), "total": .number(total), "unit": .text(unit), "rate": .number(Int(rate)),
                "eta": .number(Int(eta)),
            ])
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
        abstract: t("ledger.post-contributions.abstract"),
        discussion: ledgerHelp(
            ["ledger.post-contributions.discussion"],
            examples: [
                "santunan import contributions sample/contributions.csv",
                "santunan ledger post-contributions --as ani",
            ]))

    @Option(name: .customLong("chunk-rows"), help: ArgumentHelp(t("ledger.post-contributions.chunk-rows.help")))
    var chunkRows: Int = 5_000

    @OptionGroup var user: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let actingUser = try user.require()
        let ledger = LedgerUseCases(try ledgerSession(database))
        // A bar on a terminal (rows read of all, rate, ETA), a line every 5 s otherwise. Each page is one
        // committed chunk: killed, the command posts the rest when run again, nothing twice.
        let progress = LedgerProgressBar(label: "ledger post-contributions", unit: t("ledger.progress.rows"))
        let summary = try ledger.postContributions(recordedBy: actingUser, chunkRows: chunkRows) { done, total in
            progress.update(done: done, total: total)
        }
        progress.finish()
        say(
            t(
                "ledger.post-contributions.done",
                [
                    "due": .number(summary.duePosted), "paid": .number(summary.paidPosted),
                    "rows": .number(summary.rowsRead),
                ]))
    }
}

/// `santunan ledger post-development --month M [--program JHT|JP] --as U`
struct LedgerPostDevelopmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-development",
        abstract: t("ledger.post-development.abstract"),
        discussion: ledgerHelp(
            ["ledger.post-development.discussion"],
            examples: [
                "santunan ledger post-development --month 2024-06 --as ani",
                "santunan ledger post-development --month 2024-06 --program JP --as ani",
            ]))

    @Option(help: ArgumentHelp(t("ledger.post-development.month.help"))) var month: String
    @Option(help: ArgumentHelp(t("ledger.post-development.program.help"))) var program: String?
    @OptionGroup var user: ActingUserOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let actingUser = try user.require()
        let ledger = LedgerUseCases(try ledgerSession(database))
        let progress = LedgerProgressBar(label: "ledger post-development", unit: t("ledger.progress.accounts"))
        let runs = try ledger.postDevelopment(month: month, program: program, recordedBy: actingUser) { done, total in
            progress.update(done: done, total: total)
        }
        progress.finish()
        for run in runs {
            // The rate as the rules cite it (`6,47 %`, the contract's form) in both languages.
            let rate: [String: MessageArgument] = [
                "key": .text(run.rateKey),
                "rate": .text(LocaleFormat(.indonesian).percent(basisPoints: run.rateBasisPoints)),
                "basis": .text(run.rateBasis),
            ]
            let citation = t(
                run.rateConfirmed ? "ledger.development.rate" : "ledger.development.rate-unconfirmed", rate)
            say(
                t(
                    "ledger.post-development.done",
                    [
                        "program": .text(run.program), "month": .month(year: run.year, month: run.month),
                        "posted": .number(run.posted), "accounts": .number(run.accounts), "total": .rupiah(run.total),
                        "rate": .text(citation),
                    ]))
            if !run.rateConfirmed && run.total > 0 {
                warn(t("ledger.development.unconfirmed", ["key": .text(run.rateKey)]))
            }
        }
    }
}

/// `santunan ledger keygen --out KEYFILE`: the Ed25519 key that signs checkpoints, kept outside the database.
struct LedgerKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: t("ledger.keygen.abstract"),
        discussion: ledgerHelp(
            ["ledger.keygen.discussion"], examples: ["santunan ledger keygen --out /media/audit/ledger.key"]))

    @Option(help: ArgumentHelp(t("ledger.keygen.out.help"))) var out: String

    func run() throws {
        let key = try LedgerUseCases.keygen(out: out)
        say(
            t(
                "ledger.keygen.done",
                ["path": .text(key.path), "key": .text(key.publicKey), "public": .text(key.publicPath)]))
    }
}

/// `santunan ledger checkpoint --key KEYFILE --out FILE`: sign the ends of the verified chains.
struct LedgerCheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: t("ledger.checkpoint.abstract"),
        discussion: ledgerHelp(
            ["ledger.checkpoint.discussion"],
            examples: [
                "santunan ledger checkpoint --key audit/ledger.key --out audit/2026-12.checkpoint"
            ]))

    @Option(help: ArgumentHelp(t("ledger.checkpoint.key.help"))) var key: String
    @Option(help: ArgumentHelp(t("ledger.checkpoint.out.help"))) var out: String
    @Option(help: ArgumentHelp(t("ledger.workers.help"))) var workers: Int?
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let written = try LedgerUseCases(try ledgerSession(database)).checkpoint(key: key, out: out, workers: workers)
        say(
            t(
                "ledger.checkpoint.done",
                [
                    "path": .text(written.path), "records": .number(Int(written.records)),
                    "lanes": .number(written.lanes),
                    "chart": .number(Int(written.chartPosition)), "taken": .text(written.takenAt),
                ]))
    }
}
