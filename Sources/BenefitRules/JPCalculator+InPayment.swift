public import SantunanValues

/// A JP pension in payment (RULEBOOK §9.7 item 8): what each month of a monthly pension pays, and to whom.
///
/// The claim result reports the first month (`monthly_pension`, the `jp.monthly` line); a pension is then paid for
/// decades, and PP 45/2015 Pasal 18(3) moves the minimum and maximum every award year (1 March – end of February).
/// So each month pays the claim's amount *before* clamping, clamped to the bounds of the award year that contains the
/// month paid: a pension at the floor follows the floor. Pensions between the bounds keep their amount: no source for
/// their indexation was found, so `jp.in_payment_indexation` is a parameter (`confirmed: false`, value `null` for
/// none) and the months that rely on it carry its warning; a confirmed rate later changes data, not code.
///
/// Pure: the payout path reads the claim, its events and the case's children from the database and asks this for each
/// month.
public struct PensionInPayment: Sendable {
    let benefitMin: DatedScalar
    let benefitMax: DatedScalar
    let indexation: Parameter
    let indexationUses: [ParameterUse]

    /// `jp.in_payment_indexation`: per award year, `null` (none) or the rate in basis points applied from that award
    /// year on to pensions between the bounds.
    public static let indexationKey = "jp.in_payment_indexation"

    /// A child's share of a child's pension stops at this age (RULEBOOK §9.7, survivor order).
    static let childAgeLimit = 23

    /// At most this many children share a child's pension (RULEBOOK §9.7).
    static let maxSharingChildren = 2

    /// Resolves `jp.benefit_min`, `jp.benefit_max` and `jp.in_payment_indexation`; throws when one is missing or of
    /// the wrong kind.
    public init(parameters: ParameterSet) throws(ParameterError) {
        benefitMin = try DatedScalar(parameters, "jp.benefit_min")
        benefitMax = try DatedScalar(parameters, "jp.benefit_max")
        let key = PensionInPayment.indexationKey
        indexation = try parameters.parameter(key)
        if indexation.values.isEmpty { throw ParameterError(.malformed, key: key, reason: "has no values") }
        for dated in indexation.values {
            switch dated.value {
            case .null, .integer: continue
            default: throw ParameterError(.wrongKind, key: key, reason: "is not null or an integer from \(dated.from)")
            }
        }
        indexationUses = indexation.values.map { ParameterUse(key: key, $0) }
    }

    /// An event after the award that ends a survivor's share (`claim event`).
    public struct SurvivorEvent: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable, CaseIterable {
            /// The widow or widower remarried: the *janda/duda* pension stops.
            case remarried
            /// A child married: the child's share stops.
            case childMarried = "child_married"
            /// A child started working: the child's share stops.
            case childWorking = "child_working"
        }

        public var kind: Kind
        public var nik: String
        public var date: CivilDate

