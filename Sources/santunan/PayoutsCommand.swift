import ArgumentParser
import Foundation
import Payouts
import SantunanApp

/// `santunan payouts …`.
struct PayoutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: "Create payout lines as they fall due.",
        discussion: """
            Examples:
              santunan payouts due --on 2024-03-18 --as ani
              santunan payouts release PL-000102 --as ani --bic BRINIDJA --account 012345678901 --holder "Sari"
            """,
        subcommands: [PayoutsDueCommand.self, PayoutsReleaseCommand.self]
    )
}

/// `santunan payouts due --on DATE --as U`.
struct PayoutsDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "Create payout lines for claim lines, scholarship instalments and pension months due by a date.",
        discussion: """
            Idempotent: running it again for the same date creates nothing new. Only payable claims are paid. A line
            without a valid bank account is created as awaiting_bank_details (see `santunan payouts release`).
            --on may not be after today: a later date would pay instalments and pension months before they fall
            due. --allow-future permits it (at most a year ahead) and lists every line it pulls forward.

            Example:
              santunan payouts due --on 2024-03-18 --as ani
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Option(help: "Create lines due on or before this date (YYYY-MM-DD; default: today in WIB; not after today).")
    var on: String?

    @Flag(help: "Allow --on after today (at most a year): pays lines early and lists each one pulled forward.")
    var allowFuture = false

    @Flag(help: "Print the counts as JSON.")
    var json = false

    func run() throws {
        let user = try actingUser.require()
        var date: BankDate?
        if let on {
            guard let parsed = BankDate(iso: on) else {
                throw AppError(.usage, field: "--on", reason: "\(on) is not a date (YYYY-MM-DD)")
            }
            date = parsed
        }
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let day = date ?? service.clock.now.date
        let outcome = try service.createDueLines(on: day, allowFuture: allowFuture, by: user)
        if json {
            let kinds = outcome.createdByKind.sorted { $0.key < $1.key }.map {
                "\(PayoutCLI.json($0.key)): \($0.value)"
            }
            let pulled = outcome.pulledForward.map {
                "{\"line_id\": \(PayoutCLI.json($0.lineID)), \"kind\": \(PayoutCLI.json($0.kind)), \"due\": \"\($0.due)\"}"
            }
            say(
                "{\"on\": \"\(day)\", \"created\": \(outcome.created), \"by_kind\": {\(kinds.joined(separator: ", "))}, "
                    + "\"awaiting_bank_details\": \(outcome.awaitingBankDetails), "
                    + "\"pulled_forward\": [\(pulled.joined(separator: ", "))]}")
        } else {
            say("\(outcome.created) payout lines created for \(day)")
            if !outcome.pulledForward.isEmpty {
                say("\(outcome.pulledForward.count) of them pulled forward (due after today, --allow-future):")
                for line in outcome.pulledForward {
                    say("  \(line.lineID) \(line.kind) due \(line.due)")
                }
            }
            for (kind, count) in outcome.createdByKind.sorted(by: { $0.key < $1.key }) {
                say("  \(kind): \(count)")
            }
            if outcome.recoveries > 0 {
                say("\(outcome.recoveries) pension months paid too much: recoveries recorded (pension_recoveries)")
            }
            if outcome.awaitingBankDetails > 0 {
                say(
                    "\(outcome.awaitingBankDetails) wait for bank details: "
                        + "santunan payouts release LINE --as U --bic BIC --account NUMBER --holder NAME")
            }
        }
    }
}

/// `santunan payouts release LINE --as U [--bic B --account N --holder H]`.
struct PayoutsReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Make a held payout line payable: with corrected bank details, or after reviewing it.",
        discussion: """
            With --bic, --account and --holder the held line is cancelled and a NEW payable line with the corrected
            account replaces it (payment data is never edited). Without them, a line on hold (AM05, DU01 review)
            becomes payable again.

            Examples:
              santunan payouts release PL-000102 --as ani --bic CENAIDJA --account 4410987654 --holder "Dewi Lestari"
              santunan payouts release PL-000117 --as ani
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: "The payout line id, e.g. PL-000102.")
    var lineID: String

    @Option(help: "The payee bank's BIC, e.g. BRINIDJA.")
    var bic: String?

    @Option(help: "The account number, digits only.")
    var account: String?

    @Option(help: "The account holder's name as in the bank book.")
    var holder: String?

    func run() throws {
        let user = try actingUser.require()
        let given = [bic, account, holder].compactMap { $0 }
        guard given.isEmpty || given.count == 3 else {
            throw AppError(.usage, field: "--bic/--account/--holder", reason: "give all three, or none")
        }
        let newAccount = given.isEmpty ? nil : BankAccount(bic: bic!, number: account!, holder: holder!)
        let service = try PayoutCLI.open(database)
        defer { service.close() }
        let payable = try service.releaseLine(lineID, account: newAccount, by: user)
        say(
            payable == lineID
                ? "\(lineID) is payable again" : "\(lineID) cancelled; \(payable) pays it with the new account")
    }
}
