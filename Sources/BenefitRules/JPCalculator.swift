public import SantunanValues

/// The JP pension: the choice between a monthly pension and a lump sum, the monthly amount with exact indexation,
/// and the lump sum of accumulated contributions plus development (PP 45/2015; Permenaker 29/2015; RULEBOOK §9).
///
/// Build one per ``ParameterSet`` and reuse it: caps, inflation and development rates are resolved into arrays by
/// month or year once, here.
public struct JPCalculator: Sendable {
    let fullMonths: DatedScalar
    let deemedMonths: DatedScalar
    let deemedMinMembership: DatedScalar
    let deemedMinDensity: DatedScalar
    let accrual: DatedScalar
    let contribution: DatedScalar
    let disabilityShare: DatedScalar
    let widowShare: DatedScalar
    let childShare: DatedScalar
    let parentShare: DatedScalar
    let benefitMin: DatedScalar
    let benefitMax: DatedScalar
    let caps: MonthTable
    let development: YearTable
    let inflation: InflationTable
    /// The pension age schedule of `jp.pension_age`.
    public let pensionAge: PensionAge

    /// JP exists from 2015-07-01 (§9.1).
    static let start = CivilDate(year: 2015, month: 7, day: 1)!

    /// Resolves the `jp.*` parameters of `config/jp.yaml`; throws when one is missing or not an integer.
    public init(parameters: ParameterSet) throws(ParameterError) {
        fullMonths = try DatedScalar(parameters, "jp.full_months")
        deemedMonths = try DatedScalar(parameters, "jp.deemed_months")
        deemedMinMembership = try DatedScalar(parameters, "jp.deemed.min_membership_months")
        deemedMinDensity = try DatedScalar(parameters, "jp.deemed.min_density_bp")
        accrual = try DatedScalar(parameters, "jp.accrual_bp_per_year")
        contribution = try DatedScalar(parameters, "jp.contribution_bp")
        disabilityShare = try DatedScalar(parameters, "jp.disability_pct_bp")
        widowShare = try DatedScalar(parameters, "jp.survivor.widow_pct_bp")
        childShare = try DatedScalar(parameters, "jp.survivor.child_pct_bp")
        parentShare = try DatedScalar(parameters, "jp.survivor.parent_pct_bp")
        benefitMin = try DatedScalar(parameters, "jp.benefit_min")
        benefitMax = try DatedScalar(parameters, "jp.benefit_max")
        caps = try MonthTable(parameters.parameter("jp.wage_cap"))
        development = try YearTable(parameters.parameter("jp.development_rate_bp"))
        inflation = try InflationTable(parameters)
        pensionAge = try PensionAge(parameters: parameters)
    }

    /// The JP `regime` entry (§0.1).
    public static let regime = RegimeEntry(
        program: .jp, instrument: "PP 45/2015; Permenaker 29/2015", effectiveFrom: start)

    /// Whether an event evaluates JP at all (RULEBOOK §1): deaths, total permanent disability and old age.
    public static func isTriggered(by eventType: EventType, totalPermanent: Bool) -> Bool {
        switch eventType {
        case .death, .workAccidentDeath, .occupationalDiseaseDeath, .totalPermanentDisability, .oldAge: return true
        case .workAccident: return totalPermanent
        case .resignation, .layoff, .leaveIndonesia, .jhtPartialWithdrawal: return false
        }
    }

    /// The JP survivor of a death (§9.7, R10): the first spouse not remarried (widow/widower); else the eldest child
    /// under 23 on the death date, unmarried and not working; else the first parent; else `nil`.
    public static func survivor(
        among candidates: [JPSurvivorCandidate], deathDate: CivilDate
    ) -> (candidate: JPSurvivorCandidate, kind: PensionKind)? {
        if let spouse = candidates.first(where: { $0.relation == .spouse && !$0.married }) {
            return (spouse, .widow)
        }
        var eldest: JPSurvivorCandidate?
        for child in candidates where child.relation == .child && !child.married && !child.working {
            guard let birth = child.birthDate, birth.age(on: deathDate) < 23 else { continue }
            if let current = eldest, let currentBirth = current.birthDate, currentBirth <= birth { continue }
            eldest = child
        }
        if let eldest { return (eldest, .child) }
        if let parent = candidates.first(where: { $0.relation == .parent }) { return (parent, .parent) }
        return nil
    }