        public init(kind: Kind, nik: String, date: CivilDate) {
            self.kind = kind
            self.nik = nik
            self.date = date
        }
    }

    /// One pension as the claim keeps it.
    public struct Award: Hashable, Sendable {
        public var kind: PensionKind
        /// The monthly amount before the clamp (`claim_lines.pension_computed`); `nil` for a claim computed before it
        /// was kept, whose first month's amount then stands in for it (see ``month(_:of:)``).
        public var computed: Rupiah?
        /// The first month's amount (the `jp.monthly` line, `monthly_pension.amount`).
        public var firstMonth: Rupiah
        public var startMonth: YearMonth
        /// The recipient's NIK (`monthly_pension.recipient`).
        public var recipient: String?
        /// For a child's pension: the children who share it, eldest first (``sharingChildren(among:deathDate:)``).
        public var children: [JPSurvivorCandidate]
        public var events: [SurvivorEvent]

        public init(
            kind: PensionKind, computed: Rupiah?, firstMonth: Rupiah, startMonth: YearMonth, recipient: String?,
            children: [JPSurvivorCandidate] = [], events: [SurvivorEvent] = []
        ) {
            self.kind = kind
            self.computed = computed
            self.firstMonth = firstMonth
            self.startMonth = startMonth
            self.recipient = recipient
            self.children = children
            self.events = events
        }
    }

    /// What one payee receives for one month.
    public struct Share: Hashable, Sendable {
        /// The payee's NIK; `nil` when the claim names none (a participant's own pension without NIK).
        public var nik: String?
        public var amount: Rupiah
        /// Why: the month's basis, with the sharing when the pension is shared.
        public var basis: String

        public init(nik: String?, amount: Rupiah, basis: String) {
            self.nik = nik
            self.amount = amount
            self.basis = basis
        }
    }

    /// One pension month.
    public struct Month: Hashable, Sendable {
        public var month: YearMonth
        /// The whole pension of the month, before sharing.
        public var amount: Rupiah
        /// Who receives it; empty when the pension has stopped (remarriage, no child left).
        public var shares: [Share]
        /// The warnings of the parameters and assumptions this month relies on, once each.
        public var warnings: [String]
    }

    /// The children who share a child's pension (RULEBOOK §9.7): children under 23 on the death date, unmarried and
    /// not working, eldest first, at most two. The eldest is the claim's recipient (``JPCalculator/survivor``).
    public static func sharingChildren(among candidates: [JPSurvivorCandidate], deathDate: CivilDate)
        -> [JPSurvivorCandidate]
    {
        var children = candidates.filter { candidate in
            guard candidate.relation == .child, !candidate.married, !candidate.working,
                let birth = candidate.birthDate
            else { return false }
            return birth.age(on: deathDate) < childAgeLimit
        }
        // Stable: children born the same day keep the case order, as the survivor choice does.
        children = children.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.birthDate!, rhs.element.birthDate!)
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        return Array(children.prefix(maxSharingChildren))
    }

    /// The first day of the award year (1 March – end of February) that contains `month`.
    public static func awardYearStart(of month: YearMonth) -> CivilDate {
        CivilDate(year: month.month >= 3 ? month.year : month.year - 1, month: 3, day: 1)!
    }

    /// What `month` of `award` pays, and to whom.
    ///
    /// A survivor is paid for a month when, on its first day, the pension has not stopped for them: a widow's until
    /// the month after her remarriage; a child's while under 23 and before the child's marriage or work. Two children
    /// share the month equally (the elder gets the odd rupiah); when one stops, the other takes the whole.
    public func month(_ month: YearMonth, of award: Award) -> Month {
        let first = month.firstDay
        let awardFrom = PensionInPayment.awardYearStart(of: month)
        let minimumRow = benefitMin.row(on: awardFrom)
        let maximumRow = benefitMax.row(on: awardFrom)
        let minimum = benefitMin.value(row: minimumRow)
        let maximum = benefitMax.value(row: maximumRow)
        var warnings: [String] = []

        // The amount before the clamp. A claim computed before it was kept: a first month strictly between the bounds
        // of its award year was not clamped, and one at the minimum was at most the minimum, so following the floor
        // is exact while floors only rise; one at the maximum is kept at most there.
        var computed: Int64
        var known = true
        if let value = award.computed {
            computed = value.value
        } else {
            computed = award.firstMonth.value
            let startFrom = PensionInPayment.awardYearStart(of: award.startMonth)
            if computed >= benefitMax.value(on: startFrom) {
                known = false
                warnings.append(
                    "jp.monthly: the amount before the clamp is not kept (claim computed before Schema 0013) and the "
                        + "first month was at the maximum \(award.firstMonth): paid at most that; recompute the claim")
            }
        }

        // Indexation in payment, award year by award year after the first (none while the parameter is null).
        let base = computed
        let startYear = PensionInPayment.awardYearStart(of: award.startMonth).year
        var indexationRow: Int?
        if awardFrom.year > startYear {
            indexationRow = row(of: indexation, on: awardFrom)
            for year in (startYear + 1)...awardFrom.year {
                let from = CivilDate(year: year, month: 3, day: 1)!
                guard let rate = indexation.value(on: from)?.value.integer, rate != 0 else { continue }
                // Bounded far below overflow: the clamp keeps the result at most the maximum anyway.
                computed = Rounding.halfUp(Int128(min(computed, 1 << 40)) * Int128(10_000 + rate), 10_000)
            }
        }
        if !known { computed = min(computed, base) }
        let amount = min(max(computed, minimum), maximum)

        var basis = "\(Rupiah(base)) before the clamp"
        if computed != base { basis += ", indexed to \(Rupiah(computed)) (\(PensionInPayment.indexationKey))" }
        if computed < minimum {
            basis += ", raised to the minimum \(Rupiah(minimum)) of the award year from \(awardFrom)"
            if !benefitMin.uses[minimumRow].confirmed { warnings.append(benefitMin.warning) }
        } else if computed > maximum {
            basis += ", limited to the maximum \(Rupiah(maximum)) of the award year from \(awardFrom)"
            if !benefitMax.uses[maximumRow].confirmed { warnings.append(benefitMax.warning) }
        } else {
            basis += ", within the bounds of the award year from \(awardFrom)"
            if let indexationRow {
                let use = indexationUses[indexationRow]
                basis +=
                    indexation.values[indexationRow].value == .null
                    ? ", kept (\(PensionInPayment.indexationKey): none)" : ""
                if !use.confirmed { warnings.append(use.unconfirmedWarning) }
            }
        }
        basis += " (PP 45/2015 Pasal 18(3); RULEBOOK §9.7 item 8)"

        // Who receives it.
        var payees: [String?] = []
        switch award.kind {
        case .child:
            for child in award.children where isChildPaid(child, on: first, events: award.events) {
                payees.append(child.nik)
            }
            if award.children.isEmpty, !hasStopped(award.recipient, .childMarried, .childWorking, on: first, award) {
                payees.append(award.recipient)
            }
        case .widow:
            if !hasStopped(award.recipient, .remarried, nil, on: first, award) { payees.append(award.recipient) }
        case .oldAge, .disability, .parent:
            payees.append(award.recipient)
        }
        var shares: [Share] = []
        if payees.count == 1 {
            shares.append(Share(nik: payees[0], amount: Rupiah(amount), basis: basis))
        } else if payees.count > 1 {
            let count = Int64(payees.count)
            let part = amount / count
            for (index, nik) in payees.enumerated() {
                let share = index == 0 ? amount - part * (count - 1) : part
                shares.append(
                    Share(
                        nik: nik, amount: Rupiah(share),
                        basis: "1/\(count) of \(Rupiah(amount)) shared equally by \(count) children (RULEBOOK §9.7); "
                            + basis))
            }
        }
        return Month(month: month, amount: Rupiah(amount), shares: shares, warnings: warnings)
    }

    /// Whether `child` is paid for the month starting `first`: under 23 then, neither married nor working by then.
    func isChildPaid(_ child: JPSurvivorCandidate, on first: CivilDate, events: [SurvivorEvent]) -> Bool {
        guard let birth = child.birthDate, birth.age(on: first) < PensionInPayment.childAgeLimit else { return false }
        return !events.contains {
            $0.nik == child.nik && ($0.kind == .childMarried || $0.kind == .childWorking) && $0.date <= first
        }
    }

    /// Whether an event of `kind` (or `other`) for `nik` happened on or before `first`.
    func hasStopped(
        _ nik: String?, _ kind: SurvivorEvent.Kind, _ other: SurvivorEvent.Kind?, on first: CivilDate, _ award: Award
    ) -> Bool {
        award.events.contains { ($0.kind == kind || $0.kind == other) && $0.nik == nik && $0.date <= first }
    }

    /// The index of the row of `parameter` in force on `date` (the first row for earlier dates).
    func row(of parameter: Parameter, on date: CivilDate) -> Int {
        var index = parameter.values.count - 1
        while index > 0 && date < parameter.values[index].from { index -= 1 }
        return index
    }
}

extension SavingsFormula {
    /// The monthly JP amount before the clamp to the award year's bounds (`= Rp X` of the formula); `nil` for the
    /// other formulas.
    public var pensionBeforeClamp: Rupiah? {
        if case .jpMonthly(_, _, _, _, _, let computed, _) = self { return computed }
        return nil
    }
}

extension ClaimLine {
    /// A `jp.monthly` line's amount before the clamp, which the payout path clamps month by month (RULEBOOK §9.7
    /// item 8); `nil` for every other line.
    public var pensionBeforeClamp: Rupiah? {
        if case .savings(let formula) = formulaParts { return formula.pensionBeforeClamp }
        return nil
    }
}
