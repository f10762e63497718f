public import SantunanValues

/// When a JHT/JP result line is paid (RULEBOOK §11.2).
public enum SavingsSchedule: String, Hashable, Sendable {
    /// Paid once, on `due` (`jht.balance`, `jht.partial`, `jp.lump_sum`).
    case lumpSum = "lump_sum"
    /// One month's JP pension, paid every month from `due` (`jp.monthly`); outside `total` and `payable_now`.
    case monthly
}

/// Who receives a JHT/JP line (RULEBOOK §3); the claim assembly turns it into a `payee` object.
public enum SavingsPayee: Hashable, Sendable {
    /// The living participant (role `participant`, the participant's NIK).
    case participant
    /// The santunan payee of a death claim (role `heirs`; the Dana Jaminan Sosial or the Balai Harta Peninggalan
    /// when there is no heir, §3).
    case heirs
    /// The JP survivor (*janda/duda*, child or parent) of §9.7: role `jp_survivor` with this NIK.
    case jpSurvivor(nik: String)
}

/// One JHT or JP result line: what, how much, when, to whom and why (CONTRACT §3 `lines[]`).
///
/// The claim assembly adds the id (`{case_id}/{program}/{item}`) and the payee object. The formula is kept
/// structured (``formulaParts``) and rendered only when ``formula`` is read, so computing a claim builds no text.
public struct SavingsLine: Hashable, Sendable {
    /// `.jht` or `.jp`.
    public var program: Program
    /// `jht.balance`, `jht.partial`, `jp.lump_sum` or `jp.monthly`.
    public var item: String
    public var amount: Rupiah
    public var payee: SavingsPayee
    public var schedule: SavingsSchedule
    public var due: CivilDate
    /// The formula's figures; ``SavingsFormula/text`` renders them.
    public var formulaParts: SavingsFormula
    /// The legal basis (e.g. `PP 46/2015 Pasal 22(2)-(3)`).
    public var basis: String
    /// Every parameter the line read, in the order the results list them (RULEBOOK §11.6).
    public var parameters: [ParameterUse]

    public init(
        program: Program, item: String, amount: Rupiah, payee: SavingsPayee, schedule: SavingsSchedule,
        due: CivilDate, formula: SavingsFormula, basis: String, parameters: [ParameterUse]
    ) {
        self.program = program
        self.item = item
        self.amount = amount
        self.payee = payee
        self.schedule = schedule
        self.due = due
        self.formulaParts = formula
        self.basis = basis
        self.parameters = parameters
    }

    /// The formula in the words of the expected results (e.g. `contribution history + 76 monthly deposits (…)`),
    /// rendered on each read.
    public var formula: String { formulaParts.text }
}

/// The figures of a JHT/JP formula, rendered as text only when printed (RULEBOOK §8, §9).
///
/// Only the partial withdrawal, which holds the balance formula, is boxed: the others are stored inline, so that a
/// JHT or JP line allocates no formula.
public enum SavingsFormula: Hashable, Sendable {
    /// Free text.
    case text(String)
    /// `contribution history + N monthly deposits (5,7 % PU / 2 % BPU of wage, credited when paid) + monthly
    /// development floor(balance x rate/12) to L`, or the same from a statement.
    case jhtBalance(
        statement: BalanceStatement?, deposits: Int, wageEarnerBp: Int64, nonWageEarnerBp: Int64, last: YearMonth)
    /// `10 % x balance Rp B [balance formula]`.
    indirect case jhtPartial(shareBp: Int64, balance: Rupiah, of: SavingsFormula)
    /// `N paid months x 3 % of min(wage, cap), credited when paid + monthly development to L`, or the same from a
    /// statement with the count of deposits paid after it.
    case jpLumpSum(statement: BalanceStatement?, months: Int, deposits: Int, contributionBp: Int64, last: YearMonth)
    /// `1 % x N/12 years x average indexed wage Rp A [x S %] = Rp X`, with the clamp to the award year's bounds.
    case jpMonthly(
        accrualBp: Int64, months: Int, deemed: Bool, averageWage: Rupiah, shareBp: Int64?, computed: Rupiah,
        bound: PensionBound?)