    /// Evaluates JP for one claim; `nil` when JP is not evaluated (the event does not trigger it, or no membership
    /// carries JP), in which case there is no JP `regime` entry either.
    ///
    /// - Parameters:
    ///   - participant: birth date, NIK, memberships (their JP rows; `contributions == nil` on a JP membership is the
    ///     R26 case when `jpStatement` is set, and is otherwise treated as no rows: §2.3 is the caller's check).
    ///   - eventType: `event.type`; `eventDate`: `event.date`; `claimDate`: `claim_date`.
    ///   - totalPermanent: `event.accident.total_permanent` of a `work_accident`.
    ///   - survivors: the heirs as JP survivor candidates, in case order (only read for deaths).
    public func compute(
        participant: Participant, eventType: EventType, eventDate: CivilDate, claimDate: CivilDate,
        totalPermanent: Bool = false, survivors: [JPSurvivorCandidate] = []
    ) -> JPOutcome? {
        guard JPCalculator.isTriggered(by: eventType, totalPermanent: totalPermanent),
            participant.memberships.contains(where: { $0.has(.jp) })
        else { return nil }
        var outcome = JPOutcome(
            line: nil, monthlyPension: nil, warnings: [], reasons: [], regime: JPCalculator.regime)
        let pension = pensionAge.pensionDate(birthDate: participant.birthDate)
        if eventType == .oldAge && eventDate < pension.date {
            outcome.reasons.append(
                "JP old-age pension from \(pension.date) (pension age \(pension.age), PP 45/2015 Pasal 15)")
            return outcome
        }
        let onOrAfterPensionDate = eventType == .oldAge || eventDate >= pension.date
        // Who would receive a monthly pension.
        let kind: PensionKind
        var recipient = participant.nik
        if eventType.isDeath {
            let spouses = survivors.lazy.filter { $0.relation == .spouse }.count
            if spouses > 1 {
                outcome.warnings.append(
                    "\(spouses) spouses listed: only one JP widow's or widower's pension is recognised (RULEBOOK §9.7)")
            }
            guard let found = JPCalculator.survivor(among: survivors, deathDate: eventDate) else {
                outcome.warnings.append(
                    "no JP survivor (spouse, child under 23 or parent): no JP benefit, neither monthly nor lump sum "
                        + "(PP 45/2015 Pasal 17; R10)")
                return outcome
            }
            kind = found.kind
            recipient = found.candidate.nik
        } else {
            kind = eventType == .oldAge ? .oldAge : .disability
        }

        let history = JPHistory(participant: participant, eventDate: eventDate, claimDate: claimDate)
        let lookupDate = max(eventDate, JPCalculator.start)
        var uses = UseRecorder()
        let full = Int(fullMonths.read(on: lookupDate, into: &uses))
        let n = history.count
        let mm = history.membershipMonths

        if let missing = history.missingKPJ, let statement = participant.jpStatement {
            // R26: the statement without a history; decide from the membership dates alone.
            let nMax = n + history.unknownMonthsBound
            guard nMax > 0 else {
                outcome.reasons.append("no paid JP month: no JP benefit")
                return outcome
            }
            var decided = nMax < full
            var condition = "up to \(nMax) JP months < \(full)"
            if !onOrAfterPensionDate {
                let (minMembership, minDensity) = appendDeemedTest(lookupDate, to: &uses)
                if mm < minMembership {
                    condition = "membership \(mm) months < \(minMembership)"
                } else {
                    decided = decided && Int64(nMax) * 10_000 < minDensity * Int64(mm)
                    condition =
                        "density at most \(nMax)/\(mm) = \(SavingsText.ratioPercent(nMax, mm)) % "
                        + "< \(SavingsText.percent(minDensity)) %"
                }
            }
            guard decided else {
                outcome.reasons.append(
                    "JP benefit not computed: the contribution history of membership \(missing) is absent, and the "
                        + "choice between the monthly pension and the lump sum cannot be decided from the membership "
                        + "dates (membership \(mm) months, up to \(nMax) JP months; a monthly pension needs the wages)")
                return outcome
            }
            outcome.warnings.append(
                "JP paid as a lump sum from jp_balance_statement: \(condition), decided from the membership dates "
                    + "because the contribution history of membership \(missing) is absent (RULEBOOK §9.8)")
            lumpSum(
                history: history, statement: statement, eventType: eventType, claimDate: claimDate,
                lookupDate: lookupDate, uses: &uses, outcome: &outcome)
            return outcome
        }

        guard n > 0 else {
            outcome.reasons.append("no paid JP month: no JP benefit")
            return outcome
        }
        var months = n
        var deemed = false
        if n < full {
            if onOrAfterPensionDate {
                lumpSum(
                    history: history, statement: participant.jpStatement, eventType: eventType, claimDate: claimDate,
                    lookupDate: lookupDate, uses: &uses, outcome: &outcome)
                return outcome
            }
            let (minMembership, minDensity) = appendDeemedTest(lookupDate, to: &uses)
            guard mm >= minMembership && Int64(n) * 10_000 >= minDensity * Int64(mm) else {
                outcome.warnings.append(
                    "JP paid as a lump sum: membership \(mm) months, density \(n)/\(mm) = "
                        + "\(SavingsText.ratioPercent(n, mm)) % (needs >= \(minMembership) months and >= "
                        + "\(SavingsText.percent(minDensity)) %, Permenaker 29/2015 Pasal 26)")
                lumpSum(
                    history: history, statement: participant.jpStatement, eventType: eventType, claimDate: claimDate,
                    lookupDate: lookupDate, uses: &uses, outcome: &outcome)
                return outcome
            }
            months = Int(deemedMonths.read(on: lookupDate, into: &uses))
            deemed = true
        }
        if participant.jpStatement != nil {
            outcome.warnings.append("jp_balance_statement not used: JP is paid as a monthly pension (RULEBOOK §9.8)")
        }
        monthly(
            history: history, months: months, deemed: deemed, kind: kind, recipient: recipient, eventDate: eventDate,
            lookupDate: lookupDate, uses: &uses, outcome: &outcome)
        return outcome
    }

