import SantunanValues

/// The fast path of ``Case/parse(_:)-(some Collection<UInt8>)``: reads a well-formed, valid case file straight from
/// its bytes into a ``Case`` — no `JSONValue` tree, no per-row arrays or dictionaries, no field paths, keys compared
/// as bytes against static keys (docs/decisions/0004-case-json-reader.md, next steps 1–2).
///
/// It never reports an error itself: on anything it does not accept as plainly valid (a syntax error, an unknown,
/// duplicate, missing or `null` required key, a wrong type, an invalid value, a string with an escape, a number with
/// a fraction or exponent, …) it gives up (`nil`) and the caller re-reads the document with the tree reader and the
/// validator, which find the first problem in RULEBOOK §10 order and word it exactly. So for every document it accepts
/// it must build the very ``Case`` the validator builds, and it must accept nothing the validator refuses.
struct CaseFastReader {
    /// Thrown to give up; the slow path decides.
    struct Bail: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// The latest date (packed as in ``ContributionRow``) and month ordinal the case may state (``CaseBounds``).
    private let latestPacked: Int32
    private let latestMonth: Int32

    private init(_ bytes: UnsafeBufferPointer<UInt8>, bounds: CaseBounds) {
        self.bytes = bytes
        latestPacked = bounds.latestPacked
        latestMonth = bounds.latestMonth
    }