    /// A minimum or maximum of the award year that replaced the computed amount.
    public struct PensionBound: Hashable, Sendable {
        public var isMinimum: Bool
        public var amount: Rupiah
        public var awardYearFrom: CivilDate

        public init(isMinimum: Bool, amount: Rupiah, awardYearFrom: CivilDate) {
            self.isMinimum = isMinimum
            self.amount = amount
            self.awardYearFrom = awardYearFrom
        }
    }

    /// The formula as the results print it.
    public var text: String {
        switch self {
        case .text(let text):
            return text
        case .jhtBalance(let statement, let deposits, let wageEarnerBp, let nonWageEarnerBp, let last):
            let prefix =
                statement.map { "statement \(RupiahText.text($0.amount.value)) as of \($0.asOf)" }
                ?? "contribution history"
            return "\(prefix) + \(deposits) monthly deposits (\(SavingsText.percent(wageEarnerBp)) % PU / "
                + "\(SavingsText.percent(nonWageEarnerBp)) % BPU of wage, credited when paid) + monthly development "
                + "floor(balance x rate/12) to \(last)"
        case .jhtPartial(let shareBp, let balance, let inner):
            return "\(SavingsText.percent(shareBp)) % x balance \(balance) [\(inner.text)]"
        case .jpLumpSum(let statement, let months, let deposits, let contributionBp, let last):
            let percent = SavingsText.percent(contributionBp)
            if let statement {
                return "statement \(RupiahText.text(statement.amount.value)) as of \(statement.asOf) + \(deposits) JP "
                    + "deposits paid after it (\(percent) % of min(wage, cap), credited when paid) + monthly development "
                    + "to \(last)"
            }
            return
                "\(months) paid months x \(percent) % of min(wage, cap), credited when paid + monthly development to "
                + "\(last)"
        case .jpMonthly(let accrualBp, let months, let deemed, let averageWage, let shareBp, let computed, let bound):
            let years = months % 12 == 0 ? "\(months / 12) years" : "\(months)/12 years"
            var text =
                "\(SavingsText.percent(accrualBp)) % x \(years)\(deemed ? " (deemed)" : "") x average indexed wage "
                + averageWage.description
            if let shareBp { text += " x \(SavingsText.percent(shareBp)) %" }
            text += " = \(computed)"
            if let bound {
                text +=
                    bound.isMinimum
                    ? ", raised to the minimum \(bound.amount) of the award year from \(bound.awardYearFrom)"
                    : ", limited to the maximum \(bound.amount) of the award year from \(bound.awardYearFrom)"
            }
            return text
        }
    }
}

/// Text helpers shared by the JHT and JP formulas and warnings.
enum SavingsText {
    /// Basis points as an Indonesian percentage without trailing zeros: 570 → `5,7`, 10000 → `100`, 647 → `6,47`.
    static func percent(_ basisPoints: Int64) -> String {
        let whole = basisPoints / 100
        var fraction = basisPoints % 100
        guard fraction != 0 else { return String(whole) }
        if fraction % 10 == 0 {
            fraction /= 10
            return "\(whole),\(fraction)"
        }
        return fraction < 10 ? "\(whole),0\(fraction)" : "\(whole),\(fraction)"
    }

