import ArgumentParser
import SantunanApp

/// `santunan payouts …`.
struct PayoutsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payouts",
        abstract: t("payouts.payouts.abstract"),
        discussion: PayoutCLI.help(
            [],
            examples: [
                "santunan payouts due --on 2024-03-18 --as ani",
                "santunan payouts waiting",
                "santunan claim payee PMS-2024-0401 --heir 1272014101870002 \\\n      --account BRINIDJA:012345678901 --as ani",
                "santunan payouts release --all-waiting --as ani",
                "santunan payouts release PL-000102 --as ani --bic BRINIDJA \\\n      --account 012345678901 --holder \"Sari\"",
            ]),
        subcommands: [PayoutsDueCommand.self, PayoutsWaitingCommand.self, PayoutsReleaseCommand.self]
    )
}

/// `santunan payouts due --on DATE --as U`.
struct PayoutsDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: t("payouts.due.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.due.discussion")], examples: ["santunan payouts due --on 2024-03-18 --as ani"]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Option(help: ArgumentHelp(t("payouts.due.on-help")))
    var on: String?

    @Flag(help: ArgumentHelp(t("payouts.due.allow-future-help")))
    var allowFuture = false

    @Flag(help: ArgumentHelp(t("payouts.due.json-help")))
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let outcome = try PayoutCLI.run(database) { try $0.createDueLines(on: on, allowFuture: allowFuture, by: user) }
        if json {
            let kinds = outcome.createdByKind.map { "\(JSONText.quote($0.kind)): \($0.count)" }
            let pulled = outcome.pulledForward.map {
                "{\"line_id\": \(JSONText.quote($0.lineID)), \"kind\": \(JSONText.quote($0.kind)), \"due\": \"\($0.due)\"}"
            }
            say(
                "{\"on\": \"\(outcome.on)\", \"created\": \(outcome.created), \"by_kind\": {\(kinds.joined(separator: ", "))}, "
                    + "\"awaiting_bank_details\": \(outcome.awaitingBankDetails), "
                    + "\"pulled_forward\": [\(pulled.joined(separator: ", "))]}")
            return
        }
        say(t("payouts.due.created", ["count": .number(outcome.created), "on": .text(HumanDate.text(outcome.on))]))
        if !outcome.pulledForward.isEmpty {
            say(t("payouts.due.pulled-forward", ["count": .number(outcome.pulledForward.count)]))
            for line in outcome.pulledForward {
                say(
                    "  "
                        + t(
                            "payouts.due.pulled-line",
                            [
                                "line": .text(line.lineID),
                                "kind": .text(CodeWords.text(line.kind, in: "payouts.kind")),
                                "due": .text(HumanDate.text(line.due)),
                            ]))
            }
        }
        for (kind, count) in outcome.createdByKind {
            say(
                "  "
                    + t(
                        "payouts.due.kind",
                        ["kind": .text(CodeWords.text(kind, in: "payouts.kind")), "count": .number(count)]))
        }
        if outcome.recoveries > 0 {
            say(t("payouts.due.recoveries", ["count": .number(outcome.recoveries)]))
        }
        if outcome.awaitingBankDetails > 0 {
            say(t("payouts.due.awaiting", ["count": .number(outcome.awaitingBankDetails)]))
        }
    }
}

