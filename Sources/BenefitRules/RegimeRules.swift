import SantunanValues

/// A parameter value as a line reads it: the integer and the `{key, value, effective_from, confirmed}` it reports.
struct Rated: Sendable {
    let value: Int64
    let use: ParameterUse
    let basis: String
    /// `[use]`, built once so that a line reading only this parameter allocates no array.
    let uses: [ParameterUse]

    init(value: Int64, use: ParameterUse, basis: String) {
        self.value = value
        self.use = use
        self.basis = basis
        uses = [use]
    }

    var rupiah: Rupiah { Rupiah(value) }
}

/// A parameter whose value may be `null` ("none", "not covered", "not in force").
struct OptionalRated: Sendable {
    let value: Int64?
    let use: ParameterUse
    let basis: String
    /// `[use]`, built once.
    let uses: [ParameterUse]

    init(value: Int64?, use: ParameterUse, basis: String) {
        self.value = value
        self.use = use
        self.basis = basis
        uses = [use]
    }
}

/// The JKK, JKM, scholarship, heir and regime parameters in force over one date interval, resolved once into typed
/// fields so that a claim computation reads no string-keyed table (RULEBOOK §0.1, §3, §5, §6, §7).
///
/// A class so that handing a snapshot to a claim costs one reference count, not one per field.
final class RegimeRules: Sendable {
    enum ScholarshipScheme: String, Sendable {
        case none
        /// PP 44/2015: one lump sum for one child.
        case pp44OneChild = "pp44_one_child"
        /// PP 82/2019: yearly installments for up to two children.
        case pp82Yearly = "pp82_yearly"
    }

    /// First day of the interval these values hold for.
    let from: CivilDate
    /// `PP53`, `PP44` or `PP82`.
    let code: String
    let jkkInstrument: (text: String, from: CivilDate)
    let jkmInstrument: (text: String, from: CivilDate)
    let jhtInstrument: (text: String, from: CivilDate)
    let jpInstrument: (text: String, from: CivilDate)
    let heirClasses: Int
    let residualRole: Payee.Role
    let heirBasis: String

    // JKK (§5.1)
    let deathMultiplier: Rated
    let deathMinimum: Rated
    /// The parameters of the `jkk.death` line: multiplier, minimum.
    let deathUses: [ParameterUse]
    /// The parameters of the `jkk.disability_total` line: percentage, wage months.
    let totalDisabilityUses: [ParameterUse]
    let jkkFuneral: Rated
    let jkkDeathPeriodic: Rated
    let wageMonths: Rated
    let totalPct: Rated
    let disabilityPeriodic: Rated
    let partialCap: Rated
    let stmbSteps: [(months: Int?, bp: Int64)]
    let stmb: OptionalRated
    /// Indexed by `TransportClaim.Mode` order: land, sea, air.
    let transportCaps: [Rated]
    let medicalCap: OptionalRated
    let homeCareCap: OptionalRated
    let expiryYears: OptionalRated
    let table: [String: Rated]

    // JKM (§6)
    let jkmDeath: Rated
    let jkmFuneral: Rated
    let jkmPeriodic: Rated
    let jkmScholarshipMonths: OptionalRated
    let bpuLimitedDeath: OptionalRated
    let bpuLimitedFuneral: OptionalRated
    let bpuLimitedMonths: OptionalRated

    // Scholarships (§7)
    let scheme: ScholarshipScheme
    let maxChildren: OptionalRated
    let pp44Amount: OptionalRated
    /// Indexed by `Education.Level` order (`none` unused).
    let rates: [OptionalRated]
    let ageLimit: OptionalRated
    let payableFrom: (date: CivilDate, use: ParameterUse)?

    /// The programs a claim evaluated, in the bits of an index into ``regimeEntries``.
    struct Evaluated: OptionSet {
        let rawValue: Int
        static let jkk = Evaluated(rawValue: 1)
        static let jkm = Evaluated(rawValue: 2)
        static let jht = Evaluated(rawValue: 4)
        static let jp = Evaluated(rawValue: 8)
    }

    /// The `regime` array of each set of evaluated programs, in result order (JKK, JKM, JHT, JP; RULEBOOK §0.1),
    /// built once so that a claim shares it instead of building one. JP is always PP 45/2015 (``JPCalculator/regime``).
    let regimeEntries: [[RegimeEntry]]

