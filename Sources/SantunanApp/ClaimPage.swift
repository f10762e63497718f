public import BenefitRules
import ClaimStore
import Foundation

/// A stored claim as `claim show` prints it (issue 18): a page an officer reads in under 60 lines of 100 columns —
/// the summary, the lines with their basis, what is missing and how to supply it, the payees, the status history
/// and the payout state — and, for `--json`, the CONTRACT §3 result with the stored claim's fields.
public struct ClaimPage: Sendable {
    /// The readable page, in the installed language, each line at most ``width`` columns.
    public var text: String
    /// One JSON document, identical in every language.
    public var json: String

    /// The widest line of the page.
    public static let width = 100

    init(view: ClaimView, claim: Case?, documents: DocumentRules, text words: ClaimResultText) {
        json = Self.json(view)
        text = Self.page(view, claim: claim, documents: documents, words: words)
    }

    // MARK: The page

    static func page(_ view: ClaimView, claim: Case?, documents: DocumentRules, words: ClaimResultText) -> String {
        func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String { words.t(key, arguments) }
        let summary = view.summary
        let result = view.resultJSON.flatMap { try? JSONReader.parse($0) }
        var lines: [String] = []
        func add(_ line: String, indent: Int = 0) {
            lines += wrap(line, indent: indent)
        }
        // Summary.
        add(
            t(
                "claims.show.title",
                [
                    "id": .text(String(summary.id)), "case": .text(summary.caseID),
                    "event": .text(t("claims.event-type.\(summary.eventType)")), "date": isoDate(summary.eventDate),
                ]))
        add(
            t(
                "claims.show.participant",
                [
                    "name": .text(summary.participantName), "nik": .text(summary.participantNIK),
                    "kpj": .text(summary.kpj),
                ]))
        add(
            t(
                "claims.show.submitted",
                [
                    "by": .text(summary.submittedBy), "at": .text(dateTime(summary.submittedAt, words)),
                    "job": .text(summary.jobState.map { t("claims.job.\($0)") } ?? t("claims.job.none")),
                ]))
        let status = summary.status ?? "pending"
        if status == "rejected" {
            add(t("claims.show.status-rejected", ["status": .text(words.status(status))]))
        } else if let total = summary.total, let payableNow = summary.payableNow {
            // "Payable now" only when something can be paid (an incomplete claim waits for its documents).
            add(
                status == "payable" && payableNow > 0
                    ? t(
                        "claims.show.status-payable-now",
                        ["status": .text(words.status(status)), "total": .rupiah(total), "now": .rupiah(payableNow)])
                    : t("claims.show.status-total", ["status": .text(words.status(status)), "total": .rupiah(total)]))
        } else {
            add(t("claims.show.status-pending"))
        }
        // Reasons other than missing documents (denials).
        if let reasons = result?["reasons"], case .array(let items) = reasons {
            for case .string(let reason) in items where !reason.hasPrefix("missing document: ") {
                add("  " + t("claims.result.reason", ["reason": .text(words.reason(reason))]), indent: 4)
            }
        }
        // Lines with their basis.
        if let resultLines = result?["lines"], case .array(let items) = resultLines, !items.isEmpty {
            lines.append("")
            lines.append(t("claims.show.lines", ["count": .number(items.count)]))
            // `JKK scholarship 1272…`: the program, the item and the id's suffix, as `claim compute` labels a line.
            let labels = items.map { item in
                let parts = string(item["id"]).split(separator: "/", maxSplits: 3)
                return string(item["program"]) + " " + string(item["item"])
                    + (parts.count == 4 && parts[2] == string(item["item"]) ? " " + parts[3] : "")
            }
            let amounts = items.map { RupiahText.text(int(item: $0["amount"])) }
            let labelWidth = labels.map(\.count).max() ?? 0
            let amountWidth = amounts.map(\.count).max() ?? 0
            for (index, item) in items.enumerated() {
                let schedule = t("claims.schedule.\(string(item["schedule"]))")
                let payee = payeeText(item["payee"], words: words)
                add(
                    "  " + labels[index].padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  "
                        + String(repeating: " ", count: amountWidth - amounts[index].count) + amounts[index] + "  "
                        + t("claims.show.line", ["schedule": .text(schedule), "due": isoDate(string(item["due"]))]),
                    indent: 6)
                add(
                    "      "
                        + t("claims.show.line-detail", ["payee": .text(payee), "basis": .text(string(item["basis"]))]),
                    indent: 8)
            }
        }
        if let pension = result?["monthly_pension"], pension != .null {
            let month = string(pension["start_month"]).split(separator: "-").compactMap { Int($0) }
            add(
                t(
                    "claims.result.pension",
                    [
                        "amount": .rupiah(int(item: pension["amount"])),
                        "month": month.count == 2 ? .month(year: month[0], month: month[1]) : .text(""),
                        "kind": .text(t("claims.pension-kind.\(string(pension["kind"]))")),
                        "recipient": .text(string(pension["recipient"])),
                    ]), indent: 2)
        }
        // What is missing and how to supply it.
        let missing: [String] = {
            guard let reasons = result?["reasons"], case .array(let items) = reasons else { return [] }
            return items.compactMap { item in
                guard case .string(let reason) = item, reason.hasPrefix("missing document: ") else { return nil }
                return String(reason.dropFirst("missing document: ".count))
            }
        }()
        if !missing.isEmpty {
            lines.append("")
            lines.append(t("claims.show.missing", ["count": .number(missing.count)]))
            for key in missing {
                let rule = documents.rule(key)
                var line = "  - " + documents.label(key) + ": " + t("claims.document.\(key).proves")
                if let substitutes = rule?.substitutes, !substitutes.isEmpty {
                    line +=
                        "; "
                        + t(
                            "claims.show.substitutes",
                            ["documents": .text(substitutes.map(documents.label).joined(separator: ", "))])
                }
                add(line, indent: 4)
            }
            add(
                "  "
                    + t(
                        "claims.show.supply",
                        [
                            "command": .text(
                                "santunan claim documents \(summary.id) --add \(missing.joined(separator: " ")) --as USER"
                            )
                        ]), indent: 4)
        }
        // Payees: who is paid what, into which account.
        if let resultLines = result?["lines"], case .array(let items) = resultLines, !items.isEmpty {
            var order: [String] = []
            var sums: [String: Int64] = [:]
            var payees: [String: JSONValue] = [:]
            for item in items {
                guard let payee = item["payee"] else { continue }
                let key = string(payee["role"]) + "/" + string(payee["nik"]) + string(payee["npp"])
                if sums[key] == nil { order.append(key) }
                let (sum, overflow) = (sums[key] ?? 0).addingReportingOverflow(int(item: item["amount"]))
                sums[key] = overflow ? Int64.max : sum
                payees[key] = payee
            }
            lines.append("")
            lines.append(t("claims.show.payees"))
            for key in order {
                guard let payee = payees[key] else { continue }
                let nik = string(payee["nik"])
                let heir = claim?.heirs.first { $0.nik == nik && !nik.isEmpty }
                var line = "  " + payeeText(payee, words: words)
                if let heir {
                    line += " " + heir.name
                } else if string(payee["role"]) == "participant", !summary.participantName.isEmpty {
                    line += " " + summary.participantName
                }
                line += ": " + RupiahText.text(sums[key] ?? 0)
                if let account = heir?.bankAccount {
                    line +=
                        ", "
                        + t(
                            "claims.show.account",
                            [
                                "bank": .text(account.bankBIC), "number": .text(account.number),
                                "holder": .text(account.holder),
                            ])
                } else if heir != nil {
                    line += ", " + t("claims.show.no-account")
                }
                add(line, indent: 4)
            }
        }
        // Status history.
        lines.append("")
        lines.append(t("claims.show.history"))
        for row in view.history {
            var line =
                "  " + dateTime(row.changedAt, words) + "  " + t("claims.history.\(row.status)") + "  "
                + row.changedBy
            // A computed status's note repeats the result's reasons, which the page says above.
            if let note = row.note, !note.isEmpty, !["payable", "incomplete", "rejected"].contains(row.status) {
                line += "  " + note.components(separatedBy: "; ").map(words.reason).joined(separator: "; ")
            }
            add(line, indent: 4)
        }
        if !view.versions.isEmpty {
            lines.append("")
            lines.append(t("claims.show.versions"))
            for version in view.versions {
                // A version amended before any worker computed it has no total: it printed "pending Rp 0".
                add(
                    "  "
                        + t(
                            version.claimTotal == nil ? "claims.show.version-uncomputed" : "claims.show.version",
                            [
                                "version": .text(String(version.version)),
                                "status": .text(words.status(version.claimStatus ?? "pending")),
                                "total": .rupiah(version.claimTotal ?? 0),
                                "at": .text(dateTime(version.amendedAt, words)),
                                "by": .text(version.amendedBy), "reason": .text(version.reason),
                            ]), indent: 4)
            }
        }
        // Payout state.
        lines.append("")
        if let payouts = view.payouts, !payouts.isEmpty {
            lines.append(t("claims.show.payouts"))
            for row in payouts {
                add(
                    "  "
                        + t(
                            "claims.show.payout-row",
                            [
                                "status": .text(t("claims.payout-status.\(row.status)")), "count": .number(row.lines),
                                "amount": .rupiah(row.amount),
                            ]), indent: 4)
            }
        } else {
            lines.append(t("claims.show.payouts-none"))
        }
        return lines.joined(separator: "\n")
    }

