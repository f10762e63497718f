public import SantunanValues

/// A BPJS Ketenagakerjaan program.
public enum Program: String, Hashable, Sendable, CaseIterable, Comparable {
    /// Jaminan Kecelakaan Kerja: work accident and occupational disease.
    case jkk = "JKK"
    /// Jaminan Kematian: death not caused by work.
    case jkm = "JKM"
    /// Jaminan Hari Tua: old-age savings.
    case jht = "JHT"
    /// Jaminan Pensiun: pension.
    case jp = "JP"
    /// Jaminan Kehilangan Pekerjaan: job-loss (accepted in memberships; pays nothing in this engine).
    case jkp = "JKP"

    /// Result order of the rulebook (§0.1, §11.1): JKK, JKM, JHT, JP.
    var order: Int { Program.allCases.firstIndex(of: self)! }
    public static func < (lhs: Program, rhs: Program) -> Bool { lhs.order < rhs.order }
}

/// The kind of event a case claims for (`event.type`, CONTRACT §2).
public enum EventType: String, Hashable, Sendable, CaseIterable {
    case death
    case workAccidentDeath = "work_accident_death"
    case occupationalDiseaseDeath = "occupational_disease_death"
    case workAccident = "work_accident"
    case totalPermanentDisability = "total_permanent_disability"
    case oldAge = "old_age"
    case resignation
    case layoff
    case leaveIndonesia = "leave_indonesia"
    case jhtPartialWithdrawal = "jht_partial_withdrawal"

    /// The three death events, whose heirs claim and whose documents are checked (RULEBOOK §4).
    public var isDeath: Bool { self == .death || self == .workAccidentDeath || self == .occupationalDiseaseDeath }

    /// The three work-related events that need `event.membership` (RULEBOOK §1).
    public var isWorkRelated: Bool {
        self == .workAccident || self == .workAccidentDeath || self == .occupationalDiseaseDeath
    }
}

/// The kind of employer behind a membership (`employer.kind`).
public enum EmployerKind: String, Hashable, Sendable, CaseIterable {
    case company
    /// A government unit (OPD) employing non-civil-servant (honorer) workers.
    case governmentUnit = "government_unit"
    /// A construction project (JAKON).
    case project
    /// A BPU participant paying for themselves.
    case `self`
}

/// The employer of a membership.
public struct Employer: Hashable, Sendable {
    public var npp: String?
    public var name: String
    public var kind: EmployerKind
    public init(npp: String?, name: String, kind: EmployerKind) {
        self.npp = npp
        self.name = name
        self.kind = kind
    }
}

/// One monthly contribution row: the wage (or declared income) of a month and when it was paid.
///
/// Stored compactly (16 bytes: the wage, the month ordinal and the packed `paid_on`), so that the JHT and JP loops
/// read integers and a history of a few hundred rows stays in a few cache lines; ``month``, ``wage`` and ``paidOn``
/// are views of those integers.
public struct ContributionRow: Hashable, Sendable {
    /// `wage` in whole rupiah.
    var wageValue: Int64
    /// `month` as `year × 12 + month − 1` (``YearMonth/ordinal``).
    var monthOrdinal: Int32
    /// `paid_on` as `year × 512 + month × 32 + day` (ordered like the dates); 0 = unpaid.
    var paidPacked: Int32

    public var month: YearMonth {
        get { YearMonth(ordinal: Int(monthOrdinal)) }
        set { monthOrdinal = Int32(truncatingIfNeeded: newValue.ordinal) }
    }

    public var wage: Rupiah {
        get { Rupiah(wageValue) }
        set { wageValue = newValue.value }
    }

    /// `nil` = unpaid (arrears).
    public var paidOn: CivilDate? {
        get { paidPacked == 0 ? nil : CivilDate(packed: paidPacked) }
        set { paidPacked = newValue.map(ContributionRow.pack) ?? 0 }
    }

