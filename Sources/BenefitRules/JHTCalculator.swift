public import SantunanValues

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
    public var regime: RegimeEntry

    public init(line: SavingsLine?, warnings: [String], reasons: [String], regime: RegimeEntry) {
        self.line = line
        self.warnings = warnings
        self.reasons = reasons
        self.regime = regime
    }
}

extension JHTOutcome: SavingsOutput {
    mutating func deny(_ reason: String) { reasons.append(reason) }
    mutating func warn(_ text: String) { if !warnings.contains(text) { warnings.append(text) } }
    mutating func add(_ line: SavingsLine) { self.line = line }
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
    /// The parameter list of every JHT line the configuration can produce, with its warnings (see ``LineUses``).
    private(set) var lineUses = LineUses.Table.empty

    /// Resolves the `jht.*` parameters of `config/jht.yaml`; throws when one is missing or not an integer.
    public init(parameters: ParameterSet) throws(ParameterError) {
        puRate = try DatedScalar(parameters, "jht.contribution.pu_bp")
        bpuRate = try DatedScalar(parameters, "jht.contribution.bpu_bp")
        crediting = try YearTable(parameters.parameter("jht.crediting_rate_bp"))
        age = try DatedScalar(parameters, "jht.age")
        waitMonths = try DatedScalar(parameters, "jht.wait_months")
        partialYears = try DatedScalar(parameters, "jht.partial.min_membership_years")
        partialShare = try DatedScalar(parameters, "jht.partial.pct_bp")
        lineUses = LineUses.Table(self)
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
    public static func regime(eventDate: CivilDate) -> RegimeEntry {
        if eventDate >= permenaker4of2022 {
            return RegimeEntry(
                program: .jht, instrument: "PP 46/2015 jo. PP 60/2015; Permenaker 4/2022",
                effectiveFrom: permenaker4of2022)
        }
        return RegimeEntry(
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
        var outcome = JHTOutcome(
            line: nil, warnings: [], reasons: [], regime: JHTCalculator.regime(eventDate: eventDate))
        guard
            evaluate(
                participant: participant, eventType: eventType, eventDate: eventDate, claimDate: claimDate,
                totalPermanent: totalPermanent, into: &outcome)
        else { return nil }
        return outcome
    }

    /// Evaluates JHT into `output` (a ``JHTOutcome``, or the claim being built, which then needs no intermediate
    /// outcome); returns whether JHT was evaluated at all.
    func evaluate(
        participant: Participant, eventType: EventType, eventDate: CivilDate, claimDate: CivilDate,
        totalPermanent: Bool, into output: inout some SavingsOutput
    ) -> Bool {
        guard JHTCalculator.isTriggered(by: eventType, totalPermanent: totalPermanent),
            participant.memberships.anyHas(.jht)
        else { return false }
        // The rows read before the balance (the wait, the age or the partial-withdrawal rows), as a ``LineUses`` key.
        var prefix = LineUses.Prefix.none
        var due = claimDate
        var partial = false
        let lookupDate = max(eventDate, JHTCalculator.pp46Start)
        switch eventType {
        case .oldAge:
            let row = age.row(on: eventDate)
            prefix = .age(row)
            let required = Int(age.value(row: row))
            let actual = participant.birthDate.age(on: eventDate)
            if actual < required {
                output.deny(
                    "JHT old-age benefit from age \(required): the participant is \(actual) on \(eventDate) "
                        + "(PP 46/2015 Pasal 22(1))")
                return true
            }
        case .resignation, .layoff:
            let row = waitMonths.row(on: lookupDate)
            prefix = .wait(row)
            let waitEnd = eventDate.adding(months: Int(waitMonths.value(row: row)))
            if waitEnd > claimDate {
                due = waitEnd
                let instrument: StaticString =
                    eventDate >= JHTCalculator.permenaker4of2022 ? " (Permenaker 4/2022)" : " (Permenaker 19/2015)"
                output.warn(SavingsText.dated("JHT payable after the one-month wait, on ", due, instrument))
            }
        case .totalPermanentDisability, .workAccident:
            due = max(claimDate, eventDate.yearMonth.advanced(by: 1).firstDay)
        case .jhtPartialWithdrawal:
            partial = true
            let yearsRow = partialYears.row(on: lookupDate)
            prefix = .partial(yearsRow, partialShare.row(on: lookupDate))
            let required = Int(partialYears.value(row: yearsRow))
            let start = participant.memberships.lazy.filter { $0.has(.jht) }.map(\.start).min()!
            let years = start.age(on: eventDate)
            if years < required {
                output.deny(
                    "JHT partial withdrawal requires \(required) years of membership: \(years) years from \(start) "
                        + "to \(eventDate) (PP 46/2015 Pasal 22(4))")
                return true
            }
        case .death, .workAccidentDeath, .occupationalDiseaseDeath, .leaveIndonesia:
            break
        }
        if eventDate < JHTCalculator.pp46Start {
            output.warn(
                "JHT event before 2015-07-01: the PP 46/2015 rules are applied (the PP 1/2009 conditions are not modelled)"
            )
        }
        let result = balance(participant: participant, payoutDate: due, rateDate: lookupDate)
        guard result.balance > 0 else {
            output.warn("JHT balance is zero: no JHT line")
            return true
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
        let read = lineUses.uses(prefix, result.reading, crediting) ?? LineUses(self, prefix, result.reading)
        output.add(
            SavingsLine(
                program: .jht, item: item, amount: Rupiah(amount), payee: eventType.isDeath ? .heirs : .participant,
                schedule: .lumpSum, due: due, formula: formula, basis: basis, parameters: read.uses))
        output.warn(contentsOf: read.warnings)
        if partial {
            // After the parameter warnings, as the expected results order them (first use: the variant is chosen last).
            output.warn(
                "jht_partial_withdrawal computed at 10 % (old-age preparation); the 30 % housing variant needs a purpose "
                    + "the case file cannot carry")
        }
        return true
    }

    /// The JHT balance credited through the month before the payout month (RULEBOOK §8.3, D9, R20).
    ///
    /// Deposits are `rhu(wage × rate / 10000)` per row, credited in the month of `paid_on` when that month is at most
    /// `L` = the month before the payout month; a statement replaces the rows paid on or before its `as_of`. Each
    /// month from the start to `L` first adds `floor(balance × rate(year) / 120000)`, then that month's deposits.
    public func balance(participant: Participant, payoutDate: CivilDate) -> Rupiah {
        let rateDate = max(payoutDate, JHTCalculator.pp46Start)
        return Rupiah(balance(participant: participant, payoutDate: payoutDate, rateDate: rateDate).balance)
    }

    struct BalanceResult {
        var balance: Int64
        var formula: SavingsFormula
        var reading: BalanceReading
    }

    /// What a balance read, for its line's parameter list (``recordUses(_:into:)``): the contribution-rate rows of
    /// the segments credited and the months developed.
    struct BalanceReading: Hashable {
        var start: Int
        var last: Int
        var wageEarnerRow: Int?
        var nonWageEarnerRow: Int?
    }

    /// Records the parameters a balance read: the contribution rates, then the crediting rates of the years
    /// credited.
    func recordUses(_ reading: BalanceReading, into uses: inout UseRecorder) {
        if let row = reading.wageEarnerRow { uses.add(puRate.uses[row]) }
        if let row = reading.nonWageEarnerRow { uses.add(bpuRate.uses[row]) }
        if reading.start <= reading.last {
            crediting.appendUses(years: reading.start / 12, reading.last / 12, to: &uses)
        }
    }

    func balance(participant: Participant, payoutDate: CivilDate, rateDate: CivilDate) -> BalanceResult {
        let last = payoutDate.yearMonth.ordinal - 1
        let statement = participant.jhtStatement
        let puRow = puRate.row(on: rateDate)
        let bpuRow = bpuRate.row(on: rateDate)
        let pu = puRate.parameter.values[puRow].value.integer ?? 0
        let bpu = bpuRate.parameter.values[bpuRow].value.integer ?? 0
        var hasWageEarner = false
        var hasNonWageEarner = false
        if statement == nil,
            let ordered = balanceInPaymentOrder(
                participant.memberships, last: last, pu: pu, bpu: bpu, hasWageEarner: &hasWageEarner,
                hasNonWageEarner: &hasNonWageEarner)
        {
            return finishBalance(
                ordered.balance, start: ordered.first, last: last, deposits: ordered.count, statement: nil,
                hasWageEarner: hasWageEarner, hasNonWageEarner: hasNonWageEarner, pu: pu, bpu: bpu, puRow: puRow,
                bpuRow: bpuRow)
        }
        hasWageEarner = false
        hasNonWageEarner = false
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
        let (opening, start) = SavingsMath.opening(statement, first: &first)
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
            balance = JHTCalculator.saturating(balance, deposits[start - 1 - first])
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
                            balance = JHTCalculator.saturating(balance, JHTCalculator.development(balance, rate))
                        }
                        balance = JHTCalculator.saturating(balance, deposits[month &- first])
                        month &+= 1
                    }
                }
            }
        }
        return finishBalance(
            balance, start: start, last: last, deposits: count, statement: statement, hasWageEarner: hasWageEarner,
            hasNonWageEarner: hasNonWageEarner, pu: pu, bpu: bpu, puRow: puRow, bpuRow: bpuRow)
    }

    /// The balance with its formula and what it read (the contribution rates of the segments credited — PU when no
    /// membership is BPU — and the crediting rates of the months developed).
    private func finishBalance(
        _ balance: Int64, start: Int, last: Int, deposits: Int, statement: BalanceStatement?, hasWageEarner: Bool,
        hasNonWageEarner: Bool, pu: Int64, bpu: Int64, puRow: Int, bpuRow: Int
    ) -> BalanceResult {
        let reading = BalanceReading(
            start: start, last: last, wageEarnerRow: hasWageEarner || !hasNonWageEarner ? puRow : nil,
            nonWageEarnerRow: hasNonWageEarner ? bpuRow : nil)
        let formula = SavingsFormula.jhtBalance(
            statement: statement, deposits: deposits, wageEarnerBp: pu,
            nonWageEarnerBp: bpu, last: YearMonth(ordinal: last))
        return BalanceResult(balance: balance, formula: formula, reading: reading)
    }

    /// The balance without a statement when the JHT rows of the person are in order of their paid month (the usual
    /// history: one JHT membership, each month paid after the one before): each row's deposit is credited as it is
    /// read, the months between two payments are developed in between, and no per-month array is built. The
    /// figures are those of the general path (development before the month's deposits, months from the first
    /// deposit to `last`). `nil` when a row is paid in an earlier month than the row before it, or when several
    /// memberships carry JHT: the general path then collects the deposits by month.
    private func balanceInPaymentOrder(
        _ memberships: [Membership], last: Int, pu: Int64, bpu: Int64, hasWageEarner: inout Bool,
        hasNonWageEarner: inout Bool
    ) -> (balance: Int64, count: Int, first: Int)? {
        // The one JHT membership, read in place; `count` 2 stands for "several".
        let single: (count: Int, nonWageEarner: Bool, rows: [ContributionRow]?) = memberships.withUnsafeBufferPointer {
            memberships in
            var found = -1
            for index in memberships.indices where memberships[index].programs.contains(.jht) {
                guard found < 0 else { return (2, false, nil) }
                found = index
            }
            guard found >= 0 else { return (0, false, nil) }
            return (1, memberships[found].segment == .nonWageEarner, memberships[found].contributions)
        }
        guard single.count < 2 else { return nil }
        guard single.count == 1 else { return (0, 0, Int.max) }
        if single.nonWageEarner { hasNonWageEarner = true } else { hasWageEarner = true }
        let rate = single.nonWageEarner ? bpu : pu
        guard let contributions = single.rows else { return (0, 0, Int.max) }
        return contributions.withUnsafeBufferPointer { rows in
            var balance: Int64 = 0
            var count = 0
            var first = Int.max
            // The month whose deposits are being added (its development is done), and its year's crediting rate.
            var month = Int.min
            var yearEnd = Int.min
            var credit: Int64 = 0
            var limit: UInt64 = 0
            // Consecutive rows usually repeat the wage: the deposit is computed once per wage.
            var wage: Int64 = -1
            var deposit: Int64 = 0
            var index = 0
            while index < rows.count {
                let row = rows[index]
                index &+= 1
                let paid = row.paidPacked
                guard paid != 0 else { continue }
                let paidMonth = row.paidMonthOrdinal
                guard paidMonth <= last else { continue }
                if paidMonth != month {
                    guard paidMonth > month else { return nil }
                    if month == Int.min {
                        first = paidMonth
                    } else {
                        var next = month &+ 1
                        while next <= paidMonth {
                            if next > yearEnd {
                                yearEnd = (next / 12) * 12 + 11
                                credit = crediting.value(next / 12)
                                limit = JHTCalculator.developmentLimit(credit)
                            }
                            balance = JHTCalculator.developed(balance, rate: credit, limit: limit)
                            next &+= 1
                        }
                    }
                    month = paidMonth
                }
                if row.wageValue != wage {
                    wage = row.wageValue
                    deposit = SavingsMath.share(wage, basisPoints: rate)
                }
                balance = JHTCalculator.saturating(balance, deposit)
                count &+= 1
                // The usual run: each next row paid in the month after, in the same year, at the same wage, with the
                // balance below the development limit. The same steps as above with every test but these skipped;
                // months compare as `paid_on >> 5` (year × 16 + month), consecutive within a year.
                let stop = min(yearEnd, last)
                guard month <= stop else { continue }
                let run = JHTCalculator.creditRun(
                    rows, from: index, key: Int(paid >> 5), months: stop &- month, wage: wage, deposit: deposit,
                    rate: credit, limit: limit, balance: &balance)
                count &+= run
                month &+= run
                index &+= run
            }
            if month != Int.min {
                var next = month &+ 1
                while next <= last {
                    if next > yearEnd {
                        yearEnd = (next / 12) * 12 + 11
                        credit = crediting.value(next / 12)
                        limit = JHTCalculator.developmentLimit(credit)
                    }
                    balance = JHTCalculator.developed(balance, rate: credit, limit: limit)
                    next &+= 1
                }
            }
            return (balance, count, first)
        }
    }

    /// Credits the rows from `start` while each is paid in the month after the one before (`key` is the last
    /// credited row's `paid_on >> 5`, year × 16 + month, consecutive within a year), at most `months` of them, at
    /// `wage`, with the balance within `limit`: one month of development and `deposit` each. Returns how many.
    ///
    /// Apart so that the loop's few values stay in registers (inside the caller they were spilled to the stack).
    @inline(never)
    static func creditRun(
        _ rows: UnsafeBufferPointer<ContributionRow>, from start: Int, key: Int, months: Int, wage: Int64,
        deposit: Int64, rate: Int64, limit: UInt64, balance: inout Int64
    ) -> Int {
        var credited = balance
        let end = min(rows.count, start &+ months)
        var index = start
        var expected = key &+ 1
        while index < end {
            guard Int(rows[index].paidPacked >> 5) == expected, rows[index].wageValue == wage,
                UInt64(bitPattern: credited) <= limit
            else { break }
            credited = saturating(credited, Int64(bitPattern: UInt64(bitPattern: credited &* rate) / 120_000))
            credited = saturating(credited, deposit)
            expected &+= 1
            index &+= 1
        }
        balance = credited
        return index &- start
    }

    /// `balance + floor(balance × rate / 120000)`, one month of development, where `limit` is
    /// ``developmentLimit(_:)`` of `rate`: one comparison instead of checking the product for overflow and sign.
    @inline(__always)
    static func developed(_ balance: Int64, rate: Int64, limit: UInt64) -> Int64 {
        if UInt64(bitPattern: balance) <= limit {
            return saturating(balance, Int64(bitPattern: UInt64(bitPattern: balance &* rate) / 120_000))
        }
        return saturating(balance, development(balance, rate))
    }

    /// `balance + amount`, held at `Int64.max` (or `.min`) instead of trapping or wrapping.
    ///
    /// A balance that far out comes only from dates and amounts beyond the case bounds (or a configuration rate out
    /// of all reason); it stays there, and ``ClaimCalculator`` refuses the line as above the largest amount a claim
    /// may pay (issue 15: a claim dated 2512 trapped here, one dated 2500 paid Rp 5 × 10^18).
    @inline(__always)
    static func saturating(_ balance: Int64, _ amount: Int64) -> Int64 {
        let (sum, overflow) = balance.addingReportingOverflow(amount)
        return overflow ? (amount > 0 ? .max : .min) : sum
    }

    /// The largest balance whose product with `rate` is a non-negative `Int64` (a negative rate: only zero).
    static func developmentLimit(_ rate: Int64) -> UInt64 {
        rate > 0 ? UInt64(Int64.max / rate) : (rate == 0 ? UInt64(Int64.max) : 0)
    }

    /// One month of development (hasil pengembangan) on a JHT balance at the crediting rate of `month`'s year
    /// (`jht.crediting_rate_bp`, RULEBOOK §8.3): what the balance computation credits each month, for the ledger's
    /// monthly posting. Zero for a balance that is not positive.
    public func development(onBalance balance: Int64, in month: YearMonth) -> Int64 {
        balance > 0 ? Self.development(balance, crediting.value(month.ordinal / 12)) : 0
    }

    /// `floor(balance × rate / 120000)`: one month of development at 1/12 of the annual rate (floored, §0).
    @inline(__always)
    static func development(_ balance: Int64, _ rate: Int64) -> Int64 {
        let (product, overflow) = balance.multipliedReportingOverflow(by: rate)
        if !overflow && product >= 0 { return Int64(truncatingIfNeeded: UInt64(truncatingIfNeeded: product) / 120_000) }
        return Rounding.floor(Int128(balance) * Int128(rate), 120_000)
    }
}