    /// `numerator / denominator` as a percentage with two decimals, rounded half-up: 60/79 → `75,95`.
    static func ratioPercent(_ numerator: Int, _ denominator: Int) -> String {
        let hundredths = Rounding.halfUp(Int128(numerator) * 10_000, Int128(max(denominator, 1)))
        let fraction = hundredths % 100
        return "\(hundredths / 100),\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `prefix + date + suffix` written into one string (the JHT wait warning of most resignations).
    static func dated(_ prefix: StaticString, _ date: CivilDate, _ suffix: StaticString) -> String {
        let day = date.description
        let count = prefix.utf8CodeUnitCount + day.utf8.count + suffix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: count) { buffer in
            let start = buffer.baseAddress!
            start.initialize(from: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            var at = prefix.utf8CodeUnitCount
            for byte in day.utf8 {
                start[at] = byte
                at += 1
            }
            (start + at).initialize(from: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
            return at + suffix.utf8CodeUnitCount
        }
    }

    /// `"<key> is unconfirmed (confirmed: false)"` (RULEBOOK §11.5).
    static func unconfirmed(_ key: String) -> String { "\(key) is unconfirmed (confirmed: false)" }

    /// Appends `extra` after `warnings`, skipping the ones already there.
    static func appendNew(_ extra: [String], to warnings: inout [String]) {
        for warning in extra where !warnings.contains(warning) { warnings.append(warning) }
    }
}

/// Integer helpers of the savings loops, with `Int64` fast paths (no 128-bit division per row).
enum SavingsMath {
    /// Where a JHT or JP balance starts: from nothing at the first deposit's month `first`, or from a statement's
    /// amount at the month after its `as_of`. With a statement, `first` moves back to the `as_of` month: deposits
    /// paid after `as_of` within its month join the opening balance.
    static func opening(_ statement: BalanceStatement?, first: inout Int) -> (amount: Int64, start: Int) {
        guard let statement else { return (0, first) }
        let start = statement.asOf.yearMonth.ordinal + 1
        first = min(first, start - 1)
        return (statement.amount.value, start)
    }

    /// `rhu(amount × bp / 10000)` for a non-negative amount (a deposit of one contribution row or JP month).
    @inline(__always)
    static func share(_ amount: Int64, basisPoints: Int64) -> Int64 {
        let (product, overflow) = amount.multipliedReportingOverflow(by: basisPoints)
        if !overflow && product >= 0 && product < Int64.max / 2 { return (product * 2 + 10_000) / 20_000 }
        return Rounding.halfUp(Int128(amount) * Int128(basisPoints), 10_000)
    }
}

/// The parameters a line reads, in order; the warnings of the unconfirmed ones (once per key, §11.5) are read
/// from them.
///
/// The warning texts are built once per parameter row when a calculator is created, so recording a use builds no
/// text.
struct UseRecorder {
    var uses: [ParameterUse] = []

    init() { uses.reserveCapacity(24) }

    mutating func add(_ use: ParameterUse) { uses.append(use) }

    /// Adds the rows of one table.
    mutating func add(contentsOf list: [ParameterUse]) { uses.append(contentsOf: list) }

    /// Calls `body` with `"<key> is unconfirmed (confirmed: false)"` for each unconfirmed use, in the order of
    /// their first use, once per text.
    func forEachWarning(_ body: (String) -> Void) {
        for index in uses.indices where !uses[index].confirmed {
            let warning = uses[index].unconfirmedWarning
            if !uses[..<index].contains(where: { !$0.confirmed && $0.unconfirmedWarning == warning }) { body(warning) }
        }
    }

    /// The warnings of the unconfirmed uses, in order, once each.
    var warnings: [String] {
        var list: [String] = []
        forEachWarning { list.append($0) }
        return list
    }
}

/// Where the JHT evaluation writes its line, warnings and denials: a ``JHTOutcome``, or the claim being built.
protocol SavingsOutput {
    /// Records why the program pays nothing.
    mutating func deny(_ reason: String)
    /// Adds a warning unless the same text is already there.
    mutating func warn(_ text: String)
    /// Sets the program's line.
    mutating func add(_ line: SavingsLine)
    /// Adds warnings (without repeats among them) in order, each unless the same text is already there.
    mutating func warn(contentsOf list: [String])
}

extension SavingsOutput {
    mutating func warn(contentsOf list: [String]) {
        for warning in list { warn(warning) }
    }
}
