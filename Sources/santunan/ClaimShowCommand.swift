import ArgumentParser
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp

/// `santunan claim show ID [--json]`.
struct ClaimShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a stored claim: its lines, status history and payout state.",
        discussion: """
            ID is a claim id (= the submission id printed by `claim submit`) or a case_id. `--json` prints the
            CONTRACT §3 result fields plus `claim_id`, `submission_status`, `status_history` and `payouts`.

            Examples:
              santunan claim show 1
              santunan claim show PMS-2022-0002 --json
            """
    )

    @Argument(help: "Claim id or case_id.")
    var id: String

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.claim")
        let connection = try DatabaseTarget.resolve(explicitURL: database.databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
        defer { connection.close() }
        let view = try SubmissionService.show(reference: id, on: connection)
        if json {
            say(Self.json(view))
        } else {
            say(Self.text(view))
        }
    }

    static func json(_ view: ClaimView) -> String {
        var extra = "\"claim_id\": \(view.summary.id), \"submission_status\": "
        extra += JSONString.quote(view.summary.status ?? "pending")
        extra += ", \"job_state\": " + (view.summary.jobState.map(JSONString.quote) ?? "null")
        extra += ", \"status_history\": ["
        extra += view.history.map { row in
            "{\"status\": \(JSONString.quote(row.status)), \"note\": \(row.note.map(JSONString.quote) ?? "null"), "
                + "\"changed_by\": \(JSONString.quote(row.changedBy)), \"changed_at\": \(JSONString.quote(row.changedAt))}"
        }.joined(separator: ", ")
        extra += "], \"versions\": ["
        extra += view.versions.map { version in
            let status = version.claimStatus.map(JSONString.quote) ?? "null"
            return "{\"version\": \(version.version), \"claim_status\": \(status), "
                + "\"claim_total\": \(version.claimTotal.map(String.init) ?? "null"), "
                + "\"reason\": \(JSONString.quote(version.reason)), "
                + "\"amended_by\": \(JSONString.quote(version.amendedBy)), "
                + "\"amended_at\": \(JSONString.quote(version.amendedAt))}"
        }.joined(separator: ", ")
        extra += "], \"payouts\": "
        if let payouts = view.payouts {
            extra += "["
            extra += payouts.map {
                "{\"status\": \(JSONString.quote($0.status)), \"lines\": \($0.lines), \"amount\": \($0.amount)}"
            }.joined(separator: ", ")
            extra += "]"
        } else {
            extra += "null"
        }
        guard var result = view.resultJSON?.trimmingCharacters(in: .whitespacesAndNewlines), result.hasSuffix("}")
        else {
            return "{\"case_id\": \(JSONString.quote(view.summary.caseID)), \"status\": \"pending\", \(extra)}"
        }
        result.removeLast()
        while result.last?.isWhitespace == true { result.removeLast() }
        return result + ",\n  " + extra + "\n}"
    }

    static func text(_ view: ClaimView) -> String {
        let summary = view.summary
        var lines = [
            "claim \(summary.id)  case \(summary.caseID)  \(summary.eventType) on \(summary.eventDate)",
            "submitted by \(summary.submittedBy) at \(summary.submittedAt); job: \(summary.jobState ?? "none")",
            "status: \(summary.status ?? "pending (waiting for a worker)")",
        ]
        if let total = summary.total, let payableNow = summary.payableNow {
            lines.append("total \(Money.text(total)), payable now \(Money.text(payableNow))")
        }
        if let result = view.resultJSON {
            lines.append("")
            lines.append(result.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        lines.append("")
        lines.append("status history:")
        lines.append(
            TextTable.render(
                header: ["at", "status", "by", "note"],
                rows: view.history.map { [$0.changedAt, $0.status, $0.changedBy, $0.note ?? ""] }))
        lines.append("")
        if !view.versions.isEmpty {
            lines.append("earlier versions (claim amend):")
            lines.append(
                TextTable.render(
                    header: ["version", "claim", "total", "replaced at", "by", "reason"],
                    rows: view.versions.map {
                        [
                            String($0.version), $0.claimStatus ?? "pending", $0.claimTotal.map(Money.text) ?? "",
                            $0.amendedAt, $0.amendedBy, $0.reason,
                        ]
                    }))
            lines.append("")
        }
        if let payouts = view.payouts {
            if payouts.isEmpty {
                lines.append("payouts: none yet")
            } else {
                lines.append("payouts:")
                lines.append(
                    TextTable.render(
                        header: ["status", "lines", "amount"],
                        rows: payouts.map { [$0.status, String($0.lines), Money.text($0.amount)] }))
            }
        } else {
            lines.append("payouts: not installed")
        }
        return lines.joined(separator: "\n")
    }
}

/// Rupiah as the contract prints them: `Rp 42.000.000`.
enum Money {
    static func text(_ amount: Int64) -> String {
        let digits = String(amount.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "." }
            grouped.append(character)
        }
        return (amount < 0 ? "-Rp " : "Rp ") + grouped
    }
}