/// The parameter list of one JHT line with the warnings of its unconfirmed parameters (once each, in order of first
/// use; RULEBOOK §11.5).
///
/// A line's list depends only on the rows it read: the wait, age or partial-withdrawal rows, the contribution-rate
/// rows and the span of crediting years. ``Table`` builds every such list once per calculator, so that a claim
/// takes a shared list instead of building one (and its warnings) each time.
struct LineUses: Sendable {
    /// The rows read before the balance.
    enum Prefix: Hashable, Sendable {
        case none
        /// `jht.wait_months` (resignation, layoff).
        case wait(Int)
        /// `jht.age` (old age).
        case age(Int)
        /// `jht.partial.min_membership_years`, `jht.partial.pct_bp`.
        case partial(Int, Int)
    }

    let uses: [ParameterUse]
    let warnings: [String]

    /// Records the uses in the order the results list them: the prefix rows, then what the balance read.
    init(_ calculator: JHTCalculator, _ prefix: Prefix, _ reading: JHTCalculator.BalanceReading) {
        var recorder = UseRecorder()
        switch prefix {
        case .none: break
        case .wait(let row): recorder.add(calculator.waitMonths.uses[row])
        case .age(let row): recorder.add(calculator.age.uses[row])
        case .partial(let years, let share):
            recorder.add(calculator.partialYears.uses[years])
            recorder.add(calculator.partialShare.uses[share])
        }
        calculator.recordUses(reading, into: &recorder)
        uses = Array(recorder.uses)
        warnings = recorder.warnings
    }