    /// `line` cut at word boundaries into lines of at most ``width`` columns, the continuation lines indented.
    static func wrap(_ line: String, indent: Int) -> [String] {
        guard line.count > width else { return [line] }
        var out: [String] = []
        var current = ""
        let pad = String(repeating: " ", count: indent)
        let leading = String(line.prefix { $0 == " " })
        for word in line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
            let start = out.isEmpty ? leading : pad
            if current.isEmpty {
                current = start + word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                out.append(current)
                current = pad + word
            }
            while current.count > width {
                out.append(String(current.prefix(width)))
                current = pad + String(current.dropFirst(width))
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func payeeText(_ payee: JSONValue?, words: ClaimResultText) -> String {
        let role = string(payee?["role"])
        guard let known = Payee.Role(rawValue: role) else { return role }
        let nik = string(payee?["nik"])
        let npp = string(payee?["npp"])
        return words.payee(Payee(role: known, nik: nik.isEmpty ? nil : nik, npp: npp.isEmpty ? nil : npp))
    }

    static func string(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let text)?: text
        default: ""
        }
    }

    static func int(item value: JSONValue?) -> Int64 {
        if case .number(let text)? = value { return Int64(text) ?? 0 }
        return 0
    }

    /// A `YYYY-MM-DD` as a message argument (a date), else as text.
    static func isoDate(_ iso: String) -> MessageArgument {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard iso.utf8.count >= 10, parts.count == 3 else { return .text(iso) }
        return .date(year: parts[0], month: parts[1], day: parts[2])
    }

