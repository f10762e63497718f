public import BenefitRules
public import ClaimStore
import Foundation
import SantunanValues

/// What an officer tells `claim new` that the database cannot know: the event, its date, the heirs, the documents
/// received and the payee's bank account (CONTRACT §1 `claim new`). Each field is filled from a flag or a prompt;
/// the values are checked as they are read (``ClaimDraftInput``).
public struct ClaimDraft: Sendable, Hashable {
    /// The participant's KPJ or NIK (`--participant`).
    public var participant: String?
    public var eventType: EventType?
    public var eventDate: CivilDate?
    /// nil = today.
    public var claimDate: CivilDate?
    public var heirs: [Heir] = []
    public var documents: [Document] = []
    public var payeeAccount: PayeeAccount?
    /// nil = ``ClaimDraftBuilder/caseID(kpj:type:date:)``.
    public var caseID: String?
    /// What a work accident caused (`event.accident`): asked for a `work_accident`, taken from the flags for the
    /// other work types.
    public var accident: Accident?

    public init() {}
}

/// `--payee-account BANK:NUMBER[:NAME]`.
public struct PayeeAccount: Sendable, Hashable {
    public var bankBIC: String
    public var number: String
    /// nil = the payee heir's name.
    public var holder: String?

    public init(bankBIC: String, number: String, holder: String?) {
        self.bankBIC = bankBIC
        self.number = number
        self.holder = holder
    }
}

/// Reading the officer's answers, from a flag or a prompt alike: each reader returns the value or a usage error
/// (exit 64) naming the flag and, for a choice, the allowed values.
public enum ClaimDraftInput {
    /// The event types in the order a prompt offers them; what each means to the office is in the catalogs
    /// (`claims.event-meaning.TYPE`).
    public static let eventChoices: [EventType] = [
        .death, .workAccidentDeath, .occupationalDiseaseDeath, .workAccident, .totalPermanentDisability, .oldAge,
        .resignation, .layoff, .leaveIndonesia, .jhtPartialWithdrawal,
    ]

    /// `key (nama)` for each document, for prompts: the office's names from `config/documents.rules`.
    public static func documentList(_ documents: [Document], rules: DocumentRules) -> String {
        documents.map { "\($0.rawValue) (\(rules.rule($0.rawValue)?.name ?? ""))" }.joined(separator: ", ")
    }

    public static func eventType(_ text: String, field: String = "--event") throws(AppError) -> EventType {
        try choice(text, field: field, message: "claims.input.event-type", listedAs: "types")
    }

    /// `text` (trimmed) as one of `T`'s raw values, else the usage error `message` quoting it, with every raw value
    /// in the argument named `listedAs`: one definition for the event types, relations and document keys.
    static func choice<T: CaseIterable & RawRepresentable>(
        _ text: String, field: String, message: String, listedAs list: String
    ) throws(AppError) -> T where T.RawValue == String {
        guard let value = T(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
            throw AppError(
                .usage, field: field,
                reason: t(
                    message,
                    [
                        "given": .text(JSONText.quote(text)),
                        list: .text(T.allCases.map(\.rawValue).joined(separator: ", ")),
                    ]))
        }
        return value
    }

    public static func date(_ text: String, field: String) throws(AppError) -> CivilDate {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count == 10, let date = CivilDate(iso: trimmed) else {
            throw AppError(
                .usage, field: field, reason: DateAnswers.reason(text, else: "claims.input.date", quoted: true))
        }
        return date
    }

    public static func relation(_ text: String, field: String) throws(AppError) -> Heir.Relation {
        try choice(text, field: field, message: "claims.input.relation", listedAs: "allowed")
    }

    public static func nik(_ text: String, field: String) throws(AppError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = !trimmed.isEmpty && trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        guard trimmed.utf8.count == 16, digits else {
            // A digit dropped or doubled is the usual slip: say how many were typed.
            let given = MessageArgument.text(JSONText.quote(text))
            throw AppError(
                .usage, field: field,
                reason: digits
                    ? t("claims.input.nik-length", ["given": given, "count": .number(Int64(trimmed.utf8.count))])
                    : t("claims.input.nik", ["given": given]))
        }
        return trimmed
    }

