public import BenefitRules

/// Writes a ``Case`` as a case file (CONTRACT §2, docs/case-file.md): the keys in the contract's order, two-space
/// indentation, one contribution row per line, `null` for what is not known.
///
/// `claim new` writes its case through here and reads it back with ``Case/parse(_:today:)-(String,_)`` before using
/// it, so a file it writes is always one the readers accept (docs/decisions/0017-front-door.md).
public enum CaseFileWriter {
    public static func json(_ claim: Case) -> String {
        var out = "{\n"
        out += "  \"case_id\": \(q(claim.caseID)),\n"
        out += "  \"claim_date\": \(q(claim.claimDate.description)),\n"
        out += "  \"participant\": " + participant(claim.participant) + ",\n"
        out += "  \"event\": " + event(claim.event) + ",\n"
        out += "  \"heirs\": " + list(claim.heirs.map(heir), indent: "  ") + "\n"
        return out + "}\n"
    }

    static func q(_ text: String) -> String { JSONText.quote(text) }
    static func q(_ text: String?) -> String { text.map(JSONText.quote) ?? "null" }

    /// `[]`, or one item per line at `indent` + 2.
    static func list(_ items: [String], indent: String) -> String {
        guard !items.isEmpty else { return "[]" }
        return "[\n" + items.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
    }

    static func inline(_ values: [String]) -> String { "[" + values.map(q).joined(separator: ", ") + "]" }

    static func participant(_ p: Participant) -> String {
        var out = "{\n"
        out += "    \"nik\": \(q(p.nik)),\n"
        out += "    \"name\": \(q(p.name)),\n"
        out += "    \"birth_date\": \(q(p.birthDate.description)),\n"
        out += "    \"sex\": \(q(p.sex?.rawValue)),\n"
        out += "    \"marital_status\": \(q(p.maritalStatus?.rawValue)),\n"
        out += "    \"memberships\": " + list(p.memberships.map(membership), indent: "    ") + ",\n"
        out += "    \"jht_balance_statement\": \(statement(p.jhtStatement)),\n"
        out += "    \"jp_balance_statement\": \(statement(p.jpStatement))\n"
        return out + "  }"
    }

    static func statement(_ statement: BalanceStatement?) -> String {
        guard let statement else { return "null" }
        return "{\"as_of\": \(q(statement.asOf.description)), \"amount\": \(statement.amount.value)}"
    }

    static func membership(_ m: Membership) -> String {
        let pad = "        "
        var out = "{\n"
        out += pad + "\"kpj\": \(q(m.kpj)),\n"
        out += pad + "\"segment\": \(q(m.segment.rawValue)),\n"
        out +=
            pad + "\"employer\": {\"npp\": \(q(m.employer.npp)), \"name\": \(q(m.employer.name)), "
            + "\"kind\": \(q(m.employer.kind.rawValue))},\n"
        out += pad + "\"start\": \(q(m.start.description)),\n"
        out += pad + "\"end\": \(q(m.end?.description)),\n"
        out += pad + "\"programs\": \(inline(m.programs.map(\.rawValue))),\n"
        out += pad + "\"risk_group\": \(q(m.riskGroup)),\n"
        out += pad + "\"reported_wage\": \(m.reportedWage.value),\n"
        if let rows = m.contributions {
            let lines = rows.map { row in
                "{\"month\": \(q(row.month.description)), \"wage\": \(row.wage.value), "
                    + "\"paid_on\": \(q(row.paidOn?.description))}"
            }
            out += pad + "\"contributions\": " + list(lines, indent: pad) + ",\n"
        }
        if let s = m.sponsor {
            out +=
                pad + "\"sponsor\": {\"name\": \(q(s.name)), \"kind\": \(q(s.kind.rawValue)), "
                + "\"from\": \(q(s.from.description)), \"to\": \(q(s.to.description)), "
                + "\"programs\": \(inline(s.programs.map(\.rawValue)))}\n"
        } else {
            out += pad + "\"sponsor\": null\n"
        }
        return out + "      }"
    }

    static func event(_ e: Event) -> String {
        var out = "{\n"
        out += "    \"type\": \(q(e.type.rawValue)),\n"
        out += "    \"date\": \(q(e.date.description)),\n"
        out += "    \"membership\": \(q(e.membership)),\n"
        out += "    \"accident\": " + accident(e.accident) + "\n"
        return out + "  }"
    }

    static func accident(_ a: Accident?) -> String {
        guard let a else { return "null" }
        let injuries = a.injuries.map { injury in
            "{\"code\": \(q(injury.code)), \"function_loss_pct\": "
                + "\(injury.functionLossPercent.map(String.init) ?? "null")}"
        }
        let transport = a.transport.map { "{\"mode\": \(q($0.mode.rawValue)), \"amount\": \($0.amount.value)}" }
        return "{\"incapacity_months\": \(a.incapacityMonths), \"injuries\": [\(injuries.joined(separator: ", "))], "
            + "\"left_handed\": \(a.leftHanded), \"transport\": [\(transport.joined(separator: ", "))], "
            + "\"home_care\": \(a.homeCare.value), \"medical\": \(a.medical.value), "
            + "\"total_permanent\": \(a.totalPermanent)}"
    }

    static func heir(_ h: Heir) -> String {
        var fields = [
            "\"nik\": \(q(h.nik))", "\"name\": \(q(h.name))", "\"relation\": \(q(h.relation.rawValue))",
            "\"birth_date\": \(q(h.birthDate?.description))", "\"payee\": \(h.payee)",
        ]
        if let bank = h.bankAccount {
            fields.append(
                "\"bank_account\": {\"bank_bic\": \(q(bank.bankBIC)), \"number\": \(q(bank.number)), "
                    + "\"holder\": \(q(bank.holder))}")
        }
        fields.append("\"documents\": \(inline(h.documents.map(\.rawValue)))")
        if let education = h.education {
            fields.append(
                "\"education\": {\"level\": \(q(education.level.rawValue)), \"grade\": "
                    + "\(education.grade.map(String.init) ?? "null")}")
        }
        if let scholarship = h.scholarship { fields.append("\"scholarship\": \(scholarship)") }
        if h.married { fields.append("\"married\": true") }
        if h.working { fields.append("\"working\": true") }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}