    /// The case, or `nil` when the slow path must decide (including every invalid document and every value outside
    /// `bounds`).
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, bounds: CaseBounds = CaseBounds(today: nil)) -> Case? {
        var reader = CaseFastReader(buffer, bounds: bounds)
        do {
            reader.skipWhitespace()
            let parsed = try reader.root()
            reader.skipWhitespace()
            guard reader.position == buffer.count else { return nil }
            return parsed
        } catch {
            return nil
        }
    }

    // MARK: - Keys

    /// Every object's keys; the index in a list is the key's bit in the `seen` mask.
    enum Keys {
        static let root: [StaticString] = ["case_id", "claim_date", "participant", "event", "heirs"]
        static let participant: [StaticString] = [
            "nik", "name", "birth_date", "memberships", "sex", "marital_status", "jht_balance_statement",
            "jp_balance_statement",
        ]
        static let membership: [StaticString] = [
            "kpj", "segment", "employer", "start", "programs", "reported_wage", "end", "risk_group", "contributions",
            "sponsor",
        ]
        static let employer: [StaticString] = ["name", "kind", "npp"]
        static let sponsor: [StaticString] = ["name", "kind", "from", "to", "programs"]
        static let contribution: [StaticString] = ["month", "wage", "paid_on"]
        static let statement: [StaticString] = ["as_of", "amount"]
        static let event: [StaticString] = ["type", "date", "membership", "accident"]
        static let accident: [StaticString] = [
            "incapacity_months", "injuries", "left_handed", "transport", "home_care", "medical", "total_permanent",
        ]
        static let injury: [StaticString] = ["code", "function_loss_pct"]
        static let transport: [StaticString] = ["mode", "amount"]
        static let heir: [StaticString] = [
            "nik", "name", "relation", "birth_date", "payee", "bank_account", "documents", "education", "scholarship",
            "married", "working",
        ]
        static let bank: [StaticString] = ["bank_bic", "number", "holder"]
        static let education: [StaticString] = ["level", "grade"]
        static let riskGroups: [StaticString] = ["I", "II", "III", "IV", "V"]
    }

    // MARK: - Objects

    private mutating func root() throws(Bail) -> Case {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var caseID: String?
        var claimDate: CivilDate?
        var participant: Participant?
        var event: Event?
        var heirs: [Heir]?
        while let key = try nextKey(Keys.root, &seen) {
            if isNull() { throw Bail() }
            switch key {
            case 0: caseID = try self.caseID()
            case 1:
                let value = try date()
                if value < CaseBounds.earliestClaim { throw Bail() }
                claimDate = value
            case 2: participant = try self.participant()
            case 3: event = try self.event()
            default:
                try begin(UInt8(ascii: "["))
                var list: [Heir] = []
                var count = 0
                while try nextElement(&count) { list.append(try heir()) }
                heirs = list
            }
        }
        guard let caseID, let claimDate, let participant, let event, let heirs else { throw Bail() }
        return Case(caseID: caseID, claimDate: claimDate, participant: participant, event: event, heirs: heirs)
    }

    private mutating func participant() throws(Bail) -> Participant {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var nik: String?
        var name: String?
        var birthDate: CivilDate?
        var memberships: [Membership]?
        var sex: Participant.Sex?
        var marital: Participant.MaritalStatus?
        var jht: BalanceStatement?
        var jp: BalanceStatement?
        while let key = try nextKey(Keys.participant, &seen) {
            if isNull() {
                if key < 4 { throw Bail() }
                continue
            }
            switch key {
            case 0: nik = try self.nik()
            case 1: name = try string(limit: CaseBounds.nameLength)
            case 2: birthDate = try date()
            case 3:
                try begin(UInt8(ascii: "["))
                var list: [Membership] = []
                var count = 0
                while try nextElement(&count) { list.append(try membership()) }
                if list.isEmpty { throw Bail() }
                memberships = list
            case 4: sex = try choice()
            case 5: marital = try choice()
            case 6: jht = try statement()
            default: jp = try statement()
            }
        }
        guard let nik, let name, let birthDate, let memberships else { throw Bail() }
        return Participant(
            nik: nik, name: name, birthDate: birthDate, sex: sex, maritalStatus: marital, memberships: memberships,
            jhtStatement: jht, jpStatement: jp)
    }

    private mutating func statement() throws(Bail) -> BalanceStatement {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var asOf: CivilDate?
        var amount: Int64?
        while let key = try nextKey(Keys.statement, &seen) {
            if isNull() { throw Bail() }
            if key == 0 { asOf = try date() } else { amount = try integer() }
        }
        guard let asOf, let amount else { throw Bail() }
        return BalanceStatement(asOf: asOf, amount: Rupiah(amount))
    }

    private mutating func membership() throws(Bail) -> Membership {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var kpj: String?
        var segment: Segment?
        var employer: Employer?
        var start: CivilDate?
        var programs: [Program]?
        var wage: Int64?
        var end: CivilDate?
        var riskGroup: String?
        var contributions: [ContributionRow]?
        var sponsor: SponsorWindow?
        while let key = try nextKey(Keys.membership, &seen) {
            if isNull() {
                if key < 6 { throw Bail() }
                continue
            }
            switch key {
            case 0: kpj = try nonEmptyString(limit: CaseBounds.identifierLength)
            case 1: segment = try choice()
            case 2: employer = try self.employer()
            case 3: start = try date()
            case 4: programs = try self.programs()
            case 5: wage = try wageValue()
            case 6: end = try date()
            case 7:
                let slice = try stringBytes()
                guard CaseFastReader.match(slice, Keys.riskGroups) != nil else { throw Bail() }
                riskGroup = CaseFastReader.text(slice)
            case 8: contributions = try self.contributions()
            default: sponsor = try self.sponsor()
            }
        }
        guard let kpj, let segment, let employer, let start, let programs, let wage else { throw Bail() }
        return Membership(
            kpj: kpj, segment: segment, employer: employer, start: start, end: end, programs: programs,
            riskGroup: riskGroup, reportedWage: Rupiah(wage), contributions: contributions, sponsor: sponsor)
    }

    /// The rows straight from the bytes: no object per row, months checked for repeats without hashing while they
    /// ascend (the usual order).
    private mutating func contributions() throws(Bail) -> [ContributionRow] {
        try begin(UInt8(ascii: "["))
        var rows: [ContributionRow] = []
        // About 60 bytes per row in the usual layout.
        rows.reserveCapacity(min((bytes.count - position) / 48 + 1, 1024))
        var count = 0
        var previous = Int.min
        var ascending = true
        while try nextElement(&count) {
            if let row = try compactRow() {
                rows.append(row)
            } else {
                rows.append(try contributionRow())
            }
            let month = Int(rows[rows.count &- 1].monthOrdinal)
            if month <= previous { ascending = false }
            previous = month
        }
        if !ascending {
            var months = Set<Int32>()
            months.reserveCapacity(rows.count)
            for row in rows where !months.insert(row.monthOrdinal).inserted { throw Bail() }
        }
        return rows
    }

    /// One `{"month": …, "wage": …, "paid_on": …}` row (keys in any order, `paid_on` optional or null), its keys
    /// told apart by their lengths (5, 4, 7) and checked byte by byte.
    @inline(__always)
    private mutating func contributionRow() throws(Bail) -> ContributionRow {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var month: Int32 = 0
        var wage: Int64 = 0
        var paid: Int32 = 0
        let base = bytes.baseAddress!
        let end = bytes.count
        while true {
            skipWhitespace()
            guard position < end else { throw Bail() }
            if base[position] == UInt8(ascii: "}") {
                position &+= 1
                break
            }
            if seen != 0 {
                guard base[position] == UInt8(ascii: ",") else { throw Bail() }
                position &+= 1
                skipWhitespace()
            }
            let bit: UInt32
            if position &+ 10 <= end, let known = CaseFastReader.rowKey(base + position) {
                // The usual layout: the key, its closing quote and the colon read from one 8-byte word.
                bit = known.bit
                position &+= known.length
            } else {
                let key = try stringBytes()
                let k = key.baseAddress!
                switch key.count {
                case 5:
                    // "month"
                    guard k[0] == 0x6D, k[1] == 0x6F, k[2] == 0x6E, k[3] == 0x74, k[4] == 0x68 else { throw Bail() }
                    bit = 1
                case 4:
                    // "wage"
                    guard k[0] == 0x77, k[1] == 0x61, k[2] == 0x67, k[3] == 0x65 else { throw Bail() }
                    bit = 2
                case 7:
                    guard k[0] == 0x70, k[1] == 0x61, k[2] == 0x69, k[3] == 0x64, k[4] == 0x5F, k[5] == 0x6F,
                        k[6] == 0x6E
                    else { throw Bail() }  // paid_on
                    bit = 4
                default: throw Bail()
                }
                skipWhitespace()
                guard position < end, base[position] == UInt8(ascii: ":") else { throw Bail() }
                position &+= 1
            }
            guard seen & bit == 0 else { throw Bail() }
            seen |= bit
            skipWhitespace()
            switch bit {
            case 1: month = try monthValue()
            case 2: wage = try wageValue()
            default: if !isNull() { paid = try packedDate() }
            }
        }
        guard seen & 0b11 == 0b11 else { throw Bail() }
        try CaseFastReader.checkPaid(paid, month: month)
        return ContributionRow(ordinal: month, wage: wage, paidPacked: paid)
    }

    /// A row in its usual layout, `{"month": "YYYY-MM", "wage": N, "paid_on": "YYYY-MM-DD"}` (or `null`), read
    /// with fixed literals between the values and the same value readers as ``contributionRow()``; `nil` with the
    /// position unchanged for any other layout, which the general row reader then takes.
    private mutating func compactRow() throws(Bail) -> ContributionRow? {
        let start = position
        let end = bytes.count
        guard let base = bytes.baseAddress, start &+ 11 <= end, base[start] == UInt8(ascii: "{"),
            CaseFastReader.rowKey(base + (start &+ 1))?.bit == 1, base[start &+ 9] == 0x20
        else { return nil }
        position = start &+ 10
        let month = try monthValue()
        guard position &+ 12 <= end, base[position] == UInt8(ascii: ","), base[position &+ 1] == 0x20,
            CaseFastReader.rowKey(base + (position &+ 2))?.bit == 2, base[position &+ 9] == 0x20
        else {
            position = start
            return nil
        }
        position &+= 10
        let wage = try wageValue()
        guard position &+ 13 <= end, base[position] == UInt8(ascii: ","), base[position &+ 1] == 0x20,
            CaseFastReader.rowKey(base + (position &+ 2))?.bit == 4, base[position &+ 12] == 0x20
        else {
            position = start
            return nil
        }
        position &+= 13
        let paid = isNull() ? 0 : try packedDate()
        guard position < end, base[position] == UInt8(ascii: "}") else {
            position = start
            return nil
        }
        position &+= 1
        try CaseFastReader.checkPaid(paid, month: month)
        return ContributionRow(ordinal: month, wage: wage, paidPacked: paid)
    }

    /// A `paid_on` (packed, 0 = none) before the first day of the month it pays: the validator refuses it.
    @inline(__always)
    static func checkPaid(_ paid: Int32, month: Int32) throws(Bail) {
        guard paid != 0 else { return }
        let firstDay = (month / 12) &* 512 &+ (month % 12 &+ 1) &* 32 &+ 1
        if paid < firstDay { throw Bail() }
    }

    /// `"month":`, `"wage":` or `"paid_on":` at `p` (at least 10 readable bytes): the row key's bit and the bytes
    /// it takes, or `nil` for anything else (the caller then reads the key the general way).
    @inline(__always)
    static func rowKey(_ p: UnsafePointer<UInt8>) -> (bit: UInt32, length: Int)? {
        let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        // The bytes of `"month":`, `"wage":` and `"paid_on`, first byte lowest.
        if word == 0x3A22_6874_6E6F_6D22 { return (1, 8) }
        if word & 0x00FF_FFFF_FFFF_FFFF == 0x003A_2265_6761_7722 { return (2, 7) }
        if word == 0x6E6F_5F64_6961_7022, p[8] == UInt8(ascii: "\""), p[9] == UInt8(ascii: ":") { return (4, 10) }
        return nil
    }

    /// `"YYYY-MM"` as a month ordinal, read in place.
    @inline(__always)
    private mutating func monthValue() throws(Bail) -> Int32 {
        guard position &+ 9 <= bytes.count else { throw Bail() }
        let p = bytes.baseAddress! + position
        guard p[0] == UInt8(ascii: "\""), p[5] == UInt8(ascii: "-"), p[8] == UInt8(ascii: "\"") else { throw Bail() }
        let d0 = p[1] &- 0x30, d1 = p[2] &- 0x30, d2 = p[3] &- 0x30, d3 = p[4] &- 0x30
        let m0 = p[6] &- 0x30, m1 = p[7] &- 0x30
        guard d0 < 10, d1 < 10, d2 < 10, d3 < 10, m0 < 10, m1 < 10 else { throw Bail() }
        let year = Int32(d0) &* 1000 &+ Int32(d1) &* 100 &+ Int32(d2) &* 10 &+ Int32(d3)
        let month = Int32(m0) &* 10 &+ Int32(m1)
        guard year >= Int32(CaseParser.firstContributionYear), month >= 1, month <= 12 else { throw Bail() }
        let ordinal = year &* 12 &+ month &- 1
        guard ordinal <= latestMonth else { throw Bail() }
        position &+= 9
        return ordinal
    }

    private mutating func employer() throws(Bail) -> Employer {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var name: String?
        var kind: EmployerKind?
        var npp: String?
        while let key = try nextKey(Keys.employer, &seen) {
            if isNull() {
                if key < 2 { throw Bail() }
                continue
            }
            switch key {
            case 0: name = try string(limit: CaseBounds.nameLength)
            case 1: kind = try choice()
            default: npp = try string(limit: CaseBounds.identifierLength)
            }
        }
        guard let name, let kind else { throw Bail() }
        return Employer(npp: npp, name: name, kind: kind)
    }

    private mutating func sponsor() throws(Bail) -> SponsorWindow {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var name: String?
        var kind: SponsorWindow.Kind?
        var from: CivilDate?
        var to: CivilDate?
        var programs: [Program]?
        while let key = try nextKey(Keys.sponsor, &seen) {
            if isNull() { throw Bail() }
            switch key {
            case 0: name = try string(limit: CaseBounds.nameLength)
            case 1: kind = try choice()
            case 2: from = try date()
            case 3: to = try date()
            default: programs = try self.programs()
            }
        }
        guard let name, let kind, let from, let to, let programs else { throw Bail() }
        return SponsorWindow(name: name, kind: kind, from: from, to: to, programs: programs)
    }

    private mutating func programs() throws(Bail) -> [Program] {
        try begin(UInt8(ascii: "["))
        var list: [Program] = []
        list.reserveCapacity(5)
        var count = 0
        while try nextElement(&count) {
            let program: Program = try choice()
            if list.contains(program) { throw Bail() }
            list.append(program)
        }
        if list.isEmpty { throw Bail() }
        return list
    }

    private mutating func event() throws(Bail) -> Event {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var type: EventType?
        var date: CivilDate?
        var membership: String?
        var accident: Accident?
        while let key = try nextKey(Keys.event, &seen) {
            if isNull() {
                if key < 2 { throw Bail() }
                continue
            }
            switch key {
            case 0: type = try choice()
            case 1:
                let value = try self.date()
                if value < CaseParser.earliestEvent { throw Bail() }
                date = value
            case 2: membership = try string(limit: CaseBounds.identifierLength)
            default: accident = try self.accident()
            }
        }
        guard let type, let date else { throw Bail() }
        return Event(type: type, date: date, membership: membership, accident: accident)
    }

    private mutating func accident() throws(Bail) -> Accident {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var accident = Accident()
        while let key = try nextKey(Keys.accident, &seen) {
            if isNull() { continue }
            switch key {
            case 0: accident.incapacityMonths = try count(0...600)
            case 1:
                try begin(UInt8(ascii: "["))
                var count = 0
                var injuries: [Injury] = []
                while try nextElement(&count) { injuries.append(try injury()) }
                accident.injuries = injuries
            case 2: accident.leftHanded = try bool()
            case 3:
                try begin(UInt8(ascii: "["))
                var count = 0
                var transport: [TransportClaim] = []
                while try nextElement(&count) { transport.append(try self.transport()) }
                accident.transport = transport
            case 4: accident.homeCare = Rupiah(try integer())
            case 5: accident.medical = Rupiah(try integer())
            default: accident.totalPermanent = try bool()
            }
        }
        return accident
    }

    private mutating func injury() throws(Bail) -> Injury {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var code: String?
        var loss: Int?
        while let key = try nextKey(Keys.injury, &seen) {
            if isNull() {
                if key == 0 { throw Bail() }
                continue
            }
            if key == 0 {
                let text = try string(limit: 64)
                guard InjuryTable.codeSet.contains(text) else { throw Bail() }
                code = text
            } else {
                loss = try count(1...100)
            }
        }
        guard let code else { throw Bail() }
        return Injury(code: code, functionLossPercent: loss)
    }

    private mutating func transport() throws(Bail) -> TransportClaim {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var mode: TransportClaim.Mode?
        var amount: Int64?
        while let key = try nextKey(Keys.transport, &seen) {
            if isNull() { throw Bail() }
            if key == 0 { mode = try choice() } else { amount = try integer() }
        }
        guard let mode, let amount else { throw Bail() }
        return TransportClaim(mode: mode, amount: Rupiah(amount))
    }

    private mutating func heir() throws(Bail) -> Heir {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var nik: String?
        var name: String?
        var relation: Heir.Relation?
        var heir = Heir(nik: "", name: "", relation: .spouse)
        while let key = try nextKey(Keys.heir, &seen) {
            if isNull() {
                if key < 3 { throw Bail() }
                continue
            }
            switch key {
            case 0: nik = try self.nik()
            case 1: name = try string(limit: CaseBounds.nameLength)
            case 2: relation = try choice()
            case 3: heir.birthDate = try date()
            case 4: heir.payee = try bool()
            case 5: heir.bankAccount = try bank()
            case 6:
                try begin(UInt8(ascii: "["))
                var count = 0
                var documents: [Document] = []
                documents.reserveCapacity(10)
                while try nextElement(&count) { documents.append(try choice()) }
                heir.documents = documents
            case 7: heir.education = try education()
            case 8: heir.scholarship = try bool()
            case 9: heir.married = try bool()
            default: heir.working = try bool()
            }
        }
        guard let nik, let name, let relation else { throw Bail() }
        // A child needs its birth date (the validator's missing-key rule).
        if relation == .child && heir.birthDate == nil { throw Bail() }
        heir.nik = nik
        heir.name = name
        heir.relation = relation
        return heir
    }

    private mutating func bank() throws(Bail) -> BankAccount {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var fields: [String?] = [nil, nil, nil]
        while let key = try nextKey(Keys.bank, &seen) {
            if isNull() { throw Bail() }
            fields[key] = try string(
                limit: key == 0
                    ? CaseBounds.bicLength : key == 1 ? CaseBounds.accountNumberLength : CaseBounds.nameLength)
        }
        guard let bic = fields[0], let number = fields[1], let holder = fields[2] else { throw Bail() }
        return BankAccount(bankBIC: bic, number: number, holder: holder)
    }

    private mutating func education() throws(Bail) -> Education {
        try begin(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var level: Education.Level?
        var grade: Int64?
        var gradeSeen = false
        while let key = try nextKey(Keys.education, &seen) {
            if isNull() {
                if key == 0 { throw Bail() }
                continue
            }
            if key == 0 {
                level = try choice()
            } else {
                gradeSeen = true
                grade = try integer()
            }
        }
        guard let level else { throw Bail() }
        if level == .none {
            // The validator ignores `grade` for `none` whatever its type; leave such a case to it.
            if gradeSeen { throw Bail() }
            return Education(level: .none, grade: nil)
        }
        guard let grade, grade >= 1, grade <= Int64(level.grades) else { throw Bail() }
        return Education(level: level, grade: Int(grade))
    }

    // MARK: - Structure

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position &+= 1
            default: return
            }
        }
    }

    /// Consumes `{` or `[` (after whitespace).
    @inline(__always)
    private mutating func begin(_ byte: UInt8) throws(Bail) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { throw Bail() }
        position &+= 1
    }

    /// The next key of an object as its index in `keys` (then positioned at the value), or `nil` after the closing
    /// `}`; an unknown or repeated key gives up.
    private mutating func nextKey(_ keys: [StaticString], _ seen: inout UInt32) throws(Bail) -> Int? {
        skipWhitespace()
        guard position < bytes.count else { throw Bail() }
        if seen != 0 {
            if bytes[position] == UInt8(ascii: "}") {
                position &+= 1
                return nil
            }
            guard bytes[position] == UInt8(ascii: ",") else { throw Bail() }
            position &+= 1
            skipWhitespace()
        } else if bytes[position] == UInt8(ascii: "}") {
            position &+= 1
            return nil
        }
        let key = try stringBytes()
        guard let index = CaseFastReader.match(key, keys), seen & (1 << UInt32(index)) == 0 else { throw Bail() }
        seen |= 1 << UInt32(index)
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw Bail() }
        position &+= 1
        skipWhitespace()
        return index
    }

    /// Whether an array has another element (then positioned at it); consumes the closing `]`.
    private mutating func nextElement(_ count: inout Int) throws(Bail) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw Bail() }
        if bytes[position] == UInt8(ascii: "]") {
            position &+= 1
            return false
        }
        if count > 0 {
            guard bytes[position] == UInt8(ascii: ",") else { throw Bail() }
            position &+= 1
            skipWhitespace()
        }
        count &+= 1
        // Longer lists are refused by the validator; a membership's contribution rows (distinct months inside the date
        // window) stay below it, and a longer list is only left to the validator.
        guard count <= CaseBounds.largestList else { throw Bail() }
        return true
    }

    /// Consumes `null` when it is next.
    @inline(__always)
    private mutating func isNull() -> Bool {
        guard position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n"),
            bytes[position + 1] == UInt8(ascii: "u"), bytes[position + 2] == UInt8(ascii: "l"),
            bytes[position + 3] == UInt8(ascii: "l")
        else { return false }
        position &+= 4
        return true
    }

    /// The index of `slice` in `keys`, compared byte by byte.
    @inline(__always)
    static func match(_ slice: UnsafeBufferPointer<UInt8>, _ keys: [StaticString]) -> Int? {
        let length = slice.count
        for index in keys.indices {
            let key = keys[index]
            guard key.utf8CodeUnitCount == length else { continue }
            let start = key.utf8Start
            var offset = 0
            while offset < length && start[offset] == slice[offset] { offset &+= 1 }
            if offset == length { return index }
        }
        return nil
    }

    // MARK: - Values

    /// The bytes of a string without escapes or control characters (the quotes consumed).
    private mutating func stringBytes() throws(Bail) -> UnsafeBufferPointer<UInt8> {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Bail() }
        position &+= 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position &+= 1
                return slice
            }
            guard byte >= 0x20, byte != UInt8(ascii: "\\") else { throw Bail() }
            position &+= 1
        }
        throw Bail()
    }

    /// A string's text: ASCII copied as is, anything else validated as UTF-8 (as the tree reader does).
    static func text(_ slice: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: slice, as: UTF8.self)
    }

    /// A free-text value of at most `limit` bytes (so at most `limit` characters) without control characters;
    /// anything longer or with DEL or a C1 control is left to the validator, which counts characters and names it.
    private mutating func string(limit: Int) throws(Bail) -> String {
        let slice = try stringBytes()
        guard slice.count <= limit else { throw Bail() }
        for byte in slice where byte >= 0x7F {
            guard byte != 0x7F, let text = String(validating: slice, as: UTF8.self) else { throw Bail() }
            for scalar in text.unicodeScalars where CaseBounds.isControl(scalar) { throw Bail() }
            return text
        }
        return String(decoding: slice, as: UTF8.self)
    }

    private mutating func nonEmptyString(limit: Int) throws(Bail) -> String {
        let text = try string(limit: limit)
        if text.isEmpty { throw Bail() }
        return text
    }

    /// `case_id`: ``CaseBounds/isCaseID(_:)``.
    private mutating func caseID() throws(Bail) -> String {
        let slice = try stringBytes()
        guard !slice.isEmpty, slice.count <= CaseBounds.caseIDLength, slice.allSatisfy(CaseBounds.isCaseIDByte)
        else { throw Bail() }
        return String(decoding: slice, as: UTF8.self)
    }

    /// A monthly wage: ``integer()`` within ``CaseBounds/largestMonthlyWage``.
    @inline(__always)
    private mutating func wageValue() throws(Bail) -> Int64 {
        let value = try integer()
        guard value <= CaseBounds.largestMonthlyWage else { throw Bail() }
        return value
    }

    private mutating func nik() throws(Bail) -> String {
        let slice = try stringBytes()
        guard slice.count == 16 else { throw Bail() }
        for byte in slice where byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { throw Bail() }
        return String(decoding: slice, as: UTF8.self)
    }

    private mutating func choice<T: RawRepresentable & CaseIterable>() throws(Bail) -> T where T.RawValue == String {
        let slice = try stringBytes()
        for candidate in T.allCases {
            var raw = candidate.rawValue
            let equal = raw.withUTF8 { name in
                name.count == slice.count && (0..<name.count).allSatisfy { name[$0] == slice[$0] }
            }
            if equal { return candidate }
        }
        throw Bail()
    }

    private mutating func bool() throws(Bail) -> Bool {
        if position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "t"), bytes[position + 1] == UInt8(ascii: "r"),
            bytes[position + 2] == UInt8(ascii: "u"), bytes[position + 3] == UInt8(ascii: "e")
        {
            position &+= 4
            return true
        }
        if position + 5 <= bytes.count, bytes[position] == UInt8(ascii: "f"), bytes[position + 1] == UInt8(ascii: "a"),
            bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "s"),
            bytes[position + 4] == UInt8(ascii: "e")
        {
            position &+= 5
            return false
        }
        throw Bail()
    }

    /// A non-negative whole number written as plain digits (no sign, fraction or exponent, no leading zero, at most
    /// 18 digits); anything else gives up.
    private mutating func integer() throws(Bail) -> Int64 {
        guard let base = bytes.baseAddress else { throw Bail() }
        let start = position
        // The digits are scanned with a local index, so the loop keeps it in a register.
        var at = position
        var value: Int64 = 0
        while at < bytes.count {
            let digit = base[at] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ Int64(digit)
            at &+= 1
        }
        position = at
        let length = position - start
        guard length > 0, length <= 18, !(length > 1 && bytes[start] == UInt8(ascii: "0")) else { throw Bail() }
        if position < bytes.count {
            let next = bytes[position]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { throw Bail() }
        }
        // Larger amounts are refused by the full reader, which names the field.
        guard value <= CaseParser.largestAmount else { throw Bail() }
        return value
    }

    private mutating func count(_ range: ClosedRange<Int>) throws(Bail) -> Int {
        let value = try integer()
        guard value >= Int64(range.lowerBound), value <= Int64(range.upperBound) else { throw Bail() }
        return Int(value)
    }

    /// `"YYYY-MM-DD"` read in place: year, month and day of a day that exists.
    @inline(__always)
    private mutating func dateFields() throws(Bail) -> (Int, Int, Int) {
        guard position &+ 12 <= bytes.count else { throw Bail() }
        let p = bytes.baseAddress! + position
        guard p[0] == UInt8(ascii: "\""), p[5] == UInt8(ascii: "-"), p[8] == UInt8(ascii: "-"),
            p[11] == UInt8(ascii: "\"")
        else { throw Bail() }
        let d0 = p[1] &- 0x30, d1 = p[2] &- 0x30, d2 = p[3] &- 0x30, d3 = p[4] &- 0x30
        let m0 = p[6] &- 0x30, m1 = p[7] &- 0x30, a0 = p[9] &- 0x30, a1 = p[10] &- 0x30
        guard d0 < 10, d1 < 10, d2 < 10, d3 < 10, m0 < 10, m1 < 10, a0 < 10, a1 < 10 else { throw Bail() }
        let year = Int(d0) &* 1000 &+ Int(d1) &* 100 &+ Int(d2) &* 10 &+ Int(d3)
        let month = Int(m0) &* 10 &+ Int(m1)
        let day = Int(a0) &* 10 &+ Int(a1)
        guard year >= CaseParser.earliestYear, month >= 1, month <= 12, day >= 1,
            day <= CivilDate.daysIn(year: year, month: month),
            year &* 512 &+ month &* 32 &+ day <= Int(latestPacked)
        else {
            throw Bail()
        }
        position &+= 12
        return (year, month, day)
    }

    /// `YYYY-MM-DD`, a day that exists.
    private mutating func date() throws(Bail) -> CivilDate {
        let (year, month, day) = try dateFields()
        guard let date = CivilDate(year: year, month: month, day: day) else { throw Bail() }
        return date
    }

    /// A date packed as in ``ContributionRow`` (never 0).
    @inline(__always)
    private mutating func packedDate() throws(Bail) -> Int32 {
        let (year, month, day) = try dateFields()
        guard year >= CaseParser.firstContributionYear else { throw Bail() }
        return Int32(truncatingIfNeeded: year &* 512 &+ month &* 32 &+ day)
    }
}
