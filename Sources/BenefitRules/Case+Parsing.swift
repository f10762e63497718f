public import SantunanValues

extension Case {
    /// Parses and validates case-file bytes (CONTRACT §2) in the order of RULEBOOK §10: inside each object unknown
    /// keys, then missing required keys, then each field in the listed order; then the cross-field checks. The first
    /// problem wins.
    ///
    /// `today` bounds the dates a case may state: nothing after `today` + 1 year (docs/decisions/
    /// 0013-identity-and-bounds.md). The rules core has no clock, so the caller passes it; without one the fixed
    /// ``CaseParser/latestWithoutClock`` applies.
    public static func parse(_ bytes: some Collection<UInt8>, today: CivilDate? = nil) throws(CaseError) -> Case {
        let parser = CaseParser(today: today)
        // Fast path: a valid document read straight from the bytes; anything else is left to the tree reader and
        // the validator below, which word the first problem (CaseFastReader).
        if let fast = bytes.withContiguousStorageIfAvailable({ CaseFastReader.read($0, bounds: parser.bounds) }) ?? nil
        {
            try parser.crossChecks(fast)
            return fast
        }
        let document: JSONValue
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            if let path = error.duplicateKeyPath {
                throw CaseError(.duplicateKey, path: path, reason: "duplicate key")
            }
            throw CaseError(.syntax, path: "", reason: error.description(in: bytes))
        }
        return try parse(document, today: today)
    }

    /// Parses and validates a case file held in a string.
    public static func parse(_ text: String, today: CivilDate? = nil) throws(CaseError) -> Case {
        try parse(Array(text.utf8), today: today)
    }

    /// Validates an already-parsed JSON document.
    public static func parse(_ document: JSONValue, today: CivilDate? = nil) throws(CaseError) -> Case {
        let parser = CaseParser(today: today)
        let parsed = try parser.root(document)
        try parser.crossChecks(parsed)
        return parsed
    }
}

/// A field path, rendered only when an error needs it (`participant.memberships[0].contributions[3].month`).
indirect enum FieldPath: Sendable {
    case root
    case key(FieldPath, String)
    case index(FieldPath, Int)

    static func / (path: FieldPath, key: String) -> FieldPath { .key(path, key) }
    subscript(index: Int) -> FieldPath { .index(self, index) }

    var text: String {
        switch self {
        case .root: return ""
        case .key(let parent, let key):
            let prefix = parent.text
            return prefix.isEmpty ? key : prefix + "." + key
        case .index(let parent, let index): return parent.text + "[\(index)]"
        }
    }
}

/// The members of one JSON object after the unknown/required checks.
struct FieldSet {
    let members: [JSONMember]
    let path: FieldPath

    /// The value of `key`, `nil` when absent or `null`.
    subscript(key: String) -> JSONValue? {
        for member in members where member.key == key {
            return member.value.isNull ? nil : member.value
        }
        return nil
    }

    func contains(_ key: String) -> Bool { members.contains { $0.key == key } }
}

/// The validating reader behind ``Case/parse(_:)-(JSONValue)``.
struct CaseParser {
    /// The date window and the other bounds of this read (docs/decisions/0013-identity-and-bounds.md).
    let bounds: CaseBounds

    init(today: CivilDate? = nil) { bounds = CaseBounds(today: today) }

    static let rootKeys = ["case_id", "claim_date", "participant", "event", "heirs"]
    static let participantKeys = [
        "nik", "name", "birth_date", "memberships", "sex", "marital_status", "jht_balance_statement",
        "jp_balance_statement",
    ]
    static let membershipKeys = [
        "kpj", "segment", "employer", "start", "programs", "reported_wage", "end", "risk_group", "contributions",
        "sponsor",
    ]
    static let employerKeys = ["name", "kind", "npp"]
    static let sponsorKeys = ["name", "kind", "from", "to", "programs"]
    static let contributionKeys = ["month", "wage", "paid_on"]
    static let statementKeys = ["as_of", "amount"]
    static let eventKeys = ["type", "date", "membership", "accident"]
    static let accidentKeys = [
        "incapacity_months", "injuries", "left_handed", "transport", "home_care", "medical", "total_permanent",
    ]
    static let injuryKeys = ["code", "function_loss_pct"]
    static let transportKeys = ["mode", "amount"]
    static let heirKeys = [
        "nik", "name", "relation", "birth_date", "payee", "bank_account", "documents", "education", "scholarship",
        "married", "working",
    ]
    static let bankKeys = ["bank_bic", "number", "holder"]
    static let educationKeys = ["level", "grade"]
    static let earliestEvent = CivilDate(year: 2013, month: 1, day: 1)!

