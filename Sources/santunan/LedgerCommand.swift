import ArgumentParser
import BenefitRules
import Foundation
import Ledger
import Logging
import Postgres
import SantunanApp

/// `santunan ledger …`: the auditors' queries and the chain verification (CONTRACT §1).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Query and verify the auditors' ledger.",
        discussion: """
            The ledger is append-only, double-entry and hash-chained (docs/decisions/0006-ledger.md). Accounts:
            BANK, RECEIVABLE:<NPP>, FUND:JKK, FUND:JKM, JHT:<KPJ>, JP:<KPJ>, DEVELOPMENT:JHT|JP, PAYABLE:<claim>,
            CLEARING:<batch>, DJS:UNCLAIMED.

            Examples:
              santunan ledger balance --account JHT:18012345678 --at 2024-12-31
              santunan ledger entries --claim PMS-2022-0002 --csv
              santunan ledger trial-balance --at 2024-12-31
              santunan ledger trial-balance --at 2024-12-31 --detail --csv
              santunan ledger statement --participant 18012345678
              santunan ledger verify
              santunan ledger keygen --out /media/audit/ledger.key
              santunan ledger checkpoint --key /media/audit/ledger.key --out /media/audit/2026-12-06.checkpoint
              santunan ledger verify --since /media/audit/2026-12-06.checkpoint --public-key /media/audit/ledger.key.pub
            """,
        subcommands: [
            LedgerBalanceCommand.self, LedgerEntriesCommand.self, LedgerTrialBalanceCommand.self,
            LedgerStatementCommand.self, LedgerVerifyCommand.self, LedgerPostContributionsCommand.self,
            LedgerPostDevelopmentCommand.self, LedgerKeygenCommand.self, LedgerCheckpointCommand.self,
        ]
    )
}

/// `--json` / `--csv` for the ledger's tables.
struct LedgerOutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON document (amounts as integer rupiah).")
    var json = false

    @Flag(help: "Print the table as CSV (amounts as integer rupiah).")
    var csv = false

    func validate() throws {
        if json && csv {
            throw ValidationError("--json and --csv exclude each other")
        }
    }
}

/// Opens the migrated database of a ledger command.
func openLedgerDatabase(_ options: DatabaseOptions, label: String) throws -> Connection {
    let paths = try ProjectPaths.discover()
    let logger = Logger(label: label)
    return try DatabaseTarget.resolve(explicitURL: options.databaseURL, paths: paths, logger: logger)
        .openMigrated(paths: paths, logger: logger)
}

/// Parses an ISO date option, or a usage error naming it.
func ledgerDate(_ text: String?, option: String) throws -> LedgerDate? {
    guard let text else { return nil }
    guard let date = LedgerDate(iso: text) else {
        throw AppError(.usage, field: option, reason: "\"\(text)\" is not a date (YYYY-MM-DD)")
    }
    return date
}

/// Runs a ledger call, turning its errors into the contract's exit statuses (the mapping is SantunanApp's, shared
/// with the service's ledger routes).
func ledgerCall<T>(_ body: () throws(LedgerError) -> T) throws -> T {
    try AppError.ledger(body)
}

/// Prints `value` as pretty JSON with sorted keys.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let data = try encoder.encode(value)
    say(String(decoding: data, as: UTF8.self))
}

/// Prints a table as CSV.
func printCSV(header: [String], rows: [[String]]) {
    say(header.map(CSV.field).joined(separator: ","))
    for row in rows {
        say(row.map(CSV.field).joined(separator: ","))
    }
}

/// `Rp 42.000.000`.
func rupiah(_ amount: Int64) -> String { Rupiah.format(amount) }