    /// Every key this snapshot reads (for the interval boundaries and `rules show`).
    static let fixedKeys: [String] = [
        "regime.code", "regime.JKK.instrument", "regime.JKM.instrument", "regime.JHT.instrument",
        "regime.JP.instrument", "heirs.classes", "heirs.residual_payee", "jkk.death.wage_multiplier",
        "jkk.death.minimum", "jkk.funeral", "jkk.death_periodic", "jkk.disability.wage_months",
        "jkk.disability_total.pct_bp", "jkk.disability_periodic", "jkk.disability_partial.max_pct_bp",
        "jkk.stmb.schedule", "jkk.transport.cap.land", "jkk.transport.cap.sea", "jkk.transport.cap.air",
        "jkk.medical.cap", "jkk.home_care.cap", "jkk.expiry_years", "jkm.death", "jkm.funeral", "jkm.periodic",
        "jkm.scholarship.min_months", "jkm.bpu_limited.death", "jkm.bpu_limited.funeral",
        "jkm.bpu_limited.min_membership_months", "scholarship.scheme", "scholarship.max_children",
        "scholarship.pp44.amount", "scholarship.rate.TK", "scholarship.rate.SD", "scholarship.rate.SMP",
        "scholarship.rate.SMA", "scholarship.rate.PT", "scholarship.age_limit", "scholarship.payable_from",
    ]

    static func tableKey(_ code: String) -> String { "jkk.disability.table.\(code)_bp" }

    static var allKeys: [String] { fixedKeys + InjuryTable.codes.map(tableKey) }

    /// Resolves every parameter on `date`; a missing value names the parameter and the date.
    init(_ parameters: ParameterSet, on date: CivilDate) throws(ParameterError) {
        let reader = Reader(parameters: parameters, date: date)
        from = date
        code = try reader.text("regime.code")
        let jkk = try reader.instrument("regime.JKK.instrument")
        let jkm = try reader.instrument("regime.JKM.instrument")
        let jht = try reader.instrument("regime.JHT.instrument")
        jkkInstrument = jkk
        jkmInstrument = jkm
        jhtInstrument = jht
        let entries = [
            RegimeEntry(program: .jkk, instrument: jkk.text, effectiveFrom: jkk.from),
            RegimeEntry(program: .jkm, instrument: jkm.text, effectiveFrom: jkm.from),
            RegimeEntry(program: .jht, instrument: jht.text, effectiveFrom: jht.from),
            RegimeEntry(
                program: .jp, instrument: JPCalculator.regime.instrument,
                effectiveFrom: JPCalculator.regime.effectiveFrom),
        ]
        regimeEntries = (0..<16).map { mask in entries.indices.filter { mask & (1 << $0) != 0 }.map { entries[$0] } }
        jpInstrument = try reader.instrument("regime.JP.instrument")
        heirClasses = Int(try reader.integer("heirs.classes").value)
        let residual = try reader.text("heirs.residual_payee")
        guard let role = Payee.Role(rawValue: residual), role == .danaJaminanSosial || role == .balaiHartaPeninggalan
        else {
            throw ParameterError(
                .wrongKind, key: "heirs.residual_payee", reason: "\"\(residual)\" is not a residual role")
        }
        residualRole = role
        heirBasis = try reader.dated("heirs.classes").basis
        deathMultiplier = try reader.integer("jkk.death.wage_multiplier")
        deathMinimum = try reader.integer("jkk.death.minimum")
        jkkFuneral = try reader.integer("jkk.funeral")
        jkkDeathPeriodic = try reader.integer("jkk.death_periodic")
        wageMonths = try reader.integer("jkk.disability.wage_months")
        totalPct = try reader.integer("jkk.disability_total.pct_bp")
        disabilityPeriodic = try reader.integer("jkk.disability_periodic")
        partialCap = try reader.integer("jkk.disability_partial.max_pct_bp")
        deathUses = [deathMultiplier.use, deathMinimum.use]
        totalDisabilityUses = [totalPct.use, wageMonths.use]
        let schedule = try reader.dated("jkk.stmb.schedule")
        stmb = OptionalRated(value: nil, use: ParameterUse(key: "jkk.stmb.schedule", schedule), basis: schedule.basis)
        stmbSteps = try RegimeRules.steps(schedule.value)
        transportCaps = [
            try reader.integer("jkk.transport.cap.land"), try reader.integer("jkk.transport.cap.sea"),
            try reader.integer("jkk.transport.cap.air"),
        ]
        medicalCap = try reader.optional("jkk.medical.cap")
        homeCareCap = try reader.optional("jkk.home_care.cap")
        expiryYears = try reader.optional("jkk.expiry_years")
        var table: [String: Rated] = [:]
        for code in InjuryTable.codes {
            table[code] = try reader.integer(RegimeRules.tableKey(code))
        }
        self.table = table
        jkmDeath = try reader.integer("jkm.death")
        jkmFuneral = try reader.integer("jkm.funeral")
        jkmPeriodic = try reader.integer("jkm.periodic")
        jkmScholarshipMonths = try reader.optional("jkm.scholarship.min_months")
        bpuLimitedDeath = try reader.optional("jkm.bpu_limited.death")
        bpuLimitedFuneral = try reader.optional("jkm.bpu_limited.funeral")
        bpuLimitedMonths = try reader.optional("jkm.bpu_limited.min_membership_months")
        let schemeText = try reader.text("scholarship.scheme")
        guard let scheme = ScholarshipScheme(rawValue: schemeText) else {
            throw ParameterError(.wrongKind, key: "scholarship.scheme", reason: "\"\(schemeText)\" is not a scheme")
        }
        self.scheme = scheme
        maxChildren = try reader.optional("scholarship.max_children")
        pp44Amount = try reader.optional("scholarship.pp44.amount")
        var rates: [OptionalRated] = []
        for level in Education.Level.allCases {
            let key = level == .none ? "scholarship.rate.TK" : "scholarship.rate.\(level.rawValue)"
            rates.append(try reader.optional(key))
        }
        self.rates = rates
        ageLimit = try reader.optional("scholarship.age_limit")
        let payable = try reader.dated("scholarship.payable_from")
        switch payable.value {
        case .null: payableFrom = nil
        case .text(let text):
            guard let date = CivilDate(iso: text) else {
                throw ParameterError(.wrongKind, key: "scholarship.payable_from", reason: "\"\(text)\" is not a date")
            }
            payableFrom = (date, ParameterUse(key: "scholarship.payable_from", payable))
        default:
            throw ParameterError(.wrongKind, key: "scholarship.payable_from", reason: "is not a date on \(date)")
        }
    }

