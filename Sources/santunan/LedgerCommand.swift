import ArgumentParser
import Foundation
import SantunanApp

/// `santunan ledger …`: the auditors' queries and the chain verification (CONTRACT §1).
///
/// Every subcommand parses, builds an ``AppSession``, calls one ``LedgerUseCases`` method and prints its view
/// (issue 17); every text a person reads comes from the catalogs' `ledger.` section (issue 20), and every table is
/// printed through ``OutputOptions`` (issue 18), whose `--json` and `--csv` are the same in every language.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: t("ledger.abstract"),
        discussion: ledgerHelp(
            ["ledger.discussion"],
            examples: [
                "santunan ledger balance --account JHT:18012345678 --at 2024-12-31",
                "santunan ledger entries --claim PMS-2022-0002 --csv",
                "santunan ledger trial-balance --at 2024-12-31",
                "santunan ledger trial-balance --detail --csv --csv-separator ';'",
                "santunan ledger statement --participant 18012345678",
                "santunan ledger verify",
                "santunan ledger keygen --out /media/audit/ledger.key",
                "santunan ledger checkpoint --key audit/ledger.key --out audit/2026-12.checkpoint",
                "santunan ledger verify --since audit/2026-12.checkpoint --public-key audit/ledger.key.pub",
            ]),
        subcommands: [
            LedgerBalanceCommand.self, LedgerEntriesCommand.self, LedgerTrialBalanceCommand.self,
            LedgerStatementCommand.self, LedgerVerifyCommand.self, LedgerPostContributionsCommand.self,
            LedgerPostDevelopmentCommand.self, LedgerKeygenCommand.self, LedgerCheckpointCommand.self,
        ]
    )
}

/// A ledger command's help: its paragraphs (catalog keys, one paragraph each, so the help wraps at words at any
/// width) and its examples (command lines, the same in every language).
func ledgerHelp(_ paragraphs: [String], examples: [String]) -> String {
    let example = t("ledger.examples") + "\n" + examples.map { "  " + $0 }.joined(separator: "\n")
    return (paragraphs.map { t($0) } + [example]).joined(separator: "\n\n")
}

/// The session of a ledger command.
func ledgerSession(_ database: DatabaseOptions) throws -> AppSession {
    try AppSession(label: "santunan.ledger", databaseURL: database.databaseURL)
}

/// Prints `value` as pretty JSON with sorted keys and snake_case keys: the one JSON style (issue 18).
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let data = try encoder.encode(value)
    say(String(decoding: data, as: UTF8.self))
}

extension OutputOptions {
    /// Whether the output is for a program (`--json`, `--csv`) rather than for a person: a command whose table for
    /// people differs (blank zeros, translated words, grouped ids) builds the other one.
    var isMachine: Bool { json || csv }
}

/// A heading of the ledger's tables: machine name and the catalog's `ledger.column.<name>`.
func ledgerColumn(_ name: String) -> OutputTable.Column {
    OutputTable.Column(name: name, title: t("ledger.column.\(name)"))
}

/// An account type (asset, liability, fund, income, expense) as people read it.
func ledgerTypeText(_ type: String) -> String {
    ["asset", "liability", "fund", "income", "expense"].contains(type) ? t("ledger.type.\(type)") : type
}

/// `Balances at 10 Maret 2024` or the text for all postings, from `<key>.at` / `<key>.all`.
func ledgerTitle(_ key: String, at iso: String?) -> String {
    guard let iso, let date = messageDate(iso) else { return t(key + ".all") }
    return t(key + ".at", ["at": date])
}

/// An ISO date as a message argument.
func messageDate(_ iso: String) -> MessageArgument? {
    let parts = iso.split(separator: "-")
    guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
        return nil
    }
    return .date(year: year, month: month, day: day)
}

struct LedgerBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: t("ledger.balance.abstract"),
        discussion: ledgerHelp(
            ["ledger.balance.discussion"],
            examples: [
                "santunan ledger balance",
                "santunan ledger balance --account JHT:18012345678 --at 2022-02-28",
                "santunan ledger balance --account 'JHT:*' --json",
            ]))

    @Option(help: ArgumentHelp(t("ledger.balance.account.help"))) var account: String?
    @Option(help: ArgumentHelp(t("ledger.balance.at.help"))) var at: String?
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let view = try LedgerUseCases(try ledgerSession(database)).balances(account: account, at: at)
        if !output.isMachine { say(ledgerTitle("ledger.balance.title", at: view.at)) }
        try output.print(Self.table(view, human: !output.isMachine))
    }

    static func table(_ view: LedgerBalancesView, human: Bool) -> OutputTable {
        OutputTable(
            columns: ["account", "type", "debits", "credits", "balance"].map(ledgerColumn),
            rows: view.accounts.map {
                [
                    .text($0.account), .text(human ? ledgerTypeText($0.type) : $0.type), .rupiah($0.debits),
                    .rupiah($0.credits), .rupiah($0.balance),
                ]
            })
    }
}

