public import SantunanValues

/// The monthly development (hasil pengembangan) of a savings program's individual accounts, as the ledger credits it
/// month by month: the same step as the rules' balances, `floor(balance × rate / 120000)` on the balance at the end
/// of the previous month, at the annual rate in force for the month's year (RULEBOOK §8.3 for JHT at
/// `jht.crediting_rate_bp`, §9.8 for the JP lump sum at `jp.development_rate_bp`).
///
/// A year reads the value in force on its 1 January (or on the parameter's first day, in its first year) through the
/// calculators' own ``YearTable``, so a month's ledger credit and the rules' balance use the same row.
public struct SavingsDevelopment: Sendable {
    public let program: Program
    public let parameter: Parameter
    /// The calculators' own year table of the parameter, so that the ledger and the rules read one resolution.
    let table: YearTable

    init(program: Program, parameter: Parameter) throws(ParameterError) {
        self.program = program
        self.parameter = parameter
        table = try YearTable(parameter)
    }

    /// JHT development at `jht.crediting_rate_bp`.
    public static func jht(_ parameters: ParameterSet) throws(ParameterError) -> SavingsDevelopment {
        try SavingsDevelopment(program: .jht, parameter: try parameters.parameter("jht.crediting_rate_bp"))
    }

    /// JP development at `jp.development_rate_bp` (the JP lump sum's accumulation; R15: unconfirmed before 2025).
    public static func jp(_ parameters: ParameterSet) throws(ParameterError) -> SavingsDevelopment {
        try SavingsDevelopment(program: .jp, parameter: try parameters.parameter("jp.development_rate_bp"))
    }

    /// The rate that credits `month`: the year table's row for the month's year; a typed error for a month before
    /// the parameter's first day (which the table would clamp to its first row).
    public func rate(for month: YearMonth) throws(ParameterError) -> DevelopmentRate {
        guard let first = parameter.values.first, first.from <= month.lastDay else {
            throw ParameterError(.notInForce, key: parameter.key, reason: "has no value in force for \(month)")
        }
        let basisPoints = table.value(month.year)
        guard basisPoints >= 0 else {
            throw ParameterError(.wrongKind, key: parameter.key, reason: "is not a non-negative integer for \(month)")
        }
        let dated = parameter.values[table.rows[table.index(month.year)]]
        return DevelopmentRate(
            key: parameter.key, month: month, basisPoints: basisPoints, basis: dated.basis, confirmed: dated.confirmed)
    }
}

/// One month's development rate of a savings program, with the row of config/ it came from.
public struct DevelopmentRate: Sendable, Hashable {
    public let key: String
    public let month: YearMonth
    /// The annual rate in basis points; a month credits 1/12 of it.
    public let basisPoints: Int64
    public let basis: String
    public let confirmed: Bool

    /// One month of development on `balance`: `floor(balance × rate / 120000)`, zero for a balance that is not
    /// positive.
    public func amount(onBalance balance: Int64) -> Int64 {
        balance > 0 ? JHTCalculator.development(balance, basisPoints) : 0
    }

    /// `"<key> is unconfirmed (confirmed: false)"` when the row is unconfirmed (RULEBOOK §11.5), else `nil`.
    public var warning: String? { confirmed ? nil : SavingsText.unconfirmed(key) }

    /// `jp.development_rate_bp 6,47 %/yr (2025 JP lump-sum rate carried back (R15); unconfirmed)`.
    public var citation: String {
        "\(key) \(SavingsText.percent(basisPoints)) %/yr (\(basis)\(confirmed ? "" : "; unconfirmed"))"
    }
}