    static func steps(_ value: ParameterValue) throws(ParameterError) -> [(months: Int?, bp: Int64)] {
        guard case .list(let items) = value else {
            throw ParameterError(.wrongKind, key: "jkk.stmb.schedule", reason: "is not a list of [months, bp]")
        }
        var steps: [(months: Int?, bp: Int64)] = []
        for item in items {
            guard case .list(let pair) = item, pair.count == 2, let bp = pair[1].integer else {
                throw ParameterError(.wrongKind, key: "jkk.stmb.schedule", reason: "is not a list of [months, bp]")
            }
            steps.append((pair[0].integer.map { Int($0) }, bp))
        }
        return steps
    }

    /// Reads parameters on one date with errors that name the key and the date.
    struct Reader {
        let parameters: ParameterSet
        let date: CivilDate

        func dated(_ key: String) throws(ParameterError) -> DatedValue {
            try parameters.value(key, on: date)
        }

        func integer(_ key: String) throws(ParameterError) -> Rated {
            let dated = try dated(key)
            guard let value = dated.value.integer else {
                throw ParameterError(.wrongKind, key: key, reason: "is not an integer on \(date)")
            }
            return Rated(value: value, use: ParameterUse(key: key, dated), basis: dated.basis)
        }

        func optional(_ key: String) throws(ParameterError) -> OptionalRated {
            let dated = try dated(key)
            switch dated.value {
            case .integer(let value):
                return OptionalRated(value: value, use: ParameterUse(key: key, dated), basis: dated.basis)
            case .null: return OptionalRated(value: nil, use: ParameterUse(key: key, dated), basis: dated.basis)
            default: throw ParameterError(.wrongKind, key: key, reason: "is not an integer or null on \(date)")
            }
        }

        func text(_ key: String) throws(ParameterError) -> String {
            let dated = try dated(key)
            guard case .text(let text) = dated.value else {
                throw ParameterError(.wrongKind, key: key, reason: "is not text on \(date)")
            }
            return text
        }

        func instrument(_ key: String) throws(ParameterError) -> (text: String, from: CivilDate) {
            let dated = try dated(key)
            guard case .text(let text) = dated.value else {
                throw ParameterError(.wrongKind, key: key, reason: "is not text on \(date)")
            }
            return (text, dated.effectiveFrom)
        }
    }
}

/// The regime snapshots of a ``ParameterSet``: one ``RegimeRules`` per interval over which none of their
/// parameters changes, found by event date with a short search.
struct RegimeTimeline: Sendable {
    let snapshots: [RegimeRules]

    static let earliest = CivilDate(year: 2013, month: 1, day: 1)!

    init(_ parameters: ParameterSet) throws(ParameterError) {
        var boundaries: Set<CivilDate> = [RegimeTimeline.earliest]
        for key in RegimeRules.allKeys {
            let parameter = try parameters.parameter(key)
            for value in parameter.values {
                if value.from > RegimeTimeline.earliest { boundaries.insert(value.from) }
                if let to = value.to { boundaries.insert(to.adding(days: 1)) }
            }
        }
        var snapshots: [RegimeRules] = []
        for start in boundaries.sorted() {
            snapshots.append(try RegimeRules(parameters, on: start))
        }
        self.snapshots = snapshots
    }

    /// The snapshot in force on `date` (dates before 2013-01-01 use the first; the case parser refuses them).
    func rules(on date: CivilDate) -> RegimeRules {
        var index = snapshots.count - 1
        while index > 0 && snapshots[index].from > date { index -= 1 }
        return snapshots[index]
    }
}
