import ArgumentParser
import Foundation
import SantunanApp

/// `santunan batch approve ID --as U`.
struct BatchApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: t("payouts.approve.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.approve.discussion")], examples: ["santunan batch approve PB-2024-0001 --as budi"]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: ArgumentHelp(t("payouts.batch-id-example-help")), completion: Completions.batchID)
    var batchID: String

    @Flag(help: ArgumentHelp(t("payouts.batch-json-help")))
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let batch = try PayoutCLI.run(database) { try $0.approveBatch(batchID, by: user) }
        if json {
            say(batch.json)
        } else {
            say(PayoutCLI.text(batch))
            say(t("payouts.approve.next", ["id": .text(batch.id)]))
        }
    }
}

/// `santunan batch reject ID --as U --reason TEXT`.
struct BatchRejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: t("payouts.reject.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.reject.discussion")],
            examples: [
                "santunan batch reject PB-2024-0001 --as budi \\\n      --reason \"JKM lines lack the heir certificate check\""
            ]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actingUser: ActingUserOptions

    @Argument(help: ArgumentHelp(t("payouts.batch-id-example-help")), completion: Completions.batchID)
    var batchID: String

    @Option(help: ArgumentHelp(t("payouts.reject.reason-help")))
    var reason: String

    @Flag(help: ArgumentHelp(t("payouts.batch-json-help")))
    var json = false

    func run() throws {
        let user = try actingUser.require()
        let batch = try PayoutCLI.run(database) { try $0.rejectBatch(batchID, by: user, reason: reason) }
        if json {
            say(batch.json)
        } else {
            say(PayoutCLI.text(batch))
            say(t("payouts.reject.next"))
        }
    }
}

/// `santunan batch list`.
struct BatchListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: t("payouts.list.abstract"),
        discussion: PayoutCLI.help(
            [],
            examples: [
                "santunan batch list", "santunan batch list --json", "santunan batch list --csv --csv-separator ';'",
            ]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp(t("payouts.list.limit-help")))
    var limit = 50

    func run() throws {
        let batches = try PayoutCLI.run(database) { try $0.batches(limit: limit) }
        // One output convention (issue 18): the table, its JSON or its CSV; the state is a word of the chosen
        // language only in the table. A batch's whole header is `batch show ID --json`.
        let human = !output.json && !output.csv
        try output.print(
            OutputTable(
                columns: [
                    .init(name: "batch_id", title: t("payouts.column.batch")),
                    .init(name: "state", title: t("payouts.column.state")),
                    .init(name: "lines", title: t("payouts.column.lines")),
                    .init(name: "total", title: t("payouts.column.total")),
                    .init(name: "prepared_by", title: t("payouts.column.prepared-by")),
                    .init(name: "decided_by", title: t("payouts.column.decided-by")),
                ],
                rows: batches.map { batch in
                    [
                        .text(batch.id), .text(human ? PayoutCLI.state(batch.state) : batch.state),
                        .number(Int64(batch.lineCount)), .rupiah(batch.total), .text(batch.preparedBy),
                        batch.decidedBy.map { .text($0) } ?? .null,
                    ]
                }))
    }
}

/// `santunan batch show ID`.
struct BatchShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: t("payouts.show.abstract"),
        discussion: PayoutCLI.help(
            [t("payouts.show.discussion")],
            examples: ["santunan batch show PB-2024-0001", "santunan batch show PB-2024-0001 --json"]))

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: ArgumentHelp(t("payouts.batch-id-help")), completion: Completions.batchID)
    var batchID: String

    func run() throws {
        let detail = try PayoutCLI.run(database) { try $0.batch(batchID) }
        if output.json {
            say(Self.json(detail))
            return
        }
        let table = Self.table(detail)
        if output.csv {
            try output.print(table)
            return
        }
        say(PayoutCLI.text(detail.batch))
        say("")
        say(t("payouts.show.lines-heading", ["count": .number(detail.lines.count)]))
        try output.print(table)
        if let preview = detail.preview {
            say("")
            say(
                t(
                    "payouts.show.preview",
                    [
                        "message": .text(preview.messageID), "count": .number(preview.transfers),
                        "total": .rupiah(preview.controlSum),
                    ]))
            FileHandle.standardOutput.write(Data(preview.csv.replacingOccurrences(of: "\r\n", with: "\n").utf8))
            if detail.batch.state == "prepared" {
                say(t("payouts.show.next", ["id": .text(detail.batch.id)]))
            }
        }
    }

    /// The lines as the checker reviews them: payee, program, amount, due date, claim, and where the money goes.
    static func table(_ detail: BatchDetailView) -> OutputTable {
        OutputTable(
            columns: [
                .init(name: "line_id", title: t("payouts.column.line")),
                .init(name: "payee", title: t("payouts.column.payee")),
                .init(name: "program", title: t("payouts.column.program")),
                .init(name: "amount", title: t("payouts.column.amount")),
                .init(name: "due", title: t("payouts.column.due")),
                .init(name: "claim", title: t("payouts.column.claim")),
                .init(name: "bank", title: t("payouts.column.bank")),
                .init(name: "account", title: t("payouts.column.account")),
            ],
            rows: detail.lines.map { line in
                [
                    .text(line.lineID), line.payeeName.map { .text($0) } ?? .null, .text(line.program),
                    .rupiah(line.amount), .date(line.due), .text(line.caseID), line.bic.map { .text($0) } ?? .null,
                    line.accountNumber.map { .text($0) } ?? .null,
                ]
            })
    }

    /// The header object of the batch commands with its lines and the export preview's totals added.
    static func json(_ detail: BatchDetailView) -> String {
        func quote(_ text: String?) -> String { text.map(JSONText.quote) ?? "null" }
        let lines = detail.lines.map { line in
            """
            {"line_id": \(quote(line.lineID)), "payee": \(quote(line.payeeName)), "payee_nik": \(quote(line.payeeNIK)), \
            "program": \(quote(line.program)), "item": \(quote(line.item)), "amount": \(line.amount), \
            "due": \(quote(line.due)), "claim": \(quote(line.caseID)), "bank": \(quote(line.bic)), \
            "account": \(quote(line.accountNumber)), "status": \(quote(line.status))}
            """
        }
        let preview = detail.preview.map {
            "{\"message_id\": \(quote($0.messageID)), \"transfers\": \($0.transfers), \"control_sum\": \($0.controlSum)}"
        }
        var header = detail.batch.json
        header.removeLast()
        return header + ", \"line_items\": [" + lines.joined(separator: ", ") + "], \"export_preview\": "
            + (preview ?? "null") + "}"
    }
}