    public static func name(_ text: String, field: String) throws(AppError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= CaseBounds.nameLength,
            !trimmed.unicodeScalars.contains(where: PrintableText.isControl)
        else {
            throw AppError(
                .usage, field: field,
                reason: t("claims.input.name", ["limit": .text(String(CaseBounds.nameLength))]))
        }
        return trimmed
    }

    /// `LEVEL:GRADE` (`SMP:2`) or `none`.
    public static func education(_ text: String, field: String) throws(AppError) -> Education {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let levels = Education.Level.allCases.map(\.rawValue).joined(separator: ", ")
        guard let level = Education.Level(rawValue: parts[0]) else {
            throw AppError(
                .usage, field: field,
                reason: t("claims.input.education", ["given": .text(JSONText.quote(text)), "levels": .text(levels)]))
        }
        if level == .none {
            guard parts.count == 1 else {
                throw AppError(.usage, field: field, reason: t("claims.input.level-none"))
            }
            return Education(level: .none, grade: nil)
        }
        guard parts.count == 2, let grade = Int(parts[1]), (1...level.grades).contains(grade) else {
            throw AppError(
                .usage, field: field,
                reason: t(
                    "claims.input.grade",
                    [
                        "given": .text(JSONText.quote(text)), "level": .text(level.rawValue),
                        "grades": .text(String(level.grades)),
                    ]))
        }
        return Education(level: level, grade: grade)
    }