    /// A stored time (`2024-03-10T09:15:00+07:00`) as people read it: the date in the language's form, the time and
    /// its offset (WIB).
    static func dateTime(_ stamp: String, _ words: ClaimResultText) -> String {
        guard case .date(let year, let month, let day) = isoDate(stamp), stamp.utf8.count >= 19 else { return stamp }
        let time = stamp.dropFirst(11)
        return LocaleFormat(words.catalog.language).date(year: year, month: month, day: day) + " "
            + String(time.prefix(8)) + " " + String(time.dropFirst(8))
    }

    // MARK: JSON

    /// The CONTRACT §3 result fields plus `claim_id`, `submission_status`, `job_state`, `status_history`,
    /// `versions` and `payouts` (the document `claim show --json` has always printed).
    static func json(_ view: ClaimView) -> String {
        let quote = JSONText.quote
        var extra = "\"claim_id\": \(view.summary.id), \"submission_status\": "
        extra += quote(view.summary.status ?? "pending")
        extra += ", \"job_state\": " + (view.summary.jobState.map(quote) ?? "null")
        extra += ", \"status_history\": ["
        extra += view.history.map { row in
            "{\"status\": \(quote(row.status)), \"note\": \(row.note.map(quote) ?? "null"), "
                + "\"changed_by\": \(quote(row.changedBy)), \"changed_at\": \(quote(row.changedAt))}"
        }.joined(separator: ", ")
        extra += "], \"versions\": ["
        extra += view.versions.map { version in
            let status = version.claimStatus.map(quote) ?? "null"
            return "{\"version\": \(version.version), \"claim_status\": \(status), "
                + "\"claim_total\": \(version.claimTotal.map(String.init) ?? "null"), "
                + "\"reason\": \(quote(version.reason)), "
                + "\"amended_by\": \(quote(version.amendedBy)), "
                + "\"amended_at\": \(quote(version.amendedAt))}"
        }.joined(separator: ", ")
        extra += "], \"payouts\": "
        if let payouts = view.payouts {
            extra += "["
            extra += payouts.map {
                "{\"status\": \(quote($0.status)), \"lines\": \($0.lines), \"amount\": \($0.amount)}"
            }.joined(separator: ", ")
            extra += "]"
        } else {
            extra += "null"
        }
        guard var result = view.resultJSON?.trimmingCharacters(in: .whitespacesAndNewlines), result.hasSuffix("}")
        else {
            return "{\"case_id\": \(quote(view.summary.caseID)), \"status\": \"pending\", \(extra)}"
        }
        result.removeLast()
        while result.last?.isWhitespace == true { result.removeLast() }
        return result + ",\n  " + extra + "\n}"
    }
}