    public init(month: YearMonth, wage: Rupiah, paidOn: CivilDate?) {
        wageValue = wage.value
        monthOrdinal = Int32(truncatingIfNeeded: month.ordinal)
        paidPacked = paidOn.map(ContributionRow.pack) ?? 0
    }

    init(ordinal: Int32, wage: Int64, paidPacked: Int32) {
        wageValue = wage
        monthOrdinal = ordinal
        self.paidPacked = paidPacked
    }

    /// `year × 512 + month × 32 + day`: never 0 for a date, and ordered like the dates.
    @inline(__always)
    static func pack(_ date: CivilDate) -> Int32 {
        Int32(truncatingIfNeeded: date.year &* 512 &+ date.month &* 32 &+ date.day)
    }

    /// The month ordinal of `paid_on` (only when paid).
    @inline(__always)
    var paidMonthOrdinal: Int {
        let packed = Int(paidPacked)
        return (packed >> 9) &* 12 &+ ((packed >> 5) & 15) &- 1
    }
}

extension CivilDate {
    /// The date of a packed `year × 512 + month × 32 + day` (``ContributionRow/pack(_:)`` wrote it from a valid date).
    @inline(__always)
    init(packed: Int32) {
        let value = Int(packed)
        self.init(unchecked: value >> 9, (value >> 5) & 15, value & 31)
    }
}

/// The window in which a local government or CSR sponsor pays a BPU participant's contributions.
public struct SponsorWindow: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case localGovernment = "local_government"
        case csr
    }
    public var name: String
    public var kind: Kind
    public var from: CivilDate
    public var to: CivilDate
    public var programs: [Program]
    public init(name: String, kind: Kind, from: CivilDate, to: CivilDate, programs: [Program]) {
        self.name = name
        self.kind = kind
        self.from = from
        self.to = to
        self.programs = programs
    }
}

/// A balance taken from a BPJS statement (`jht_balance_statement`, `jp_balance_statement`).
public struct BalanceStatement: Hashable, Sendable {
    public var asOf: CivilDate
    public var amount: Rupiah
    public init(asOf: CivilDate, amount: Rupiah) {
        self.asOf = asOf
        self.amount = amount
    }
}

/// A participant's membership under one KPJ, with its contribution history.
public struct Membership: Hashable, Sendable {
    public var kpj: String
    public var segment: Segment
    public var employer: Employer
    public var start: CivilDate
    public var end: CivilDate?
    public var programs: [Program]
    public var riskGroup: String?
    /// The last wage reported before the event: the JKK basis `U`.
    public var reportedWage: Rupiah
    /// The monthly history; `nil` when the case does not embed it (then it comes from the database).
    public var contributions: [ContributionRow]?
    public var sponsor: SponsorWindow?

    public init(
        kpj: String, segment: Segment, employer: Employer, start: CivilDate, end: CivilDate?, programs: [Program],
        riskGroup: String?, reportedWage: Rupiah, contributions: [ContributionRow]?, sponsor: SponsorWindow?
    ) {
        self.kpj = kpj
        self.segment = segment
        self.employer = employer
        self.start = start
        self.end = end
        self.programs = programs
        self.riskGroup = riskGroup
        self.reportedWage = reportedWage
        self.contributions = contributions
        self.sponsor = sponsor
    }

    /// Whether the membership carries `program`.
    public func has(_ program: Program) -> Bool { programs.contains(program) }
}

extension Array where Element == Membership {
    /// Whether some membership carries `program`, read in place (no membership is copied).
    func anyHas(_ program: Program) -> Bool {
        withUnsafeBufferPointer { memberships in
            for index in memberships.indices where memberships[index].programs.contains(program) { return true }
            return false
        }
    }

    /// Whether some membership carrying `program` has no embedded history; its index (§2.3).
    func firstWithoutHistory(_ program: Program) -> Int? {
        withUnsafeBufferPointer { memberships in
            for index in memberships.indices
            where memberships[index].contributions == nil && memberships[index].programs.contains(program) {
                return index
            }
            return nil
        }
    }
}

