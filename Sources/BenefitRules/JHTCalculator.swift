/// The outcome of the JHT (*Jaminan Hari Tua*) evaluation of one claim (RULEBOOK §8).
public struct JHTOutcome: Hashable, Sendable {
    /// The `jht.balance` or `jht.partial` line; `nil` when JHT pays nothing (zero balance, or a denial in `reasons`).
    public var line: SavingsLine?
    /// Warnings in result order (first use, as the expected results show them): the one-month wait, then
    /// `"<key> is unconfirmed (confirmed: false)"` for the unconfirmed parameters of the line in parameter order, then
    /// the 10 % partial-withdrawal note; or the zero-balance warning. The assembly appends them as they are and drops
    /// repeats across lines (§11.5); it should not derive this line's unconfirmed-parameter warnings again from
    /// `line.parameters` (that would change their order).
    public var warnings: [String]
    /// Why JHT is denied (no line): the assembly reports them as `not payable: …` warnings, or as the rejection
    /// reasons when no line at all remains (§2.1).
    public var reasons: [String]
    /// The `regime` entry of JHT (§0.1).
    public var regime: SavingsRegime

    public init(line: SavingsLine?, warnings: [String], reasons: [String], regime: SavingsRegime) {
        self.line = line
        self.warnings = warnings
        self.reasons = reasons
        self.regime = regime
    }
}

/// The JHT old-age savings balance, its due date and the partial withdrawal (PP 46/2015 jo. PP 60/2015; RULEBOOK §8).
///
/// Build one per ``ParameterSet`` and reuse it: the rate tables are resolved into arrays by year once, here.
public struct JHTCalculator: Sendable {
    let puRate: DatedScalar
    let bpuRate: DatedScalar
    let crediting: YearTable
    let age: DatedScalar
    let waitMonths: DatedScalar
    let partialYears: DatedScalar
    let partialShare: DatedScalar

    /// Resolves the `jht.*` parameters of `config/jht.yaml`; throws when one is missing or not an integer.
    public init(parameters: ParameterSet) throws(ParameterError) {
        puRate = try DatedScalar(parameters, "jht.contribution.pu_bp")
        bpuRate = try DatedScalar(parameters, "jht.contribution.bpu_bp")
        crediting = try YearTable(parameters.parameter("jht.crediting_rate_bp"))
        age = try DatedScalar(parameters, "jht.age")
        waitMonths = try DatedScalar(parameters, "jht.wait_months")
        partialYears = try DatedScalar(parameters, "jht.partial.min_membership_years")
        partialShare = try DatedScalar(parameters, "jht.partial.pct_bp")
    }

    /// Whether an event evaluates JHT at all (RULEBOOK §1): deaths, total permanent disability (work-related with
    /// `accident.total_permanent`, or not), old age, resignation, layoff, leaving Indonesia and partial withdrawal.
    public static func isTriggered(by eventType: EventType, totalPermanent: Bool) -> Bool {
        switch eventType {
        case .workAccident: return totalPermanent
        default: return true
        }
    }

    /// The JHT `regime` entry for an event date (§0.1): Permenaker 4/2022 from 2022-04-26, else Permenaker 19/2015.
    public static func regime(eventDate: CivilDate) -> SavingsRegime {
        if eventDate >= permenaker4of2022 {
            return SavingsRegime(
                program: .jht, instrument: "PP 46/2015 jo. PP 60/2015; Permenaker 4/2022",
                effectiveFrom: permenaker4of2022)
        }
        return SavingsRegime(
            program: .jht, instrument: "PP 46/2015 jo. PP 60/2015; Permenaker 19/2015", effectiveFrom: pp46Start)
    }

    static let permenaker4of2022 = CivilDate(year: 2022, month: 4, day: 26)!
    static let pp46Start = CivilDate(year: 2015, month: 7, day: 1)!