struct LedgerEntriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entries",
        abstract: t("ledger.entries.abstract"),
        discussion: ledgerHelp(
            ["ledger.entries.discussion"],
            examples: [
                "santunan ledger entries --participant 18012345678 --from 2022-01-01",
                "santunan ledger entries --claim PMS-2022-0002 --json",
                "santunan ledger entries --batch B-2024-0001 --csv",
                "santunan ledger entries --account BANK --kind payout.paid --limit 50",
            ]))

    @Option(help: ArgumentHelp(t("ledger.entries.participant.help"))) var participant: String?
    @Option(help: ArgumentHelp(t("ledger.entries.claim.help"))) var claim: String?
    @Option(help: ArgumentHelp(t("ledger.entries.batch.help"))) var batch: String?
    @Option(help: ArgumentHelp(t("ledger.entries.account.help"))) var account: String?
    @Option(help: ArgumentHelp(t("ledger.entries.kind.help"))) var kind: String?
    @Option(help: ArgumentHelp(t("ledger.from.help"))) var from: String?
    @Option(help: ArgumentHelp(t("ledger.to.help"))) var to: String?
    @Option(help: ArgumentHelp(t("ledger.entries.limit.help"))) var limit: Int?
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let query = LedgerEntriesQuery(
            participant: participant, claim: claim, batch: batch, account: account, kind: kind, from: from, to: to,
            limit: limit)
        let entries = try LedgerUseCases(try ledgerSession(database)).entries(query)
        if output.isMachine {
            try output.print(Self.machineTable(entries))
        } else {
            try output.print(Self.humanTable(entries))
            say(t("ledger.entries.count", ["count": .number(entries.count)]))
        }
    }

    /// Every field of each entry (JSON and CSV).
    static func machineTable(_ entries: [LedgerEntryView]) -> OutputTable {
        let names = [
            "entry_id", "transaction_id", "effective_date", "kind", "account", "side", "amount", "claim_id", "batch_id",
            "participant_nik", "participant_kpj", "employer_npp", "reverses", "idempotency_key", "recorded_by", "memo",
        ]
        func optional(_ text: String?) -> OutputTable.Cell { text.map { .text($0) } ?? .null }
        return OutputTable(
            columns: names.map { OutputTable.Column(name: $0, title: $0) },
            rows: entries.map {
                [
                    .number($0.entryID), .number($0.transactionID), .date($0.effectiveDate), .text($0.kind),
                    .text($0.account), .text($0.side), .rupiah($0.amount), optional($0.claimID), optional($0.batchID),
                    optional($0.participantNIK), optional($0.participantKPJ), optional($0.employerNPP),
                    $0.reverses.map { .number($0) } ?? .null, .text($0.idempotencyKey), .text($0.recordedBy),
                    optional($0.memo),
                ]
            })
    }

    /// The entries as an auditor reads them: debit and credit columns.
    static func humanTable(_ entries: [LedgerEntryView]) -> OutputTable {
        OutputTable(
            columns: ["entry", "txn", "date", "kind", "account", "debit", "credit", "memo"].map(ledgerColumn),
            rows: entries.map {
                [
                    .text(String($0.entryID)), .text(String($0.transactionID)), .date($0.effectiveDate),
                    .text($0.kind), .text($0.account), $0.side == "D" ? .rupiah($0.amount) : .null,
                    $0.side == "C" ? .rupiah($0.amount) : .null, .text($0.memo ?? ""),
                ]
            })
    }
}