/// The insured person (peserta).
public struct Participant: Hashable, Sendable {
    public enum Sex: String, Hashable, Sendable, CaseIterable {
        case male = "M"
        case female = "F"
    }
    public enum MaritalStatus: String, Hashable, Sendable, CaseIterable {
        case single, married, divorced, widowed
    }
    public var nik: String
    public var name: String
    public var birthDate: CivilDate
    public var sex: Sex?
    public var maritalStatus: MaritalStatus?
    public var memberships: [Membership]
    public var jhtStatement: BalanceStatement?
    public var jpStatement: BalanceStatement?

    public init(
        nik: String, name: String, birthDate: CivilDate, sex: Sex?, maritalStatus: MaritalStatus?,
        memberships: [Membership], jhtStatement: BalanceStatement?, jpStatement: BalanceStatement?
    ) {
        self.nik = nik
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.maritalStatus = maritalStatus
        self.memberships = memberships
        self.jhtStatement = jhtStatement
        self.jpStatement = jpStatement
    }
}

/// A parameter as a result line reports it: `{key, value, effective_from, confirmed}` (RULEBOOK §11.6).
///
/// The fields live in one immutable shared record, built once per parameter row when a calculator is created, so
/// that copying a use into a line's parameter list costs one reference count rather than one per field.
public struct ParameterUse: Hashable, Sendable {
    final class Record: Sendable {
        let key: String
        let value: ParameterValue
        let effectiveFrom: CivilDate
        let confirmed: Bool
        /// `"<key> is unconfirmed (confirmed: false)"` for an unconfirmed use, else empty: built once with the use,
        /// so that a claim reading the parameter builds no text (RULEBOOK §11.5).
        let unconfirmedWarning: String

        init(key: String, value: ParameterValue, effectiveFrom: CivilDate, confirmed: Bool) {
            self.key = key
            self.value = value
            self.effectiveFrom = effectiveFrom
            self.confirmed = confirmed
            unconfirmedWarning = confirmed ? "" : "\(key) is unconfirmed (confirmed: false)"
        }
    }

    private var record: Record

    public var key: String {
        get { record.key }
        set { record = Record(key: newValue, value: value, effectiveFrom: effectiveFrom, confirmed: confirmed) }
    }
    public var value: ParameterValue {
        get { record.value }
        set { record = Record(key: key, value: newValue, effectiveFrom: effectiveFrom, confirmed: confirmed) }
    }
    public var effectiveFrom: CivilDate {
        get { record.effectiveFrom }
        set { record = Record(key: key, value: value, effectiveFrom: newValue, confirmed: confirmed) }
    }
    public var confirmed: Bool {
        get { record.confirmed }
        set { record = Record(key: key, value: value, effectiveFrom: effectiveFrom, confirmed: newValue) }
    }
    /// `"<key> is unconfirmed (confirmed: false)"` for an unconfirmed use, else empty.
    var unconfirmedWarning: String { record.unconfirmedWarning }

    public init(key: String, value: ParameterValue, effectiveFrom: CivilDate, confirmed: Bool) {
        record = Record(key: key, value: value, effectiveFrom: effectiveFrom, confirmed: confirmed)
    }

    /// The use of `dated`, the value of parameter `key`.
    public init(key: String, _ dated: DatedValue) {
        self.init(key: key, value: dated.value, effectiveFrom: dated.effectiveFrom, confirmed: dated.confirmed)
    }

    public static func == (lhs: ParameterUse, rhs: ParameterUse) -> Bool {
        lhs.record === rhs.record
            || (lhs.key == rhs.key && lhs.value == rhs.value && lhs.effectiveFrom == rhs.effectiveFrom
                && lhs.confirmed == rhs.confirmed)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(value)
        hasher.combine(effectiveFrom)
        hasher.combine(confirmed)
    }
}
