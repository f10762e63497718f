import SantunanValues

extension JPCalculator {
    /// The monthly pension (§9.7): `rhu(accrual × M/12 × S/n × share)`, with `S` the exact indexed wage sum, then
    /// clamped to the minimum and maximum of the award year of the start month.
    func monthly(
        history: JPHistory, months: Int, deemed: Bool, kind: PensionKind, recipient: String, eventDate: CivilDate,
        lookupDate: CivilDate, uses: inout UseRecorder, outcome: inout JPOutcome
    ) {
        let accrualBp = accrual.read(on: lookupDate, into: &uses)
        var share: Int64 = 10_000
        switch kind {
        case .oldAge: break
        case .disability, .widow, .child, .parent:
            let scalar =
                kind == .disability
                ? disabilityShare : kind == .widow ? widowShare : kind == .child ? childShare : parentShare
            share = scalar.read(on: lookupDate, into: &uses)
        }
        // Capped wages summed per calendar year, and the cap rows read.
        let indexYear = eventDate.year
        var firstYear = indexYear
        for slot in history.paid.indices where history.paid[slot] != 0 {
            firstYear = min(firstYear, (history.base + slot) / 12)
            break
        }
        var yearSums = [Int64](repeating: 0, count: indexYear - firstYear + 1)
        var lastRow = -1
        for slot in history.paid.indices where history.paid[slot] != 0 {
            let ordinal = history.base + slot
            let capped = min(history.wages[slot], caps.value(ordinal))
            yearSums[ordinal / 12 - firstYear] += capped
            let row = caps.row(ordinal)
            if row != lastRow {
                uses.add(caps.uses[row])
                lastRow = row
            }
        }
        // S = numerator / denominator, indexed to the JP year exactly (Horner over the years).
        var numerator = WideNatural(UInt64(yearSums[0]))
        var denominator = WideNatural(1)
        if firstYear < indexYear {
            for year in firstYear..<indexYear {
                let index = inflation.index(year)
                numerator.multiply(by: UInt64(10_000 + inflation.rates[index]))
                denominator.multiply(by: 10_000)
                numerator.add(denominator, times: UInt64(yearSums[year + 1 - firstYear]))
                if !inflation.confirmed[index] { outcome.warnings.append(inflation.warnings[index]) }
            }
        }
        let n = UInt64(history.count)
        let average = WideNatural.halfUpQuotient(numerator, denominator.multiplied(by: n))
        let raw = WideNatural.halfUpQuotient(
            numerator.multiplied(by: UInt64(accrualBp) * UInt64(months) * UInt64(share)),
            denominator.multiplied(by: 120_000 * n * 10_000))
        // The award year is the March-to-February year containing the first pension month.
        let startMonth = eventDate.yearMonth.advanced(by: 1)
        let award = startMonth.firstDay
        let minimum = benefitMin.read(on: award, into: &uses)
        let maximum = benefitMax.read(on: award, into: &uses)
        let amount = min(max(raw, minimum), maximum)

        var bound: SavingsFormula.PensionBound?
        if raw < minimum {
            bound = .init(
                isMinimum: true, amount: Rupiah(minimum), awardYearFrom: benefitMin.use(on: award).effectiveFrom)
        } else if raw > maximum {
            bound = .init(
                isMinimum: false, amount: Rupiah(maximum), awardYearFrom: benefitMax.use(on: award).effectiveFrom)
        }
        let formula = SavingsFormula.jpMonthly(
            accrualBp: accrualBp, months: months, deemed: deemed, averageWage: Rupiah(average),
            shareBp: kind == .oldAge ? nil : share, computed: Rupiah(raw), bound: bound)
        let payee: SavingsPayee =
            kind == .oldAge || kind == .disability ? .participant : .jpSurvivor(nik: recipient)
        outcome.line = SavingsLine(
            program: .jp, item: "jp.monthly", amount: Rupiah(amount), payee: payee, schedule: .monthly,
            due: startMonth.firstDay, formula: formula,
            basis: deemed ? "PP 45/2015 Pasal 17-18; Permenaker 29/2015 Pasal 26" : "PP 45/2015 Pasal 17-18",
            parameters: uses.uses)
        outcome.monthlyPension = MonthlyPension(
            amount: Rupiah(amount), startMonth: startMonth, recipient: recipient, kind: kind)
        SavingsText.appendNew(uses.warnings, to: &outcome.warnings)
    }

    /// The lump sum (§9.8, R21, R25, R26): `rhu(min(wage, cap) × 3 %)` per JP month, credited in the month of its
    /// latest `paid_on` up to the month before the claim month, with monthly development floored at
    /// `jp.development_rate_bp / 12`; a statement replaces the JP months paid on or before its `as_of`.
    func lumpSum(
        history: JPHistory, statement: BalanceStatement?, eventType: EventType, claimDate: CivilDate,
        lookupDate: CivilDate, uses: inout UseRecorder, outcome: inout JPOutcome
    ) {
        let rate = contribution.read(on: lookupDate, into: &uses)
        let last = claimDate.yearMonth.ordinal - 1
        let asOf = statement.map { JPHistory.pack($0.asOf) } ?? 0
        var first = Int.max
        for slot in history.paid.indices where history.paid[slot] > asOf {
            let month = JPHistory.paidMonth(history.paid[slot])
            if month <= last && month < first { first = month }
        }
        let (opening, start) = SavingsMath.opening(statement, first: &first)
        var deposits = [Int64](repeating: 0, count: first <= last ? last - first + 1 : 0)
        var count = 0
        var lastRow = -1
        for slot in history.paid.indices where history.paid[slot] > asOf {
            let month = JPHistory.paidMonth(history.paid[slot])
            guard month <= last else { continue }
            let ordinal = history.base + slot
            let capped = min(history.wages[slot], caps.value(ordinal))
            deposits[month - first] = JHTCalculator.saturating(
                deposits[month - first], SavingsMath.share(capped, basisPoints: rate))
            count += 1
            let row = caps.row(ordinal)
            if row != lastRow {
                uses.add(caps.uses[row])
                lastRow = row
            }
        }
        var balance = opening
        if statement != nil, start - 1 >= first, start - 1 <= last {
            balance = JHTCalculator.saturating(balance, deposits[start - 1 - first])
        }
        if start <= last {
            var yearEnd = Int.min
            var rate: Int64 = 0
            var limit: UInt64 = 0
            for month in start...last {
                if month > yearEnd {
                    yearEnd = (month / 12) * 12 + 11
                    rate = development.value(month / 12)
                    limit = JHTCalculator.developmentLimit(rate)
                }
                balance = JHTCalculator.developed(balance, rate: rate, limit: limit)
                balance = JHTCalculator.saturating(balance, deposits[month - first])
            }
            development.appendUses(years: start / 12, last / 12, to: &uses)
        }
        guard balance > 0 else {
            outcome.warnings.append("JP lump sum is zero: no JP line")
            return
        }
        let formula = SavingsFormula.jpLumpSum(
            statement: statement, months: history.count, deposits: count, contributionBp: rate,
            last: YearMonth(ordinal: last))
        outcome.line = SavingsLine(
            program: .jp, item: "jp.lump_sum", amount: Rupiah(balance),
            payee: eventType.isDeath ? .heirs : .participant, schedule: .lumpSum, due: claimDate, formula: formula,
            basis: "UU 40/2004 Pasal 41(8); PP 45/2015; Permenaker 29/2015 Pasal 14 and 26(3)", parameters: uses.uses)
        SavingsText.appendNew(uses.warnings, to: &outcome.warnings)
    }
}