    /// Evaluates JHT for one claim; `nil` when JHT is not evaluated (the event does not trigger it, or no membership
    /// carries JHT), in which case there is no JHT `regime` entry either.
    ///
    /// - Parameters:
    ///   - participant: memberships (their JHT rows; `contributions == nil` counts as no rows, §2.3 is the caller's),
    ///     the birth date and the optional `jht_balance_statement`.
    ///   - eventType: `event.type`.
    ///   - eventDate: `event.date` (the stop-work date for resignation and layoff).
    ///   - claimDate: `claim_date`.
    ///   - totalPermanent: `event.accident.total_permanent` of a `work_accident`.
    public func compute(
        participant: Participant, eventType: EventType, eventDate: CivilDate, claimDate: CivilDate,
        totalPermanent: Bool = false
    ) -> JHTOutcome? {
        guard JHTCalculator.isTriggered(by: eventType, totalPermanent: totalPermanent),
            participant.memberships.contains(where: { $0.has(.jht) })
        else { return nil }
        var outcome = JHTOutcome(
            line: nil, warnings: [], reasons: [], regime: JHTCalculator.regime(eventDate: eventDate))
        var uses = UseRecorder()
        var due = claimDate
        var partial = false
        let lookupDate = max(eventDate, JHTCalculator.pp46Start)
        switch eventType {
        case .oldAge:
            let required = Int(age.read(on: eventDate, into: &uses))
            let actual = participant.birthDate.age(on: eventDate)
            if actual < required {
                outcome.reasons.append(
                    "JHT old-age benefit from age \(required): the participant is \(actual) on \(eventDate) "
                        + "(PP 46/2015 Pasal 22(1))")
                return outcome
            }
        case .resignation, .layoff:
            let waitEnd = eventDate.adding(months: Int(waitMonths.read(on: lookupDate, into: &uses)))
            if waitEnd > claimDate {
                due = waitEnd
                let instrument =
                    eventDate >= JHTCalculator.permenaker4of2022 ? "Permenaker 4/2022" : "Permenaker 19/2015"
                outcome.warnings.append("JHT payable after the one-month wait, on \(due) (\(instrument))")
            }
        case .totalPermanentDisability, .workAccident:
            due = max(claimDate, eventDate.yearMonth.advanced(by: 1).firstDay)
        case .jhtPartialWithdrawal:
            partial = true
            let required = Int(partialYears.read(on: lookupDate, into: &uses))
            partialShare.read(on: lookupDate, into: &uses)
            let start = participant.memberships.lazy.filter { $0.has(.jht) }.map(\.start).min()!
            let years = start.age(on: eventDate)
            if years < required {
                outcome.reasons.append(
                    "JHT partial withdrawal requires \(required) years of membership: \(years) years from \(start) "
                        + "to \(eventDate) (PP 46/2015 Pasal 22(4))")
                return outcome
            }
        case .death, .workAccidentDeath, .occupationalDiseaseDeath, .leaveIndonesia:
            break
        }
        if eventDate < JHTCalculator.pp46Start {
            outcome.warnings.append(
                "JHT event before 2015-07-01: the PP 46/2015 rules are applied (the PP 1/2009 conditions are not modelled)"
            )
        }
        let result = balance(participant: participant, payoutDate: due, rateDate: lookupDate, uses: &uses)
        guard result.balance > 0 else {
            outcome.warnings.append("JHT balance is zero: no JHT line")
            return outcome
        }
        var formula = result.formula
        var amount = result.balance
        var item = "jht.balance"
        var basis = "PP 46/2015 Pasal 22(2)-(3)"
        if partial {
            let share = partialShare.value(on: lookupDate)
            amount = Rounding.halfUp(Int128(result.balance) * Int128(share), 10_000)
            formula = .jhtPartial(shareBp: share, balance: Rupiah(result.balance), of: formula)
            item = "jht.partial"
            basis = "PP 46/2015 Pasal 22(4)-(5)"
        }
        outcome.line = SavingsLine(
            program: .jht, item: item, amount: Rupiah(amount), payee: eventType.isDeath ? .heirs : .participant,
            schedule: .lumpSum, due: due, formula: formula, basis: basis, parameters: uses.uses)
        SavingsText.appendNew(uses.warnings, to: &outcome.warnings)
        if partial {
            // After the parameter warnings, as the expected results order them (first use: the variant is chosen last).
            outcome.warnings.append(
                "jht_partial_withdrawal computed at 10 % (old-age preparation); the 30 % housing variant needs a purpose "
                    + "the case file cannot carry")
        }
        return outcome
    }

    /// The JHT balance credited through the month before the payout month (RULEBOOK §8.3, D9, R20).
    ///
    /// Deposits are `rhu(wage × rate / 10000)` per row, credited in the month of `paid_on` when that month is at most
    /// `L` = the month before the payout month; a statement replaces the rows paid on or before its `as_of`. Each
    /// month from the start to `L` first adds `floor(balance × rate(year) / 120000)`, then that month's deposits.
    public func balance(participant: Participant, payoutDate: CivilDate) -> Rupiah {
        var uses = UseRecorder()
        let rateDate = max(payoutDate, JHTCalculator.pp46Start)
        return Rupiah(
            balance(participant: participant, payoutDate: payoutDate, rateDate: rateDate, uses: &uses).balance)
    }

