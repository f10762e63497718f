public import SantunanValues

extension ClaimResult {
    /// A readable report: status, every line with amount, payee, due date, formula and basis, scholarships, the
    /// monthly pension, totals and warnings. Rupiah as `Rp 42.000.000`.
    public var humanText: String {
        var out = "Claim \(caseID): \(status.rawValue)\n"
        for reason in reasons { out += "  reason: \(reason)\n" }
        if !regime.isEmpty {
            out += "Regime:\n"
            for entry in regime {
                out += "  \(entry.program.rawValue)  \(entry.instrument) (from \(entry.effectiveFrom))\n"
            }
        }
        if !lines.isEmpty {
            let amounts = lines.map { $0.amount.description }
            let items = lines.map { line in
                line.program.rawValue + " " + line.item + (line.idSuffix.map { " " + $0 } ?? "")
            }
            let itemWidth = items.map(\.count).max() ?? 0
            let amountWidth = amounts.map(\.count).max() ?? 0
            out += "Lines:\n"
            for (index, line) in lines.enumerated() {
                out += "  " + pad(items[index], itemWidth) + "  " + padLeft(amounts[index], amountWidth)
                out += "  \(line.schedule.rawValue), due \(line.due), to \(line.payee.text)\n"
                out += "      formula: \(line.formula)\n"
                out += "      basis:   \(line.basis)\n"
                if !line.parameters.isEmpty {
                    let uses = line.parameters.map { use in
                        "\(use.key)=\(use.value.text) (from \(use.effectiveFrom)\(use.confirmed ? "" : ", unconfirmed"))"
                    }
                    out += "      params:  " + uses.joined(separator: "; ") + "\n"
                }
            }
        }
        for award in scholarships {
            out += "Scholarship for child \(award.childNIK): commitment \(award.commitment)\n"
            for installment in award.installments {
                out += "  \(installment.due)  \(pad(installment.level.rawValue, 4))  \(installment.amount)\n"
            }
        }
        if let pension = monthlyPension {
            out += "Monthly pension: \(pension.amount) a month from \(pension.startMonth) "
            out += "(\(pension.kind.rawValue), recipient \(pension.recipient))\n"
        }
        out += "Total:       \(total)\n"
        out += "Payable now: \(payableNow)\n"
        if !warnings.isEmpty {
            out += "Warnings:\n"
            for warning in warnings { out += "  - \(warning)\n" }
        }
        return out
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

extension Payee {
    /// `heirs (NIK 1272…)`, `employer (NPP NN140521)`, `dana_jaminan_sosial`.
    public var text: String {
        if role == .employer { return "employer" + (npp.map { " (NPP \($0))" } ?? "") }
        guard let nik else { return role.rawValue }
        return "\(role.rawValue) (NIK \(nik))"
    }
}

extension ParameterValue {
    /// The value as config and results write it: `48`, `null`, `"2021-04-01"`, `[[12, 10000], [null, 5000]]`.
    public var text: String {
        switch self {
        case .integer(let value): return String(value)
        case .text(let text): return "\"\(text)\""
        case .null: return "null"
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        }
    }
}

extension ParameterSet {
    /// One parameter value in force on a date, for `santunan rules show`.
    public struct Listing: Hashable, Sendable {
        public var key: String
        public var program: String
        public var unit: String
        public var description: String
        public var value: DatedValue
    }

    /// The parameters in force on `date` (optionally of one program file, e.g. `JKK`), in key order; parameters with
    /// no value on that date are left out.
    public func inForce(on date: CivilDate, program: String? = nil) -> [Listing] {
        sorted.compactMap { parameter in
            if let program, parameter.program.lowercased() != program.lowercased() { return nil }
            guard let value = parameter.value(on: date) else { return nil }
            return Listing(
                key: parameter.key, program: parameter.program, unit: parameter.unit,
                description: parameter.description, value: value)
        }
    }
}