    /// Appends `jp.deemed.min_membership_months` and `jp.deemed.min_density_bp`; returns their values.
    private func appendDeemedTest(_ date: CivilDate, to uses: inout UseRecorder) -> (Int, Int64) {
        let membership = deemedMinMembership.read(on: date, into: &uses)
        let density = deemedMinDensity.read(on: date, into: &uses)
        return (Int(membership), density)
    }
}

/// The JP months of a person (RULEBOOK §9.5): paid months of the JP memberships from `max(2015-07, start)` to the
/// event month, two memberships' rows of one month merged (wages added, latest `paid_on`), plus the membership months.
struct JPHistory {
    /// Ordinal of the first array slot (2015-07).
    let base: Int
    /// Per month from `base` to the event month: the merged wage.
    var wages: [Int64]
    /// Per month: the latest `paid_on` as `year × 512 + month × 32 + day`, or 0 when the month is not a JP month.
    var paid: [Int32]
    /// `n`: the number of JP months.
    var count = 0
    /// `mm`: JP membership months (union over the JP memberships).
    var membershipMonths = 0
    /// The first JP membership without a history, if any (R26).
    var missingKPJ: String?
    /// For R26: the months each membership without a history could add.
    var unknownMonthsBound = 0

    init(participant: Participant, eventDate: CivilDate, claimDate: CivilDate) {
        base = JPCalculator.start.yearMonth.ordinal
        let eventOrdinal = eventDate.yearMonth.ordinal
        let span = max(eventOrdinal - base + 1, 0)
        wages = [Int64](repeating: 0, count: span)
        paid = [Int32](repeating: 0, count: span)
        let memberships = participant.memberships
        // One JP membership (the usual case) counts its months directly; several are merged month by month.
        var jpMemberships = 0
        for index in memberships.indices where memberships[index].has(.jp) { jpMemberships += 1 }
        var member = [Bool](repeating: false, count: jpMemberships > 1 ? span : 0)
        for index in memberships.indices where memberships[index].has(.jp) {
            let lower = max(base, memberships[index].start.yearMonth.ordinal)
            let upper = min(eventOrdinal, memberships[index].end?.yearMonth.ordinal ?? eventOrdinal)
            if lower <= upper {
                if jpMemberships > 1 {
                    for ordinal in lower...upper { member[ordinal - base] = true }
                } else {
                    membershipMonths = upper - lower + 1
                }
            }
            guard let rows = memberships[index].contributions else {
                if missingKPJ == nil { missingKPJ = memberships[index].kpj }
                unknownMonthsBound += max(eventOrdinal - lower + 1, 0)
                continue
            }
            let claim = JPHistory.pack(claimDate)
            let base = base
            // In place: the slots lie in `0..<span` (`lower ≥ base`, `ordinal ≤ eventOrdinal`).
            rows.withUnsafeBufferPointer { rows in
                wages.withUnsafeMutableBufferPointer { wages in
                    paid.withUnsafeMutableBufferPointer { paid in
                        for row in rows {
                            let packed = row.paidPacked
                            let ordinal = Int(row.monthOrdinal)
                            guard packed != 0, packed <= claim, ordinal >= lower, ordinal <= eventOrdinal else {
                                continue
                            }
                            let slot = ordinal &- base
                            wages[slot] += row.wageValue
                            if packed > paid[slot] { paid[slot] = packed }
                        }
                    }
                }
            }
        }
        for slot in 0..<span where paid[slot] != 0 { count += 1 }
        for slot in member.indices where member[slot] { membershipMonths += 1 }
    }