    /// Every list, indexed by prefix, contribution-rate rows and span of crediting years (first and last year
    /// index, clamped like ``YearTable/index(_:)``; none when no month is developed).
    struct Table: Sendable {
        let entries: [LineUses]
        let waitRows: Int
        let ageRows: Int
        let shareRows: Int
        let puRows: Int
        let bpuRows: Int
        let years: Int
        let spans: Int
        let rates: Int

        static let empty = Table(entries: [], counts: (0, 0, 0, 0, 0, 0))

        /// Beyond this many lists (a configuration with many rows per parameter) lines build their own.
        static let limit = 16_384

        private init(entries: [LineUses], counts: (Int, Int, Int, Int, Int, Int)) {
            self.entries = entries
            (waitRows, ageRows, shareRows, puRows, bpuRows, years) = counts
            spans = 1 + years * (years + 1) / 2
            rates = puRows + bpuRows + puRows * bpuRows
        }

        init(_ calculator: JHTCalculator) {
            let counts = (
                calculator.waitMonths.uses.count, calculator.age.uses.count, calculator.partialShare.uses.count,
                calculator.puRate.uses.count, calculator.bpuRate.uses.count, calculator.crediting.values.count
            )
            let shape = Table(entries: [], counts: counts)
            let prefixes =
                [Prefix.none] + (0..<shape.waitRows).map(Prefix.wait) + (0..<shape.ageRows).map(Prefix.age)
                + (0..<calculator.partialYears.uses.count).flatMap { years in
                    (0..<shape.shareRows).map { Prefix.partial(years, $0) }
                }
            var readings: [(Int?, Int?)] = (0..<shape.puRows).map { ($0, nil) } + (0..<shape.bpuRows).map { (nil, $0) }
            for pu in 0..<shape.puRows {
                for bpu in 0..<shape.bpuRows { readings.append((pu, bpu)) }
            }
            // Spans in index order: none, then (first, last) for first ≤ last, first-major.
            var spans: [(start: Int, last: Int)] = [(1, 0)]
            let firstYear = calculator.crediting.firstYear
            for first in 0..<shape.years {
                for last in first..<shape.years { spans.append(((firstYear + first) * 12, (firstYear + last) * 12)) }
            }
            guard prefixes.count * readings.count * spans.count <= Table.limit else {
                self = .empty
                return
            }
            var entries: [LineUses] = []
            entries.reserveCapacity(prefixes.count * readings.count * spans.count)
            for prefix in prefixes {
                for rows in readings {
                    for span in spans {
                        let reading = JHTCalculator.BalanceReading(
                            start: span.start, last: span.last, wageEarnerRow: rows.0, nonWageEarnerRow: rows.1)
                        entries.append(LineUses(calculator, prefix, reading))
                    }
                }
            }
            self.init(entries: entries, counts: counts)
        }