    // MARK: - Objects

    func root(_ value: JSONValue) throws(CaseError) -> Case {
        let path = FieldPath.root
        guard case .object(let members) = value else {
            throw CaseError(.wrongType, path: "", reason: "the case file must be a JSON object")
        }
        let fields = try checkKeys(members, path, allowed: CaseParser.rootKeys, required: CaseParser.rootKeys)
        let caseID = try self.caseID(fields["case_id"]!, path / "case_id")
        let claimDate = try date(fields["claim_date"]!, path / "claim_date")
        if claimDate < CaseBounds.earliestClaim {
            throw CaseError(
                .invalidValue, path: "claim_date",
                reason: "\"\(claimDate)\" is before \(CaseBounds.earliestClaim), the earliest claim date")
        }
        let participant = try participant(fields["participant"]!, path / "participant")
        let event = try event(fields["event"]!, path / "event")
        let heirs = try array(fields["heirs"]!, path / "heirs") { value, path throws(CaseError) in
            try heir(value, path)
        }
        return Case(caseID: caseID, claimDate: claimDate, participant: participant, event: event, heirs: heirs)
    }

    func participant(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Participant {
        let fields = try object(
            value, path, allowed: CaseParser.participantKeys, required: ["nik", "name", "birth_date", "memberships"])
        let nik = try nik(fields["nik"]!, path / "nik")
        let name = try text(fields["name"]!, path / "name", limit: CaseBounds.nameLength)
        let birthDate = try date(fields["birth_date"]!, path / "birth_date")
        let memberships = try array(fields["memberships"]!, path / "memberships") { value, path throws(CaseError) in
            try membership(value, path)
        }
        if memberships.isEmpty {
            throw CaseError(.invalidValue, path: (path / "memberships").text, reason: "must not be empty")
        }
        var sex: Participant.Sex?
        if let value = fields["sex"] { sex = try choice(value, path / "sex") }
        var marital: Participant.MaritalStatus?
        if let value = fields["marital_status"] { marital = try choice(value, path / "marital_status") }
        var jht: BalanceStatement?
        if let value = fields["jht_balance_statement"] { jht = try statement(value, path / "jht_balance_statement") }
        var jp: BalanceStatement?
        if let value = fields["jp_balance_statement"] { jp = try statement(value, path / "jp_balance_statement") }
        return Participant(
            nik: nik, name: name, birthDate: birthDate, sex: sex, maritalStatus: marital, memberships: memberships,
            jhtStatement: jht, jpStatement: jp)
    }

    func statement(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> BalanceStatement {
        let fields = try object(value, path, allowed: CaseParser.statementKeys, required: CaseParser.statementKeys)
        let asOf = try date(fields["as_of"]!, path / "as_of")
        let amount = try money(fields["amount"]!, path / "amount")
        return BalanceStatement(asOf: asOf, amount: amount)
    }

    func membership(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Membership {
        let fields = try object(
            value, path, allowed: CaseParser.membershipKeys,
            required: ["kpj", "segment", "employer", "start", "programs", "reported_wage"])
        let kpj = try text(fields["kpj"]!, path / "kpj", limit: CaseBounds.identifierLength, empty: false)
        let segment: Segment = try choice(fields["segment"]!, path / "segment")
        let employer = try employer(fields["employer"]!, path / "employer")
        let start = try date(fields["start"]!, path / "start")
        let programs = try programs(fields["programs"]!, path / "programs", all: Program.allCases)
        let wage = try money(fields["reported_wage"]!, path / "reported_wage", largest: CaseBounds.largestMonthlyWage)
        var end: CivilDate?
        if let value = fields["end"] { end = try date(value, path / "end") }
        var riskGroup: String?
        if let value = fields["risk_group"] {
            riskGroup = try string(value, path / "risk_group")
            guard ["I", "II", "III", "IV", "V"].contains(riskGroup!) else {
                throw CaseError(
                    .invalidValue, path: (path / "risk_group").text,
                    reason: "\(Quoting.quote(riskGroup!)) is not one of I, II, III, IV, V")
            }
        }
        var contributions: [ContributionRow]?
        if let value = fields["contributions"] {
            var months = Set<YearMonth>()
            contributions = try array(value, path / "contributions") { value, path throws(CaseError) in
                let row = try contribution(value, path)
                guard months.insert(row.month).inserted else {
                    throw CaseError(
                        .invalidValue, path: (path / "month").text,
                        reason: "\"\(row.month)\" appears twice in this membership")
                }
                return row
            }
        }
        var sponsor: SponsorWindow?
        if let value = fields["sponsor"] { sponsor = try self.sponsor(value, path / "sponsor") }
        return Membership(
            kpj: kpj, segment: segment, employer: employer, start: start, end: end, programs: programs,
            riskGroup: riskGroup, reportedWage: wage, contributions: contributions, sponsor: sponsor)
    }

    func employer(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Employer {
        let fields = try object(value, path, allowed: CaseParser.employerKeys, required: ["name", "kind"])
        let name = try text(fields["name"]!, path / "name", limit: CaseBounds.nameLength)
        let kind: EmployerKind = try choice(fields["kind"]!, path / "kind")
        var npp: String?
        if let value = fields["npp"] { npp = try text(value, path / "npp", limit: CaseBounds.identifierLength) }
        return Employer(npp: npp, name: name, kind: kind)
    }

    func sponsor(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> SponsorWindow {
        let fields = try object(value, path, allowed: CaseParser.sponsorKeys, required: CaseParser.sponsorKeys)
        let name = try text(fields["name"]!, path / "name", limit: CaseBounds.nameLength)
        let kind: SponsorWindow.Kind = try choice(fields["kind"]!, path / "kind")
        let from = try date(fields["from"]!, path / "from")
        let to = try date(fields["to"]!, path / "to")
        let programs = try programs(fields["programs"]!, path / "programs", all: Program.allCases)
        return SponsorWindow(name: name, kind: kind, from: from, to: to, programs: programs)
    }

    func contribution(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> ContributionRow {
        let fields = try object(value, path, allowed: CaseParser.contributionKeys, required: ["month", "wage"])
        let month = try yearMonth(fields["month"]!, path / "month")
        if month.year < CaseParser.firstContributionYear {
            throw CaseError(
                .invalidValue, path: (path / "month").text,
                reason: "\"\(month)\" is before \(CaseParser.firstContributionYear)-01, when contributions began")
        }
        let wage = try money(fields["wage"]!, path / "wage", largest: CaseBounds.largestMonthlyWage)
        var paidOn: CivilDate?
        if let value = fields["paid_on"] { paidOn = try date(value, path / "paid_on") }
        if let paidOn, paidOn.year < CaseParser.firstContributionYear {
            throw CaseError(
                .invalidValue, path: (path / "paid_on").text,
                reason: "\"\(paidOn)\" is before \(CaseParser.firstContributionYear)-01-01, when contributions began")
        }
        // The rulebook knows no payment in advance (BPU included): a month is paid on or after its first day.
        if let paidOn, paidOn < month.firstDay {
            throw CaseError(
                .inconsistent, path: (path / "paid_on").text,
                reason: "\"\(paidOn)\" is before \(month.firstDay), the first day of the month it pays")
        }
        return ContributionRow(month: month, wage: wage, paidOn: paidOn)
    }

    func event(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Event {
        let fields = try object(value, path, allowed: CaseParser.eventKeys, required: ["type", "date"])
        let type: EventType = try choice(fields["type"]!, path / "type")
        let date = try date(fields["date"]!, path / "date")
        if date < CaseParser.earliestEvent {
            throw CaseError(
                .invalidValue, path: (path / "date").text,
                reason: "\"\(date)\" is before 2013-01-01, the earliest supported event date")
        }
        var membership: String?
        if let value = fields["membership"] {
            membership = try text(value, path / "membership", limit: CaseBounds.identifierLength)
        }
        var accident: Accident?
        if let value = fields["accident"] { accident = try self.accident(value, path / "accident") }
        return Event(type: type, date: date, membership: membership, accident: accident)
    }

    func accident(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Accident {
        let fields = try object(value, path, allowed: CaseParser.accidentKeys, required: [])
        var accident = Accident()
        if let value = fields["incapacity_months"] {
            accident.incapacityMonths = try count(value, path / "incapacity_months", range: 0...600)
        }
        if let value = fields["injuries"] {
            accident.injuries = try array(value, path / "injuries") { value, path throws(CaseError) in
                try injury(value, path)
            }
        }
        if let value = fields["left_handed"] { accident.leftHanded = try bool(value, path / "left_handed") }
        if let value = fields["transport"] {
            accident.transport = try array(value, path / "transport") { value, path throws(CaseError) in
                let fields = try object(
                    value, path, allowed: CaseParser.transportKeys, required: CaseParser.transportKeys)
                let mode: TransportClaim.Mode = try choice(fields["mode"]!, path / "mode")
                return TransportClaim(mode: mode, amount: try money(fields["amount"]!, path / "amount"))
            }
        }
        if let value = fields["home_care"] { accident.homeCare = try money(value, path / "home_care") }
        if let value = fields["medical"] { accident.medical = try money(value, path / "medical") }
        if let value = fields["total_permanent"] { accident.totalPermanent = try bool(value, path / "total_permanent") }
        return accident
    }

    func injury(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Injury {
        let fields = try object(value, path, allowed: CaseParser.injuryKeys, required: ["code"])
        let code = try string(fields["code"]!, path / "code")
        guard InjuryTable.codeSet.contains(code) else {
            throw CaseError(
                .invalidValue, path: (path / "code").text,
                reason: "\(Quoting.quote(code)) is not an injury code of the rulebook table")
        }
        var loss: Int?
        if let value = fields["function_loss_pct"] {
            loss = try count(value, path / "function_loss_pct", range: 1...100)
        }
        return Injury(code: code, functionLossPercent: loss)
    }

    func heir(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Heir {
        guard case .object(let members) = value else {
            throw CaseError(.wrongType, path: path.text, reason: "must be an object")
        }
        // `birth_date` is required for a child; the relation decides before the missing-key check.
        var required = ["nik", "name", "relation"]
        if members.contains(where: { $0.key == "relation" && $0.value == .string("child") }) {
            required.append("birth_date")
        }
        let fields = try checkKeys(members, path, allowed: CaseParser.heirKeys, required: required)
        let nik = try nik(fields["nik"]!, path / "nik")
        let name = try text(fields["name"]!, path / "name", limit: CaseBounds.nameLength)
        let relation: Heir.Relation = try choice(fields["relation"]!, path / "relation")
        var heir = Heir(nik: nik, name: name, relation: relation)
        if let value = fields["birth_date"] { heir.birthDate = try date(value, path / "birth_date") }
        if let value = fields["payee"] { heir.payee = try bool(value, path / "payee") }
        if let value = fields["bank_account"] {
            let bankPath = path / "bank_account"
            let bank = try object(value, bankPath, allowed: CaseParser.bankKeys, required: CaseParser.bankKeys)
            heir.bankAccount = BankAccount(
                bankBIC: try text(bank["bank_bic"]!, bankPath / "bank_bic", limit: CaseBounds.bicLength),
                number: try text(bank["number"]!, bankPath / "number", limit: CaseBounds.accountNumberLength),
                holder: try text(bank["holder"]!, bankPath / "holder", limit: CaseBounds.nameLength))
        }
        if let value = fields["documents"] {
            heir.documents = try array(value, path / "documents") { value, path throws(CaseError) in
                try choice(value, path) as Document
            }
        }
        if let value = fields["education"] { heir.education = try education(value, path / "education") }
        if let value = fields["scholarship"] { heir.scholarship = try bool(value, path / "scholarship") }
        if let value = fields["married"] { heir.married = try bool(value, path / "married") }
        if let value = fields["working"] { heir.working = try bool(value, path / "working") }
        return heir
    }

    func education(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Education {
        guard case .object(let members) = value else {
            throw CaseError(.wrongType, path: path.text, reason: "must be an object")
        }
        let needsGrade = !members.contains { $0.key == "level" && $0.value == .string("none") }
        let fields = try checkKeys(
            members, path, allowed: CaseParser.educationKeys, required: needsGrade ? ["level", "grade"] : ["level"])
        let level: Education.Level = try choice(fields["level"]!, path / "level")
        var grade: Int?
        if level != .none, let value = fields["grade"] {
            grade = try count(value, path / "grade", range: 1...level.grades)
        }
        return Education(level: level, grade: grade)
    }

    // MARK: - Cross-field checks (RULEBOOK §10 step 2)

    func crossChecks(_ parsed: Case) throws(CaseError) {
        // Paths are spelled out only when an error is raised (no path built on the valid path).
        if let jp = parsed.participant.jpStatement, jp.asOf > parsed.claimDate {
            throw CaseError(
                .inconsistent, path: "participant.jp_balance_statement.as_of",
                reason: "\"\(jp.asOf)\" is after claim_date")
        }
        let memberships = parsed.participant.memberships
        for index in memberships.indices {
            let membership = memberships[index]
            for earlier in 0..<index where memberships[earlier].kpj == membership.kpj {
                throw CaseError(
                    .inconsistent, path: "participant.memberships[\(index)].kpj",
                    reason: "\"\(membership.kpj)\" is the kpj of an earlier membership")
            }
            if let end = membership.end, end < membership.start {
                throw CaseError(
                    .inconsistent, path: "participant.memberships[\(index)].end", reason: "\"\(end)\" is before start")
            }
            if let sponsor = membership.sponsor {
                guard membership.segment == .nonWageEarner else {
                    throw CaseError(
                        .inconsistent, path: "participant.memberships[\(index)].sponsor",
                        reason: "is allowed only for a BPU membership")
                }
                if sponsor.to < sponsor.from {
                    throw CaseError(
                        .inconsistent, path: "participant.memberships[\(index)].sponsor.to",
                        reason: "\"\(sponsor.to)\" is before from")
                }
            }
        }
        let event = parsed.event
        if event.date < parsed.participant.birthDate {
            throw CaseError(
                .inconsistent, path: "event.date",
                reason: "\"\(event.date)\" is before participant.birth_date")
        }
        if parsed.claimDate < event.date {
            throw CaseError(
                .inconsistent, path: "claim_date", reason: "\"\(parsed.claimDate)\" is before event.date")
        }
        if let kpj = event.membership {
            guard memberships.contains(where: { $0.kpj == kpj }) else {
                throw CaseError(
                    .inconsistent, path: "event.membership",
                    reason: "\"\(kpj)\" is not the kpj of a membership")
            }
        } else if event.type.isWorkRelated {
            throw CaseError(.missingField, path: "event.membership", reason: "is required")
        }
        if event.accident != nil, !event.type.isWorkRelated {
            throw CaseError(
                .inconsistent, path: "event.accident",
                reason: "is allowed only for work_accident, work_accident_death and occupational_disease_death")
        }
        if event.accident == nil, event.type == .workAccident {
            throw CaseError(.missingField, path: "event.accident", reason: "is required")
        }
        var payeeSeen = false
        for (index, heir) in parsed.heirs.enumerated() where heir.payee {
            if payeeSeen {
                throw CaseError(
                    .inconsistent, path: "heirs[\(index)].payee",
                    reason: "only one heir can be the payee")
            }
            payeeSeen = true
        }
        try boundChecks(parsed)
    }

    /// The cross-field bounds of issue 15: what made one claim pay twice or pay someone it should not.
    func boundChecks(_ parsed: Case) throws(CaseError) {
        let event = parsed.event
        if let injuries = event.accident?.injuries, injuries.count > 1 {
            var counts: [String: Int] = [:]
            for (index, injury) in injuries.enumerated() {
                let count = counts[injury.code, default: 0] + 1
                counts[injury.code] = count
                let maximum = InjuryTable.maximumEntries(injury.code)
                if count > maximum {
                    throw CaseError(
                        .inconsistent, path: "event.accident.injuries[\(index)].code",
                        reason: maximum == 1
                            ? "\"\(injury.code)\" is listed twice (one body part is paid once)"
                            : "\"\(injury.code)\" is listed more than \(maximum) times")
                }
            }
        }
        let participantNIK = parsed.participant.nik
        for (index, heir) in parsed.heirs.enumerated() {
            if heir.nik == participantNIK {
                throw CaseError(.inconsistent, path: "heirs[\(index)].nik", reason: "is the participant's NIK")
            }
            for earlier in 0..<index where parsed.heirs[earlier].nik == heir.nik {
                throw CaseError(
                    .inconsistent, path: "heirs[\(index)].nik",
                    reason: "\"\(heir.nik)\" is the NIK of heirs[\(earlier)]")
            }
            if let birth = heir.birthDate, birth > event.date {
                throw CaseError(
                    .inconsistent, path: "heirs[\(index)].birth_date", reason: "\"\(birth)\" is after event.date")
            }
        }
    }

    // MARK: - Values

    func checkKeys(
        _ members: [JSONMember], _ path: FieldPath, allowed: [String], required: [String]
    ) throws(CaseError) -> FieldSet {
        for member in members where !allowed.contains(member.key) {
            throw CaseError(
                .unknownField, path: (path / Quoting.escape(member.key, limit: Quoting.shown)).text,
                reason: "unknown field")
        }
        let fields = FieldSet(members: members, path: path)
        for key in required where fields[key] == nil {
            throw CaseError(.missingField, path: (path / key).text, reason: "is required")
        }
        return fields
    }

    func object(
        _ value: JSONValue, _ path: FieldPath, allowed: [String], required: [String]
    ) throws(CaseError) -> FieldSet {
        guard case .object(let members) = value else {
            throw CaseError(.wrongType, path: path.text, reason: "must be an object")
        }
        return try checkKeys(members, path, allowed: allowed, required: required)
    }

    func array<T>(
        _ value: JSONValue, _ path: FieldPath, _ element: (JSONValue, FieldPath) throws(CaseError) -> T
    ) throws(CaseError) -> [T] {
        guard case .array(let items) = value else {
            throw CaseError(.wrongType, path: path.text, reason: "must be an array")
        }
        if items.count > CaseBounds.largestList, !isContributions(path) {
            throw CaseError(
                .invalidValue, path: path.text,
                reason: "has \(items.count) items, more than the \(CaseBounds.largestList) a case may list")
        }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            result.append(try element(item, path[index]))
        }
        return result
    }

    func string(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> String {
        guard case .string(let text) = value else {
            throw CaseError(.wrongType, path: path.text, reason: "must be a string")
        }
        return text
    }

    /// Whether `path` is a membership's `contributions`, whose rows are bounded by their distinct months instead.
    func isContributions(_ path: FieldPath) -> Bool {
        if case .key(_, "contributions") = path { return true }
        return false
    }

    /// A free-text field: at most `limit` characters, no control characters (they would break the payment files,
    /// the CSV exports and the one-line errors), and not empty when `empty` is false.
    func text(_ value: JSONValue, _ path: FieldPath, limit: Int, empty: Bool = true) throws(CaseError) -> String {
        let text = try string(value, path)
        if !empty && text.isEmpty { throw CaseError(.invalidValue, path: path.text, reason: "must not be empty") }
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > limit {
                throw CaseError(.invalidValue, path: path.text, reason: "is longer than \(limit) characters")
            }
            if CaseBounds.isControl(scalar) {
                throw CaseError(
                    .invalidValue, path: path.text,
                    reason: "\(Quoting.quote(text)) contains a control character")
            }
        }
        return text
    }

    /// `case_id`: 1 to 64 characters of `A–Z a–z 0–9 - _ .` (``CaseBounds/isCaseID(_:)``).
    func caseID(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> String {
        let text = try string(value, path)
        if text.isEmpty { throw CaseError(.invalidValue, path: path.text, reason: "must not be empty") }
        if text.utf8.count > CaseBounds.caseIDLength {
            throw CaseError(
                .invalidValue, path: path.text, reason: "is longer than \(CaseBounds.caseIDLength) characters")
        }
        guard CaseBounds.isCaseID(text) else {
            throw CaseError(
                .invalidValue, path: path.text,
                reason: "\(Quoting.quote(text)) may use only letters, digits, '-', '_' and '.'")
        }
        return text
    }

    func nik(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> String {
        let text = try string(value, path)
        guard text.utf8.count == 16, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else {
            throw CaseError(.invalidValue, path: path.text, reason: "\(Quoting.quote(text)) is not a 16-digit NIK")
        }
        return text
    }

    func date(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> CivilDate {
        let text = try string(value, path)
        guard let date = CaseParser.fastDate(text) ?? CivilDate(iso: text) else {
            throw CaseError(.invalidValue, path: path.text, reason: "\(Quoting.quote(text)) is not a date")
        }
        if date.year < CaseParser.earliestYear {
            throw CaseError(
                .invalidValue, path: path.text, reason: "\"\(text)\" is before \(CaseParser.earliestYear)-01-01")
        }
        if date > bounds.latest {
            throw CaseError(.invalidValue, path: path.text, reason: "\"\(text)\" is \(latestPhrase)")
        }
        return date
    }

    /// Dates before this year are typing errors, not facts of a living case.
    static let earliestYear = 1900
    /// Contributions began with Astek in 1977; earlier contribution months or payments are typing errors, and
    /// accepting them would compound JHT development over centuries.
    static let firstContributionYear = 1977
    /// The largest amount a case may state: far above any wage or bill, and low enough that no formula can overflow.
    static let largestAmount: Int64 = CaseBounds.largestAmount

    /// "after 2027-12-06, a year after today" / "after 2050-12-31, the latest date without a clock".
    var latestPhrase: String {
        bounds.fromClock
            ? "after \(bounds.latest), a year after today"
            : "after \(bounds.latest), the latest date a case may state"
    }

    /// `YYYY-MM-DD` read straight from the string's UTF-8 (no intermediate array); `nil` = use the general parser.
    static func fastDate(_ text: String) -> CivilDate? {
        let parsed = text.utf8.withContiguousStorageIfAvailable { bytes -> CivilDate? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            var fields = (0, 0, 0)
            for (index, byte) in bytes.enumerated() where index != 4 && index != 7 {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if index < 4 {
                    fields.0 = fields.0 * 10 + digit
                } else if index < 7 {
                    fields.1 = fields.1 * 10 + digit
                } else {
                    fields.2 = fields.2 * 10 + digit
                }
            }
            return CivilDate(year: fields.0, month: fields.1, day: fields.2)
        }
        return parsed ?? nil
    }

    func yearMonth(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> YearMonth {
        let text = try string(value, path)
        guard let month = YearMonth(iso: text) else {
            throw CaseError(
                .invalidValue, path: path.text, reason: "\(Quoting.quote(text)) is not a month (YYYY-MM)")
        }
        if month > bounds.latest.yearMonth {
            throw CaseError(.invalidValue, path: path.text, reason: "\"\(text)\" is \(latestPhrase)")
        }
        return month
    }

    func bool(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Bool {
        guard case .bool(let flag) = value else {
            throw CaseError(.wrongType, path: path.text, reason: "must be true or false")
        }
        return flag
    }

    /// A whole number written without fraction or exponent; floats and strings are refused.
    func integer(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> Int64 {
        guard case .number(let lexeme) = value, let integer = Int64(lexeme) else {
            throw CaseError(.wrongType, path: path.text, reason: "must be an integer (whole rupiah / count)")
        }
        return integer
    }

    func money(
        _ value: JSONValue, _ path: FieldPath, largest: Int64 = CaseBounds.largestAmount
    ) throws(CaseError) -> Rupiah {
        let amount = try integer(value, path)
        if amount < 0 { throw CaseError(.invalidValue, path: path.text, reason: "\(amount) is negative") }
        if amount > largest {
            let what = largest == CaseBounds.largestMonthlyWage ? "monthly wage" : "amount"
            throw CaseError(
                .invalidValue, path: path.text,
                reason: "\(amount) exceeds \(Rupiah(largest)), the largest \(what) a case may state")
        }
        return Rupiah(amount)
    }

    func count(_ value: JSONValue, _ path: FieldPath, range: ClosedRange<Int>) throws(CaseError) -> Int {
        let number = try integer(value, path)
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            throw CaseError(
                .invalidValue, path: path.text,
                reason: "\(number) is not between \(range.lowerBound) and \(range.upperBound)")
        }
        return Int(number)
    }

    func choice<T: RawRepresentable & CaseIterable>(_ value: JSONValue, _ path: FieldPath) throws(CaseError) -> T
    where T.RawValue == String {
        let text = try string(value, path)
        guard let result = T(rawValue: text) else {
            let names = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw CaseError(.invalidValue, path: path.text, reason: "\(Quoting.quote(text)) is not one of \(names)")
        }
        return result
    }

    func programs(_ value: JSONValue, _ path: FieldPath, all: [Program]) throws(CaseError) -> [Program] {
        var seen: [Program] = []
        let programs = try array(value, path) { value, path throws(CaseError) in
            let program: Program = try choice(value, path)
            if seen.contains(program) {
                throw CaseError(.invalidValue, path: path.text, reason: "\"\(program.rawValue)\" is listed twice")
            }
            seen.append(program)
            return program
        }
        if programs.isEmpty { throw CaseError(.invalidValue, path: path.text, reason: "must not be empty") }
        return programs
    }
}

extension String {
    fileprivate static func / (path: String, key: String) -> String { path + "." + key }
}