    struct BalanceResult {
        var balance: Int64
        var formula: SavingsFormula
    }

    func balance(
        participant: Participant, payoutDate: CivilDate, rateDate: CivilDate, uses: inout UseRecorder
    ) -> BalanceResult {
        let last = payoutDate.yearMonth.ordinal - 1
        let statement = participant.jhtStatement
        let puRow = puRate.row(on: rateDate)
        let bpuRow = bpuRate.row(on: rateDate)
        let pu = puRate.parameter.values[puRow].value.integer ?? 0
        let bpu = bpuRate.parameter.values[bpuRow].value.integer ?? 0
        var hasWageEarner = false
        var hasNonWageEarner = false
        // Rows paid on or before the statement date are in the statement (packed dates compare as integers).
        let asOf = statement.map { JPHistory.pack($0.asOf) } ?? Int32.min
        // First pass: the crediting range, so that the deposits go into one array indexed by month.
        var first = Int.max
        participant.memberships.withUnsafeBufferPointer { memberships in
            for membership in memberships where membership.has(.jht) {
                if membership.segment == .nonWageEarner { hasNonWageEarner = true } else { hasWageEarner = true }
                membership.contributions?.withUnsafeBufferPointer { rows in
                    for row in rows {
                        let paid = row.paidPacked
                        guard paid != 0, paid > asOf else { continue }
                        let month = row.paidMonthOrdinal
                        if month <= last, month < first { first = month }
                    }
                }
            }
        }
        var opening: Int64 = 0
        var start = first
        if let statement {
            opening = statement.amount.value
            start = statement.asOf.yearMonth.ordinal + 1
            // Deposits paid after `as_of` within its month join the opening balance.
            first = min(first, start - 1)
        }
        var deposits = [Int64](repeating: 0, count: first <= last ? last - first + 1 : 0)
        var count = 0
        deposits.withUnsafeMutableBufferPointer { deposits in
            participant.memberships.withUnsafeBufferPointer { memberships in
                for membership in memberships where membership.has(.jht) {
                    let rate = membership.segment == .nonWageEarner ? bpu : pu
                    membership.contributions?.withUnsafeBufferPointer { rows in
                        for row in rows {
                            let paid = row.paidPacked
                            guard paid != 0, paid > asOf else { continue }
                            let month = row.paidMonthOrdinal
                            guard month <= last else { continue }
                            deposits[month &- first] &+= SavingsMath.share(row.wageValue, basisPoints: rate)
                            count &+= 1
                        }
                    }
                }
            }
        }
        var balance = opening
        if statement != nil, !deposits.isEmpty, start - 1 >= first, start - 1 <= last {
            balance += deposits[start - 1 - first]
        }
        if start <= last {
            deposits.withUnsafeBufferPointer { deposits in
                // Year by year: one rate per calendar year, then a tight month loop.
                var month = start
                while month <= last {
                    let yearEnd = min(last, (month / 12) * 12 + 11)
                    let rate = crediting.value(month / 12)
                    // Below this balance `balance × rate` cannot overflow; a negative rate takes the floored path.
                    let safe = rate > 0 ? Int64.max / rate / 2 : (rate == 0 ? Int64.max : -1)
                    while month <= yearEnd {
                        if balance >= 0 && balance < safe {
                            balance &+= (balance &* rate) / 120_000
                        } else {
                            balance += JHTCalculator.development(balance, rate)
                        }
                        balance += deposits[month &- first]
                        month &+= 1
                    }
                }
            }
        }
        if hasWageEarner || !hasNonWageEarner { uses.add(puRate.uses[puRow], warning: puRate.warning) }
        if hasNonWageEarner { uses.add(bpuRate.uses[bpuRow], warning: bpuRate.warning) }
        if start <= last { crediting.appendUses(years: start / 12, last / 12, to: &uses) }
        let formula = SavingsFormula.jhtBalance(
            statement: statement, deposits: count, wageEarnerBp: pu, nonWageEarnerBp: bpu,
            last: YearMonth(ordinal: last))
        return BalanceResult(balance: balance, formula: formula)
    }

    /// `floor(balance × rate / 120000)`: one month of development at 1/12 of the annual rate (floored, §0).
    @inline(__always)
    static func development(_ balance: Int64, _ rate: Int64) -> Int64 {
        let (product, overflow) = balance.multipliedReportingOverflow(by: rate)
        if !overflow && product >= 0 { return product / 120_000 }
        return Rounding.floor(Int128(balance) * Int128(rate), 120_000)
    }
}