struct LedgerBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Account balances at a point in time (postings effective on or before --at).",
        discussion: """
            The balance is on the account's normal side: debits − credits for BANK, RECEIVABLE and DEVELOPMENT,
            credits − debits for funds, JHT/JP accounts, PAYABLE, CLEARING and DJS. `--account PREFIX:*` selects a
            whole class (e.g. every participant's JHT account).

            Examples:
              santunan ledger balance
              santunan ledger balance --account JHT:18012345678 --at 2022-02-28
              santunan ledger balance --account 'JHT:*' --json
            """)

    @Option(help: "One account (e.g. BANK, JHT:18012345678) or a class (JHT:*); default all.")
    var account: String?

    @Option(help: "Point in time (YYYY-MM-DD): postings effective on or before it; default all.")
    var at: String?

    @OptionGroup var output: LedgerOutputOptions
    @OptionGroup var database: DatabaseOptions

    struct Row: Encodable {
        var account: String
        var type: String
        var debits: Int64
        var credits: Int64
        var balance: Int64
    }

    func run() throws {
        let at = try ledgerDate(at, option: "--at")
        let connection = try openLedgerDatabase(database, label: "santunan.ledger")
        defer { connection.close() }
        let balances = try ledgerCall { () throws(LedgerError) in
            try Ledger.balances(AccountSelector(account), at: at, on: connection)
        }
        let rows = balances.map {
            Row(
                account: $0.account.rawValue, type: $0.type.rawValue, debits: $0.debits, credits: $0.credits,
                balance: $0.balance)
        }
        if output.json {
            struct Document: Encodable {
                var at: String?
                var accounts: [Row]
            }
            try printJSON(Document(at: at?.description, accounts: rows))
        } else if output.csv {
            printCSV(
                header: ["account", "type", "debits", "credits", "balance"],
                rows: rows.map { [$0.account, $0.type, "\($0.debits)", "\($0.credits)", "\($0.balance)"] })
        } else {
            say("Balances \(at.map { "at \($0)" } ?? "(all postings)")")
            say(
                TextTable.render(
                    header: ["account", "type", "debits", "credits", "balance"],
                    rows: rows.map {
                        [$0.account, $0.type, rupiah($0.debits), rupiah($0.credits), rupiah($0.balance)]
                    }))
        }
    }
}

struct LedgerEntriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entries",
        abstract: "Ledger entries filtered by participant, claim, batch, account, kind and date range.",
        discussion: """
            Filters combine with AND. --participant matches a NIK or KPJ named on a posting and the participant's
            JHT/JP accounts; --claim and --batch match the postings naming them and their PAYABLE / CLEARING accounts.

            Examples:
              santunan ledger entries --participant 18012345678 --from 2022-01-01 --to 2022-12-31
              santunan ledger entries --claim PMS-2022-0002 --json
              santunan ledger entries --batch B-2024-0001 --csv
              santunan ledger entries --account BANK --kind payout.paid --limit 50
            """)

    @Option(help: "NIK or KPJ.") var participant: String?
    @Option(help: "Claim id (case id).") var claim: String?
    @Option(help: "Payout batch id.") var batch: String?
    @Option(help: "Account code.") var account: String?
    @Option(help: "Posting kind (contribution.due, contribution.paid, development.credited, claim.approved, ...).")
    var kind: String?
    @Option(help: "First effective date (YYYY-MM-DD).") var from: String?
    @Option(help: "Last effective date (YYYY-MM-DD).") var to: String?
    @Option(help: "At most this many entries.") var limit: Int?

    @OptionGroup var output: LedgerOutputOptions
    @OptionGroup var database: DatabaseOptions

    struct Row: Encodable {
        var entryID: Int64
        var transactionID: Int64
        var effectiveDate: String
        var kind: String
        var idempotencyKey: String
        var account: String
        var side: String
        var amount: Int64
        var claimID: String?
        var batchID: String?
        var participantNIK: String?
        var participantKPJ: String?
        var employerNPP: String?
        var reverses: Int64?
        var recordedBy: String
        var memo: String?

        var csvCells: [String] {
            let ids = ["\(entryID)", "\(transactionID)", effectiveDate, kind, account, side, "\(amount)"]
            let references: [String] = [claimID ?? "", batchID ?? "", participantKPJ ?? "", idempotencyKey]
            return ids + references
        }

        var tableCells: [String] {
            let debit = side == "D" ? rupiah(amount) : ""
            let credit = side == "C" ? rupiah(amount) : ""
            return ["\(entryID)", "\(transactionID)", effectiveDate, kind, account, debit, credit, memo ?? ""]
        }
    }

    func run() throws {
        var filter = EntryFilter(participant: participant, claimID: claim, batchID: batch, limit: limit)
        filter.account = account.map { AccountCode($0) }
        filter.kind = kind.map { PostingKind($0) }
        filter.from = try ledgerDate(from, option: "--from")
        filter.to = try ledgerDate(to, option: "--to")
        let connection = try openLedgerDatabase(database, label: "santunan.ledger")
        defer { connection.close() }
        let lines = try ledgerCall { () throws(LedgerError) in try Ledger.entries(matching: filter, on: connection) }
        let rows = lines.map {
            Row(
                entryID: $0.entryID, transactionID: $0.transactionID, effectiveDate: $0.effectiveDate.description,
                kind: $0.kind.rawValue, idempotencyKey: $0.idempotencyKey, account: $0.account.rawValue,
                side: $0.side.rawValue, amount: $0.amount, claimID: $0.references.claimID,
                batchID: $0.references.batchID, participantNIK: $0.references.participantNIK,
                participantKPJ: $0.references.participantKPJ, employerNPP: $0.references.employerNPP,
                reverses: $0.reversesTransactionID, recordedBy: $0.recordedBy, memo: $0.memo)
        }
        if output.json {
            try printJSON(rows)
        } else if output.csv {
            printCSV(
                header: [
                    "entry_id", "transaction_id", "effective_date", "kind", "account", "side", "amount", "claim_id",
                    "batch_id", "participant_kpj", "idempotency_key",
                ],
                rows: rows.map(\.csvCells))
        } else {
            say(
                TextTable.render(
                    header: ["entry", "txn", "date", "kind", "account", "debit", "credit", "memo"],
                    rows: rows.map(\.tableCells)))
            say("\(rows.count) entries")
        }
    }
}

