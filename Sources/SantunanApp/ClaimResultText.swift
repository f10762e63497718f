public import BenefitRules

/// A claim result as a person reads it (`claim compute`, `claim new`), in the catalog's language (issue 20).
///
/// This was `ClaimResult.humanText` in the rules core; it moved here so the rules core stays free of words for
/// people. The English catalog holds the texts the rules core printed, so English output is byte-identical to
/// before. The rules core writes some texts itself (formulas, warnings, denial reasons): typed formulas are
/// rendered from the catalog, and the known phrases of the free texts are translated through the catalogs'
/// `claims.phrase.*` pairs (the English text of a key is replaced by its Indonesian text); a citation stays as the
/// regulation writes it.
public struct ClaimResultText {
    let catalog: Catalog
    let english: Catalog

    /// `catalog` renders; `english` is the English catalog the rules core's phrases are matched against.
    public init(catalog: Catalog, english: Catalog) {
        self.catalog = catalog
        self.english = english
    }

    func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        catalog.render(key, arguments)
    }

    var indonesian: Bool { catalog.language == .indonesian }

    /// The report: status, every line with amount, payee, due date, formula and basis, scholarships, the monthly
    /// pension, totals and warnings.
    public func render(_ result: ClaimResult) -> String {
        var out =
            t("claims.result.heading", ["case": .text(result.caseID), "status": .text(status(result.status.rawValue))])
            + "\n"
        for reason in result.reasons {
            out += "  " + t("claims.result.reason", ["reason": .text(self.reason(reason))]) + "\n"
        }
        if !result.regime.isEmpty {
            out += t("claims.result.regime") + "\n"
            for entry in result.regime {
                out += "  \(entry.program.rawValue)  \(entry.instrument) "
                out += t("claims.result.from", ["from": date(entry.effectiveFrom)]) + "\n"
            }
        }
        if !result.lines.isEmpty {
            let amounts = result.lines.map { $0.amount.description }
            let items = result.lines.map { line in
                line.program.rawValue + " " + line.item + (line.idSuffix.map { " " + $0 } ?? "")
            }
            let itemWidth = items.map(\.count).max() ?? 0
            let amountWidth = amounts.map(\.count).max() ?? 0
            out += t("claims.result.lines") + "\n"
            for (index, line) in result.lines.enumerated() {
                out += "  " + pad(items[index], itemWidth) + "  " + padLeft(amounts[index], amountWidth)
                out +=
                    "  "
                    + t(
                        "claims.result.line-tail",
                        [
                            "schedule": .text(t("claims.schedule.\(line.schedule.rawValue)")), "due": date(line.due),
                            "payee": .text(payee(line.payee)),
                        ]) + "\n"
                out += "      " + t("claims.result.formula", ["formula": .text(formula(line))]) + "\n"
                out += "      " + t("claims.result.basis", ["basis": .text(line.basis)]) + "\n"
                if !line.parameters.isEmpty {
                    let uses = line.parameters.map { use in
                        t(
                            use.confirmed ? "claims.result.parameter" : "claims.result.parameter-unconfirmed",
                            [
                                "key": .text(use.key), "value": .text(use.value.text),
                                "from": date(use.effectiveFrom),
                            ])
                    }
                    out +=
                        "      " + t("claims.result.parameters", ["uses": .text(uses.joined(separator: "; "))]) + "\n"
                }
            }
        }
        for award in result.scholarships {
            out +=
                t(
                    "claims.result.scholarship",
                    ["child": .text(award.childNIK), "commitment": .rupiah(award.commitment.value)]) + "\n"
            for installment in award.installments {
                out += "  \(dateText(installment.due))  \(pad(installment.level.rawValue, 4))  \(installment.amount)\n"
            }
        }
        if let pension = result.monthlyPension {
            out +=
                t(
                    "claims.result.pension",
                    [
                        "amount": .rupiah(pension.amount.value),
                        "month": .month(year: pension.startMonth.year, month: pension.startMonth.month),
                        "kind": .text(t("claims.pension-kind.\(pension.kind.rawValue)")),
                        "recipient": .text(pension.recipient),
                    ]) + "\n"
        }
        out += t("claims.result.total", ["amount": .rupiah(result.total.value)]) + "\n"
        // An incomplete claim still reports its figure (RULEBOOK §11.3), but nothing is paid before the documents:
        // the line says so, as `claim show` does, so nobody reads the amount as money to hand over today.
        let payableKey =
            result.status == .incomplete ? "claims.result.payable-now-incomplete" : "claims.result.payable-now"
        out += t(payableKey, ["amount": .rupiah(result.payableNow.value)]) + "\n"
        if !result.warnings.isEmpty {
            out += t("claims.result.warnings") + "\n"
            for warning in result.warnings { out += "  - \(phrases(warning))\n" }
        }
        return out
    }

    /// A claim status in the catalog's words (`payable`, `dapat dibayar`).
    public func status(_ status: String) -> String { t("claims.status.\(status)") }

    /// A reason of the result: `missing document: KEY` names the document as the office does.
    public func reason(_ reason: String) -> String {
        let prefix = "missing document: "
        if reason.hasPrefix(prefix) {
            return t("claims.result.missing-document", ["document": .text(String(reason.dropFirst(prefix.count)))])
        }
        // `claim amend`'s status note as the database stores it (Schema/0012): `version N: REASON`; the officer's
        // reason is shown as typed, only the word is the catalog's.
        if reason.hasPrefix("version "), let colon = reason.firstRange(of: ": "),
            let number = Int(reason[reason.index(reason.startIndex, offsetBy: 8)..<colon.lowerBound])
        {
            return t(
                "claims.note.amended",
                ["version": .text(String(number)), "reason": .text(String(reason[colon.upperBound...]))])
        }
        // `claim documents`' status note (SubmissionService.addDocuments), stored in English and split at "; ".
        if reason.hasPrefix("added: ") {
            return t("claims.note.added", ["documents": .text(String(reason.dropFirst("added: ".count)))])
        }
        if reason == "recompute queued" { return t("claims.note.requeued") }
        if reason.hasPrefix("claim is "), reason.hasSuffix(", not recomputed") {
            let state = reason.dropFirst("claim is ".count).dropLast(", not recomputed".count)
            return t("claims.note.not-recomputed", ["status": .text(status(String(state)))])
        }
        return phrases(reason)
    }

    /// `heirs (NIK 1272…)`, `employer (NPP NN140521)`, `dana_jaminan_sosial`.
    public func payee(_ payee: Payee) -> String {
        let role = t("claims.payee.\(payee.role.rawValue)")
        if payee.role == .employer {
            return payee.npp.map { t("claims.payee.with-npp", ["role": .text(role), "npp": .text($0)]) } ?? role
        }
        guard let nik = payee.nik else { return role }
        return t("claims.payee.with-nik", ["role": .text(role), "nik": .text(nik)])
    }

    /// A line's formula: the typed ones the catalog words; the rest as the rules core writes them, its known phrases
    /// translated.
    func formula(_ line: ClaimLine) -> String {
        guard indonesian else { return line.formula }
        switch line.formulaParts {
        case .fixed(let amount): return amount.description
        case .paidAtOnce(let amount): return t("claims.formula.paid-at-once", ["amount": .rupiah(amount.value)])
        default: return phrases(line.formula)
        }
    }

    /// The phrases the rules core writes in English, in the order they are replaced (longer phrases first).
    static let phraseKeys = [
        "claims.phrase.bpu-short", "claims.phrase.bpu-since", "claims.phrase.jht-formula", "claims.phrase.jp-formula",
        "claims.phrase.of-wage", "claims.phrase.deposits", "claims.phrase.jp-lump-sum", "claims.phrase.density",
        "claims.phrase.needs", "claims.phrase.months-and", "claims.phrase.no-jkm-scholarship",
        "claims.phrase.bpu-membership", "claims.phrase.unconfirmed", "claims.phrase.no-coverage",
        "claims.phrase.sponsored-window", "claims.phrase.not-renewed", "claims.phrase.ended", "claims.phrase.months-lt",
        "claims.phrase.months-close", "claims.phrase.months-end", "claims.phrase.paid-at-once",
        "claims.phrase.not-payable", "claims.phrase.no-heir", "claims.phrase.medical-costs",
        "claims.phrase.no-ceiling",
    ]

    /// `text` with the known English phrases replaced by the catalog's (nothing changes in English).
    func phrases(_ text: String) -> String {
        guard indonesian else { return text }
        var out = text
        for key in Self.phraseKeys {
            out = out.replacing(english.render(key), with: catalog.render(key))
        }
        return out
    }

    func date(_ date: CivilDate) -> MessageArgument {
        let parts = date.description.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return .text(date.description) }
        return .date(year: parts[0], month: parts[1], day: parts[2])
    }

    func dateText(_ date: CivilDate) -> String {
        guard case .date(let year, let month, let day) = self.date(date) else { return date.description }
        return LocaleFormat(catalog.language).date(year: year, month: month, day: day)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