    /// `--heir relation=R,nik=N,name=TEXT,birth_date=DATE[,education=LEVEL:GRADE][,payee=yes]`.
    ///
    /// `relation`, `nik` and `name` are required, `birth_date` too for a child (as in the case file).
    public static func heir(_ text: String, field: String = "--heir") throws(AppError) -> Heir {
        var values: [String: String] = [:]
        let keys = ["relation", "nik", "name", "birth_date", "education", "payee"]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            let key = pair[0].trimmingCharacters(in: .whitespaces)
            guard pair.count == 2, keys.contains(key) else {
                throw AppError(
                    .usage, field: field,
                    reason: t(
                        "claims.input.heir-pair",
                        ["given": .text(JSONText.quote(String(part))), "keys": .text(keys.joined(separator: ", "))]))
            }
            guard values[key] == nil else {
                throw AppError(.usage, field: field, reason: t("claims.input.twice", ["key": .text(key)]))
            }
            values[key] = pair[1]
        }
        for key in ["relation", "nik", "name"] where values[key] == nil {
            throw AppError(
                .usage, field: field,
                reason: t("claims.input.heir-missing", ["key": .text(key)]))
        }
        let relation = try relation(values["relation"]!, field: "\(field) relation")
        var heir = Heir(
            nik: try nik(values["nik"]!, field: "\(field) nik"),
            name: try name(values["name"]!, field: "\(field) name"),
            relation: relation)
        if let birth = values["birth_date"] {
            heir.birthDate = try date(birth, field: "\(field) birth_date")
        } else if relation == .child {
            throw AppError(.usage, field: field, reason: t("claims.input.child-birth"))
        }
        if let education = values["education"] {
            heir.education = try self.education(education, field: "\(field) education")
        }
        if let payee = values["payee"] {
            guard let yes = yesNo(payee) else {
                throw AppError(
                    .usage, field: "\(field) payee",
                    reason: t("claims.input.yes-no", ["given": .text(JSONText.quote(payee))]))
            }
            heir.payee = yes
        }
        return heir
    }

    /// A whole number of rupiah, `0` to ``CaseBounds/largestAmount`` (dots as thousands separators allowed:
    /// `1.250.000`).
    public static func rupiah(_ text: String, field: String) throws(AppError) -> Rupiah {
        let digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ".", with: "")
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let amount = Int64(digits),
            amount <= CaseBounds.largestAmount
        else {
            throw AppError(
                .usage, field: field, reason: t("claims.input.rupiah", ["given": .text(JSONText.quote(text))]))
        }
        return Rupiah(amount)
    }

    /// Months unable to work, 0-600.
    public static func months(_ text: String, field: String) throws(AppError) -> Int {
        guard let months = Int(text.trimmingCharacters(in: .whitespaces)), (0...600).contains(months) else {
            throw AppError(
                .usage, field: field, reason: t("claims.input.months", ["given": .text(JSONText.quote(text))]))
        }
        return months
    }

    /// `CODE[:PCT]`: a key of the rulebook's injury table and, for a loss of function, its percentage (1-100).
    public static func injury(_ text: String, field: String = "--injury") throws(AppError) -> Injury {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
            .map(String.init)
        guard InjuryTable.codes.contains(parts[0]) else {
            throw AppError(
                .usage, field: field,
                reason: t(
                    "claims.input.injury",
                    [
                        "given": .text(JSONText.quote(parts[0])),
                        "codes": .text(InjuryTable.codes.joined(separator: ", ")),
                    ]))
        }
        guard parts.count <= 2 else { throw AppError(.usage, field: field, reason: t("claims.input.injury-shape")) }
        var loss: Int?
        if parts.count == 2 {
            guard let percent = Int(parts[1]), (1...100).contains(percent) else {
                throw AppError(
                    .usage, field: field, reason: t("claims.input.percent", ["given": .text(JSONText.quote(parts[1]))]))
            }
            loss = percent
        }
        return Injury(code: parts[0], functionLossPercent: loss)
    }

    /// `MODE:AMOUNT`: `land`, `sea` or `air`, and the cost of the trip in rupiah.
    public static func transport(_ text: String, field: String = "--transport") throws(AppError) -> TransportClaim {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":").map(String.init)
        guard parts.count == 2, let mode = TransportClaim.Mode(rawValue: parts[0]) else {
            throw AppError(
                .usage, field: field, reason: t("claims.input.transport", ["given": .text(JSONText.quote(text))]))
        }
        return TransportClaim(mode: mode, amount: try rupiah(parts[1], field: field))
    }

    /// `event.accident` from the work-accident flags.
    public static func accident(
        incapacityMonths: String?, injuries: [String], transport: [String], medical: String?, homeCare: String?,
        totalPermanent: Bool, leftHanded: Bool
    ) throws(AppError) -> Accident {
        var accident = Accident(leftHanded: leftHanded, totalPermanent: totalPermanent)
        if let incapacityMonths {
            accident.incapacityMonths = try months(incapacityMonths, field: "--incapacity-months")
        }
        for text in injuries { accident.injuries.append(try injury(text)) }
        for text in transport { accident.transport.append(try self.transport(text)) }
        if let medical { accident.medical = try rupiah(medical, field: "--medical") }
        if let homeCare { accident.homeCare = try rupiah(homeCare, field: "--home-care") }
        return accident
    }

    /// `yes`/`y`/`true` or `no`/`n`/`false`, nil otherwise.
    public static func yesNo(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "y", "true", "ya": return true
        case "no", "n", "false", "tidak": return false
        default: return nil
        }
    }

    public static func document(_ text: String, field: String = "--document") throws(AppError) -> Document {
        try choice(text, field: field, message: "claims.input.document", listedAs: "keys")
    }

    /// `BANK:NUMBER[:NAME]`: BANK is the bank's BIC (8 or 11 letters and digits), NUMBER the account number.
    public static func payeeAccount(_ text: String, field: String = "--payee-account") throws(AppError)
        -> PayeeAccount
    {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else {
            throw AppError(
                .usage, field: field, reason: t("claims.input.account", ["given": .text(JSONText.quote(text))]))
        }
        let bic = parts[0].trimmingCharacters(in: .whitespaces).uppercased()
        guard bic.utf8.count == 8 || bic.utf8.count == 11,
            bic.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) })
        else {
            throw AppError(
                .usage, field: field,
                reason: t("claims.input.bic", ["given": .text(JSONText.quote(parts[0]))]))
        }
        let number = parts[1].trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.utf8.count <= CaseBounds.accountNumberLength,
            number.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) })
        else {
            throw AppError(
                .usage, field: field,
                reason: t(
                    "claims.input.account-number",
                    [
                        "given": .text(JSONText.quote(parts[1])),
                        "limit": .text(String(CaseBounds.accountNumberLength)),
                    ]))
        }
        var holder: String?
        if parts.count == 3 { holder = try name(parts[2], field: "\(field) NAME") }
        return PayeeAccount(bankBIC: bic, number: number, holder: holder)
    }
}