struct LedgerTrialBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial-balance",
        abstract: t("ledger.trial-balance.abstract"),
        discussion: ledgerHelp(
            ["ledger.trial-balance.discussion"],
            examples: [
                "santunan ledger trial-balance --at 2024-12-31",
                "santunan ledger trial-balance --at 2024-12-31 --detail --csv",
                "santunan ledger trial-balance --json",
            ]))

    @Option(help: ArgumentHelp(t("ledger.trial-balance.at.help"))) var at: String?
    @Flag(help: ArgumentHelp(t("ledger.trial-balance.detail.help"))) var detail = false
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let view = try LedgerUseCases(try ledgerSession(database)).trialBalance(at: at, detail: detail)
        if output.isMachine {
            try output.print(Self.table(view, human: false))
        } else {
            say(
                ledgerTitle(
                    detail ? "ledger.trial-balance.title.detail" : "ledger.trial-balance.title.class", at: view.at))
            try output.print(Self.table(view, human: true))
            say(t(view.isBalanced ? "ledger.trial-balance.balanced" : "ledger.trial-balance.not-balanced"))
        }
        if !view.isBalanced {
            throw AppError(.invalidData, field: "ledger", reason: t("ledger.trial-balance.unbalanced"))
        }
    }

    /// By class: class, type, accounts, debit, credit, accounts against the normal side; in the detail: account,
    /// debit, credit. The last row holds the totals. For people, a zero column is blank.
    static func table(_ view: LedgerTrialBalanceView, human: Bool) -> OutputTable {
        func amount(_ value: Int64) -> OutputTable.Cell { human && value == 0 ? .null : .rupiah(value) }
        func count(_ value: Int, blankZero: Bool) -> OutputTable.Cell {
            human && blankZero && value == 0 ? .null : .number(Int64(value))
        }
        let total = human ? t("ledger.trial-balance.total") : "TOTAL"
        if view.detail {
            return OutputTable(
                columns: ["account", "debit", "credit"].map(ledgerColumn),
                rows: view.rows.map { [.text($0.name), amount($0.debit), amount($0.credit)] }
                    + [[.text(total), .rupiah(view.totalDebit), .rupiah(view.totalCredit)]])
        }
        return OutputTable(
            columns: ["class", "type", "accounts", "debit", "credit", "accounts_against_normal_side"].map(ledgerColumn),
            rows: view.rows.map {
                [
                    .text($0.name), .text(human ? ledgerTypeText($0.type) : $0.type),
                    count($0.accounts, blankZero: false), amount($0.debit), amount($0.credit),
                    count($0.accountsAgainstNormalSide, blankZero: true),
                ]
            } + [[.text(total), .null, .null, .rupiah(view.totalDebit), .rupiah(view.totalCredit), .null]])
    }
}

struct LedgerStatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: t("ledger.statement.abstract"),
        discussion: ledgerHelp(
            ["ledger.statement.discussion"],
            examples: [
                "santunan ledger statement --participant 18012345678",
                "santunan ledger statement --participant 18012345678 --from 2021-01-01 --json",
            ]))

    @Option(help: ArgumentHelp(t("ledger.statement.participant.help"))) var participant: String
    @Option(help: ArgumentHelp(t("ledger.from.help"))) var from: String?
    @Option(help: ArgumentHelp(t("ledger.to.help"))) var to: String?
    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let statement = try LedgerUseCases(try ledgerSession(database)).statement(
            participant: participant, from: from, to: to)
        if output.isMachine {
            try output.print(Self.machineTable(statement))
        } else {
            say(Self.page(statement))
        }
    }

    /// The lines, the first being the opening balance (so JSON and CSV carry the whole statement).
    static func machineTable(_ statement: LedgerStatementView) -> OutputTable {
        let names = ["effective_date", "category", "transaction_id", "amount", "balance", "memo"]
        let opening: [OutputTable.Cell] = [
            statement.from.map { .date($0) } ?? .null, .text("opening"), .null, .null,
            .rupiah(statement.openingBalance), .null,
        ]
        return OutputTable(
            columns: names.map { OutputTable.Column(name: $0, title: $0) },
            rows: [opening]
                + statement.lines.map {
                    [
                        .date($0.effectiveDate), .text($0.category), .number($0.transactionID), .rupiah($0.amount),
                        .rupiah($0.balance), $0.memo.map { .text($0) } ?? .null,
                    ]
                })
    }

    /// The statement as a participant or an auditor reads it: the period, the opening balance, the movements, the
    /// totals by category and the closing balance.
    static func page(_ statement: LedgerStatementView) -> String {
        let from = statement.from.map(HumanDate.text) ?? t("ledger.statement.start")
        let to = statement.to.map(HumanDate.text) ?? t("ledger.statement.today")
        let labels = ["opening", "contributions", "development", "withdrawals", "closing"].map {
            t("ledger.statement.\($0)")
        }
        let width = labels.map(\.count).max() ?? 0
        func line(_ index: Int, _ amount: Int64) -> String {
            labels[index] + String(repeating: " ", count: width - labels[index].count + 2) + Texts.format.rupiah(amount)
        }
        let table = OutputTable(
            columns: ["date", "movement", "txn", "amount", "balance"].map(ledgerColumn),
            rows: statement.lines.map {
                [
                    .date($0.effectiveDate), .text(t("ledger.category.\($0.category)")),
                    .text(String($0.transactionID)), .rupiah($0.amount), .rupiah($0.balance),
                ]
            })
        return [
            t("ledger.statement.title", ["account": .text(statement.account), "from": .text(from), "to": .text(to)]),
            line(0, statement.openingBalance),
            TextTable.render(header: table.columns.map(\.title), rows: table.rows.map { $0.map(\.human) }),
            line(1, statement.contributions), line(2, statement.development), line(3, statement.withdrawals),
            line(4, statement.closingBalance),
        ].joined(separator: "\n")
    }
}