/// `santunan payouts waiting [--claim CLAIM]`.
struct PayoutsWaitingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waiting",
        abstract: t("payouts.waiting.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.waiting.discussion")],
            examples: ["santunan payouts waiting", "santunan payouts waiting --claim PMS-2024-0401 --csv"]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp(t("payouts.claim-filter-help")))
    var claim: String?

    func run() throws {
        let lines = try PayoutCLI.run(database) { try $0.waitingLines(claim: claim) }
        let human = !output.json && !output.csv
        if human && lines.isEmpty {
            say(t("payouts.waiting.none"))
            return
        }
        try output.print(
            OutputTable(
                columns: [
                    .init(name: "line_id", title: t("payouts.column.line")),
                    .init(name: "claim", title: t("payouts.column.claim")),
                    .init(name: "program", title: t("payouts.column.program")),
                    .init(name: "amount", title: t("payouts.column.amount")),
                    .init(name: "due", title: t("payouts.column.due")),
                    .init(name: "payee_role", title: t("payouts.column.payee-role")),
                    .init(name: "payee_nik", title: t("payouts.column.payee-nik")),
                    .init(name: "reason", title: t("payouts.column.reason")),
                    .init(name: "account_on_claim", title: t("payouts.column.account-on-claim")),
                ],
                rows: lines.map { line in
                    [
                        .text(line.lineID), .text(line.caseID), .text(line.program), .rupiah(line.amount),
                        // For people, the role and the stored note (written in English by the payouts code and the
                        // database) in the chosen language; JSON and CSV keep them as stored.
                        .date(line.due),
                        .text(human ? CodeWords.text(line.payeeRole, in: "claims.payee") : line.payeeRole),
                        line.payeeNIK.map { .text($0) } ?? .null,
                        line.note.map { .text(human ? Texts.reason($0) : $0) } ?? .null,
                        line.accountBIC.map { .text($0) } ?? (human ? .text(t("payouts.waiting.no-account")) : .null),
                    ]
                }))
        if human {
            let ready = lines.filter { $0.accountBIC != nil }.count
            say("")
            say(t("payouts.waiting.summary", ["count": .number(lines.count), "ready": .number(ready)]))
        }
    }
}

/// `santunan payouts release LINE --as U [--bic B --account N --holder H]` or `… --all-waiting [--claim C]`.
struct PayoutsReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: t("payouts.release.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.release.discussion"), t("payouts.release.discussion-waiting")],
            examples: [
                "santunan payouts release PL-000102 --as ani --bic CENAIDJA \\\n      --account 4410987654 --holder \"Dewi Lestari\"",
                "santunan payouts release PL-000117 --as ani",
                "santunan payouts release --all-waiting --as ani",
            ]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: ArgumentHelp(t("payouts.release.line-help")))
    var lineID: String?

    @Option(help: ArgumentHelp(t("payouts.release.bic-help")))
    var bic: String?

    @Option(help: ArgumentHelp(t("payouts.release.account-help")))
    var account: String?

    @Option(help: ArgumentHelp(t("payouts.release.holder-help")))
    var holder: String?

    @Flag(name: .customLong("all-waiting"), help: ArgumentHelp(t("payouts.release.all-waiting-help")))
    var allWaiting = false

    @Option(help: ArgumentHelp(t("payouts.claim-filter-help")))
    var claim: String?

    func run() throws {
        // Checked here rather than in validate(), whose errors the parser rewraps.
        if allWaiting {
            guard lineID == nil, bic == nil, account == nil, holder == nil else {
                throw AppError(.usage, field: "--all-waiting", reason: t("payouts.release.all-waiting-alone"))
            }
        } else {
            guard lineID != nil else {
                throw AppError(.usage, field: "LINE", reason: t("payouts.release.line-or-all"))
            }
            guard claim == nil else {
                throw AppError(.usage, field: "--claim", reason: t("payouts.release.claim-needs-all"))
            }
        }
        let user = try actingUser.require()
        if allWaiting {
            let released = try PayoutCLI.run(database) { try $0.releaseWaiting(claim: claim, by: user) }
            for line in released {
                say(t("payouts.release.replaced", ["line": .text(line.released), "new": .text(line.payable)]))
            }
            say(t("payouts.release.all-summary", ["count": .number(released.count)]))
            return
        }
        let lineID = lineID!
        let payable = try PayoutCLI.run(database) {
            try $0.releaseLine(lineID, bic: bic, account: account, holder: holder, by: user)
        }
        say(
            payable == lineID
                ? t("payouts.release.payable-again", ["line": .text(lineID)])
                : t("payouts.release.replaced", ["line": .text(lineID), "new": .text(payable)]))
    }
}