        /// The prebuilt list for these rows, or `nil` when there is no table.
        func uses(_ prefix: Prefix, _ reading: JHTCalculator.BalanceReading, _ crediting: YearTable) -> LineUses? {
            guard !entries.isEmpty else { return nil }
            let prefixIndex: Int
            switch prefix {
            case .none: prefixIndex = 0
            case .wait(let row): prefixIndex = 1 + row
            case .age(let row): prefixIndex = 1 + waitRows + row
            case .partial(let years, let share): prefixIndex = 1 + waitRows + ageRows + years * shareRows + share
            }
            let rateIndex: Int
            switch (reading.wageEarnerRow, reading.nonWageEarnerRow) {
            case (let pu?, nil): rateIndex = pu
            case (nil, let bpu?): rateIndex = puRows + bpu
            case (let pu?, let bpu?): rateIndex = puRows + bpuRows + pu * bpuRows + bpu
            case (nil, nil): return nil
            }
            var spanIndex = 0
            if reading.start <= reading.last {
                let first = crediting.index(reading.start / 12)
                let last = crediting.index(reading.last / 12)
                // Rows before `first` hold years - row spans each.
                spanIndex = 1 + first * years - first * (first - 1) / 2 + (last - first)
            }
            return entries[(prefixIndex * rates + rateIndex) * spans + spanIndex]
        }
    }
}