struct LedgerTrialBalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial-balance",
        abstract: "The trial balance: each account class's net in a debit or credit column; the totals are equal.",
        discussion: """
            By default one line per account class (BANK, RECEIVABLE, FUND, JHT, JP, DEVELOPMENT, PAYABLE, CLEARING,
            DJS): the net of its accounts, as a summarised trial balance shows a control account, the number of
            accounts, and how many of them run against the class's normal side (e.g. a JHT account below zero), which
            the net would hide. --detail lists every account instead (one per participant, employer, claim, batch).
            Both are read from the monthly snapshots (docs/decisions/0015-ledger-snapshots.md).

            Examples:
              santunan ledger trial-balance --at 2024-12-31
              santunan ledger trial-balance --at 2024-12-31 --detail --csv
              santunan ledger trial-balance --json
            """)

    @Option(help: "Point in time (YYYY-MM-DD); default all postings.") var at: String?
    @Flag(help: "One line per account instead of per account class.") var detail = false
    @OptionGroup var output: LedgerOutputOptions
    @OptionGroup var database: DatabaseOptions

    struct Row: Encodable {
        var account: String
        var debit: Int64
        var credit: Int64
    }

    struct ClassRow: Encodable {
        var accountClass: String
        var type: String
        var accounts: Int
        var debit: Int64
        var credit: Int64
        var accountsAgainstNormalSide: Int
    }

    func run() throws {
        let at = try ledgerDate(at, option: "--at")
        let connection = try openLedgerDatabase(database, label: "santunan.ledger")
        defer { connection.close() }
        let balanced: Bool
        if detail {
            let trial = try ledgerCall { () throws(LedgerError) in try Ledger.trialBalance(at: at, on: connection) }
            try printDetail(trial, at: at)
            balanced = trial.isBalanced
        } else {
            let trial = try ledgerCall { () throws(LedgerError) in
                try Ledger.trialBalanceByClass(at: at, on: connection)
            }
            try printClasses(trial, at: at)
            balanced = trial.isBalanced
        }
        if !balanced {
            throw AppError(.invalidData, field: "ledger", reason: "the trial balance does not balance")
        }
    }

    private func printClasses(_ trial: ClassTrialBalance, at: LedgerDate?) throws {
        let rows = trial.classes.map {
            ClassRow(
                accountClass: $0.prefix, type: $0.type.rawValue, accounts: $0.accounts, debit: $0.trialColumns.debit,
                credit: $0.trialColumns.credit, accountsAgainstNormalSide: $0.accountsAgainstNormalSide)
        }
        if output.json {
            struct Document: Encodable {
                var at: String?
                var classes: [ClassRow]
                var totalDebit: Int64
                var totalCredit: Int64
                var balanced: Bool
            }
            try printJSON(
                Document(
                    at: at?.description, classes: rows, totalDebit: trial.totalDebit, totalCredit: trial.totalCredit,
                    balanced: trial.isBalanced))
        } else if output.csv {
            printCSV(
                header: ["class", "type", "accounts", "debit", "credit", "accounts_against_normal_side"],
                rows: rows.map {
                    [
                        $0.accountClass, $0.type, "\($0.accounts)", "\($0.debit)", "\($0.credit)",
                        "\($0.accountsAgainstNormalSide)",
                    ]
                } + [["TOTAL", "", "", "\(trial.totalDebit)", "\(trial.totalCredit)", ""]])
        } else {
            say("Trial balance by account class \(at.map { "at \($0)" } ?? "(all postings)")")
            say(
                TextTable.render(
                    header: ["class", "type", "accounts", "debit", "credit", "against normal side"],
                    rows: rows.map {
                        [
                            $0.accountClass, $0.type, "\($0.accounts)", $0.debit == 0 ? "" : rupiah($0.debit),
                            $0.credit == 0 ? "" : rupiah($0.credit),
                            $0.accountsAgainstNormalSide == 0 ? "" : "\($0.accountsAgainstNormalSide)",
                        ]
                    }
                        + [["TOTAL", "", "", rupiah(trial.totalDebit), rupiah(trial.totalCredit), ""]]))
            say(trial.isBalanced ? "balanced" : "NOT BALANCED")
        }
    }

    private func printDetail(_ trial: TrialBalance, at: LedgerDate?) throws {
        let rows = trial.accounts.map {
            Row(account: $0.account.rawValue, debit: $0.trialColumns.debit, credit: $0.trialColumns.credit)
        }
        if output.json {
            struct Document: Encodable {
                var at: String?
                var accounts: [Row]
                var totalDebit: Int64
                var totalCredit: Int64
                var balanced: Bool
            }
            try printJSON(
                Document(
                    at: at?.description, accounts: rows, totalDebit: trial.totalDebit,
                    totalCredit: trial.totalCredit, balanced: trial.isBalanced))
        } else if output.csv {
            printCSV(
                header: ["account", "debit", "credit"],
                rows: rows.map { [$0.account, "\($0.debit)", "\($0.credit)"] }
                    + [["TOTAL", "\(trial.totalDebit)", "\(trial.totalCredit)"]])
        } else {
            say("Trial balance \(at.map { "at \($0)" } ?? "(all postings)")")
            say(
                TextTable.render(
                    header: ["account", "debit", "credit"],
                    rows: rows.map {
                        [$0.account, $0.debit == 0 ? "" : rupiah($0.debit), $0.credit == 0 ? "" : rupiah($0.credit)]
                    }
                        + [["TOTAL", rupiah(trial.totalDebit), rupiah(trial.totalCredit)]]))
            say(trial.isBalanced ? "balanced" : "NOT BALANCED")
        }
    }
}