    /// The month ordinal of a packed `paid_on`.
    @inline(__always)
    static func paidMonth(_ packed: Int32) -> Int { Int(packed / 512) * 12 + Int((packed / 32) % 16) - 1 }

    /// The packed form of a date, comparable with `paid`.
    @inline(__always)
    static func pack(_ date: CivilDate) -> Int32 { Int32(date.year * 512 + date.month * 32 + date.day) }
}

/// `jp.inflation.YYYY` resolved by year, with the years after the last key carried, unconfirmed (§9.3).
struct InflationTable: Sendable {
    let firstYear: Int
    let rates: [Int64]
    let confirmed: [Bool]
    /// `jp.inflation.YYYY is unconfirmed (confirmed: false)` for each year.
    let warnings: [String]

    /// The years for which the table is resolved; later years carry the last one.
    static let lastResolvedYear = 2150

    init(_ parameters: ParameterSet) throws(ParameterError) {
        firstYear = 2015
        var rates: [Int64] = []
        var confirmed: [Bool] = []
        var warnings: [String] = []
        var carried: Int64?
        for year in firstYear...InflationTable.lastResolvedYear {
            let key = "jp.inflation.\(year)"
            warnings.append(SavingsText.unconfirmed(key))
            if let parameter = parameters.parameters[key], carried == nil {
                guard let value = parameter.values.last?.value.integer else {
                    throw ParameterError(.wrongKind, key: key, reason: "is not an integer")
                }
                rates.append(value)
                confirmed.append(parameter.values.last?.confirmed ?? false)
            } else {
                guard let last = rates.last else {
                    throw ParameterError(.unknownKey, key: key, reason: "no such parameter in config/")
                }
                carried = last
                rates.append(last)
                confirmed.append(false)
            }
        }
        self.rates = rates
        self.confirmed = confirmed
        self.warnings = warnings
    }

    @inline(__always)
    func index(_ year: Int) -> Int { min(max(year - firstYear, 0), rates.count - 1) }
}