/// Builds a case from a stored participant and a completed ``ClaimDraft`` (`claim new`).
public enum ClaimDraftBuilder {
    /// The generated case id: `<KPJ>-<YYYYMMDD>-<event type>`, e.g. `22109900411-20230305-work_accident_death`.
    ///
    /// One participant's membership, one event type, one event date: the same triple the database allows once
    /// (`submissions_event_key`), so the id of a claim says what it is, is the same when the same claim is built
    /// twice (a second `--submit` finds the first), and needs no counter (docs/decisions/0017-front-door.md).
    public static func caseID(kpj: String, type: EventType, date: CivilDate) -> String {
        let compact = String(format: "%04d%02d%02d", date.year, date.month, date.day)
        return "\(kpj)-\(compact)-\(type.rawValue)"
    }

    /// The KPJ an event belongs to: the `preferred` one (the KPJ the officer named) when the participant holds it,
    /// else the membership in force on the event date that carries JKK (work events) or any program, else the
    /// latest that started before it, else the first.
    public static func eventKPJ(_ participant: Participant, preferred: String?, type: EventType, date: CivilDate)
        -> String
    {
        let memberships = participant.memberships
        if let preferred, memberships.contains(where: { $0.kpj == preferred }) { return preferred }
        let inForce = memberships.filter { $0.start <= date && ($0.end.map { date <= $0 } ?? true) }
        if type.isWorkRelated, let jkk = inForce.first(where: { $0.programs.contains(.jkk) }) { return jkk.kpj }
        if let any = inForce.first { return any.kpj }
        if let latest = memberships.last(where: { $0.start <= date }) { return latest.kpj }
        return memberships.first?.kpj ?? ""
    }

    /// The case: the participant, memberships, segments, sponsor windows and contribution history from the database
    /// (``DatabaseHistory/participant(_:asOf:)``), the rest from `draft`; read back through the case reader, so what
    /// is returned is exactly what the written file holds.
    ///
    /// - Throws: ``AppError`` 64 for a missing draft field (naming the flag), 65 when the reader refuses the case
    ///   (naming the case-file field, e.g. `heirs[0].birth_date`).
    public static func build(
        _ draft: ClaimDraft, stored: StoredParticipant, today: CivilDate
    ) throws(AppError) -> (claim: Case, file: String) {
        guard let type = draft.eventType else {
            throw AppError(.usage, field: "--event", reason: t("claims.input.required"))
        }
        guard let date = draft.eventDate else {
            throw AppError(.usage, field: "--event-date", reason: t("claims.input.required"))
        }
        let participant = try DatabaseHistory.participant(stored, asOf: date)
        var preferred: String?
        if case .kpj(let kpj) = ParticipantReference(draft.participant ?? "") { preferred = kpj }
        let kpj = eventKPJ(participant, preferred: preferred, type: type, date: date)
        var accident = type.isWorkRelated ? draft.accident : nil
        if type == .workAccident, accident == nil { accident = Accident() }
        let event = Event(type: type, date: date, membership: type.isWorkRelated ? kpj : nil, accident: accident)
        var heirs = draft.heirs
        if !heirs.isEmpty, type.isDeath {
            // The payee: the heir marked payee=yes, else the first listed. The documents received and the account
            // go on the payee's entry (the checklist counts documents on any heir, RULEBOOK §4).
            let payee = heirs.firstIndex(where: \.payee) ?? 0
            heirs[payee].payee = true
            var documents = heirs[payee].documents
            for document in draft.documents where !documents.contains(document) { documents.append(document) }
            heirs[payee].documents = documents
            if let account = draft.payeeAccount {
                heirs[payee].bankAccount = BankAccount(
                    bankBIC: account.bankBIC, number: account.number, holder: account.holder ?? heirs[payee].name)
            }
        }
        let generated = caseID(kpj: kpj, type: type, date: date)
        if draft.caseID == nil, !CaseBounds.isCaseID(generated) {
            throw AppError(
                .usage, field: "--case-id",
                reason: t(
                    "claims.input.case-id",
                    ["given": .text(JSONText.quote(generated)), "limit": .text(String(CaseBounds.caseIDLength))]))
        }
        let claim = Case(
            caseID: draft.caseID ?? generated,
            claimDate: draft.claimDate ?? today, participant: participant, event: event, heirs: heirs)
        let file = CaseFileWriter.json(claim)
        do {
            return (try Case.parse(file, today: today), file)
        } catch {
            throw AppError(.invalidData, field: error.path, reason: error.reason)
        }
    }
}