struct LedgerStatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "A participant's JHT statement: contributions, development, withdrawals and the balance.",
        discussion: """
            Examples:
              santunan ledger statement --participant 18012345678
              santunan ledger statement --participant 18012345678 --from 2021-01-01 --to 2021-12-31 --json
            """)

    @Option(help: "The KPJ (or NIK) of the JHT account.") var participant: String
    @Option(help: "First effective date (YYYY-MM-DD).") var from: String?
    @Option(help: "Last effective date (YYYY-MM-DD).") var to: String?
    @OptionGroup var output: LedgerOutputOptions
    @OptionGroup var database: DatabaseOptions

    struct Line: Encodable {
        var effectiveDate: String
        var category: String
        var transactionID: Int64
        var amount: Int64
        var balance: Int64
        var memo: String?
    }

    func run() throws {
        let from = try ledgerDate(from, option: "--from")
        let to = try ledgerDate(to, option: "--to")
        let connection = try openLedgerDatabase(database, label: "santunan.ledger")
        defer { connection.close() }
        let statement = try ledgerCall { () throws(LedgerError) in
            try Ledger.jhtStatement(participant: participant, from: from, to: to, on: connection)
        }
        let lines = statement.lines.map {
            Line(
                effectiveDate: $0.effectiveDate.description, category: $0.category.rawValue,
                transactionID: $0.transactionID, amount: $0.amount, balance: $0.balance, memo: $0.memo)
        }
        if output.json {
            struct Document: Encodable {
                var account: String
                var from: String?
                var to: String?
                var openingBalance: Int64
                var contributions: Int64
                var development: Int64
                var withdrawals: Int64
                var closingBalance: Int64
                var lines: [Line]
            }
            try printJSON(
                Document(
                    account: statement.account.rawValue, from: from?.description, to: to?.description,
                    openingBalance: statement.openingBalance, contributions: statement.contributions,
                    development: statement.development, withdrawals: statement.withdrawals,
                    closingBalance: statement.closingBalance, lines: lines))
        } else if output.csv {
            printCSV(
                header: ["effective_date", "category", "transaction_id", "amount", "balance"],
                rows: lines.map {
                    [$0.effectiveDate, $0.category, "\($0.transactionID)", "\($0.amount)", "\($0.balance)"]
                })
        } else {
            say("JHT statement \(statement.account)  \(from?.description ?? "start")…\(to?.description ?? "today")")
            say("opening balance  \(rupiah(statement.openingBalance))")
            say(
                TextTable.render(
                    header: ["date", "movement", "txn", "amount", "balance"],
                    rows: lines.map {
                        [$0.effectiveDate, $0.category, "\($0.transactionID)", rupiah($0.amount), rupiah($0.balance)]
                    }))
            say("contributions    \(rupiah(statement.contributions))")
            say("development      \(rupiah(statement.development))")
            say("withdrawals      \(rupiah(statement.withdrawals))")
            say("closing balance  \(rupiah(statement.closingBalance))")
        }
    }
}
