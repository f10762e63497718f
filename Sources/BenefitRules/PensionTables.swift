import SantunanValues

/// A dated parameter resolved once into an array by calendar year, so per-month loops never look up by key or date.
///
/// Years before the first value read the first value and years after the last start read the last one (the last
/// value is open-ended in `config/`, e.g. a carried unconfirmed rate, R14/R15).
struct YearTable: Sendable {
    let key: String
    let firstYear: Int
    /// The value in force on the first day of each year from `firstYear` (or from the parameter's first day).
    let values: [Int64]
    /// For each year, the index of the parameter row it reads (into `uses`).
    let rows: [Int]
    /// Each row of the parameter as a result line reports it.
    let uses: [ParameterUse]
    /// `"<key> is unconfirmed (confirmed: false)"`.
    let warning: String
    /// `spans[i][j - i]`: the rows read by the years of indices `i...j` in date order, each once; built once so that
    /// a balance appends a shared list instead of walking the years.
    let spans: [[[ParameterUse]]]

    init(_ parameter: Parameter) throws(ParameterError) {
        guard let first = parameter.values.first, let last = parameter.values.last else {
            throw ParameterError(.malformed, key: parameter.key, reason: "has no values")
        }
        key = parameter.key
        warning = SavingsText.unconfirmed(parameter.key)
        firstYear = first.from.year
        let (values, rows) = try resolveIntegers(
            parameter,
            on: (firstYear...(last.from.year)).map { max(CivilDate(year: $0, month: 1, day: 1)!, first.from) })
        let uses = parameter.values.map { ParameterUse(key: parameter.key, $0) }
        self.values = values
        self.rows = rows
        self.uses = uses
        spans = rows.indices.map { start in
            var list: [ParameterUse] = []
            var previous = -1
            return rows.indices[start...].map { end in
                if rows[end] != previous {
                    list.append(uses[rows[end]])
                    previous = rows[end]
                }
                return list
            }
        }
    }

    @inline(__always)
    func index(_ year: Int) -> Int { min(max(year - firstYear, 0), values.count - 1) }

    /// The value for calendar year `year`.
    @inline(__always)
    func value(_ year: Int) -> Int64 { values[index(year)] }

    /// Appends, in date order, every row read by the years `from...to` (nothing when `from > to`).
    func appendUses(years from: Int, _ to: Int, to list: inout UseRecorder) {
        guard from <= to else { return }
        let start = index(from)
        list.add(contentsOf: spans[start][index(to) - start])
    }
}

/// A dated parameter resolved once into an array by calendar month (value in force on the 1st of the month).
struct MonthTable: Sendable {
    let key: String
    let firstOrdinal: Int
    let values: [Int64]
    let rows: [Int]
    let uses: [ParameterUse]
    let warning: String

    init(_ parameter: Parameter) throws(ParameterError) {
        guard let first = parameter.values.first, let last = parameter.values.last else {
            throw ParameterError(.malformed, key: parameter.key, reason: "has no values")
        }
        key = parameter.key
        warning = SavingsText.unconfirmed(parameter.key)
        firstOrdinal = first.from.yearMonth.ordinal
        (values, rows) = try resolveIntegers(
            parameter,
            on: (firstOrdinal...(last.from.yearMonth.ordinal)).map { max(YearMonth(ordinal: $0).firstDay, first.from) })
        uses = parameter.values.map { ParameterUse(key: parameter.key, $0) }
    }

    @inline(__always)
    func index(_ ordinal: Int) -> Int { min(max(ordinal - firstOrdinal, 0), values.count - 1) }

    @inline(__always)
    func value(_ ordinal: Int) -> Int64 { values[index(ordinal)] }

    @inline(__always)
    func row(_ ordinal: Int) -> Int { rows[index(ordinal)] }
}

/// A parameter read by date, clamped to its first row (dates before it read the first value).
struct DatedScalar: Sendable {
    let key: String
    let parameter: Parameter
    /// Each row as a result line reports it.
    let uses: [ParameterUse]
    let warning: String

    init(_ parameters: ParameterSet, _ key: String) throws(ParameterError) {
        self.key = key
        parameter = try parameters.parameter(key)
        for dated in parameter.values where dated.value.integer == nil {
            throw ParameterError(.wrongKind, key: key, reason: "is not an integer from \(dated.from)")
        }
        if parameter.values.isEmpty { throw ParameterError(.malformed, key: key, reason: "has no values") }
        uses = parameter.values.map { ParameterUse(key: key, $0) }
        warning = SavingsText.unconfirmed(key)
    }

    /// The index of the row in force on `date` (the first row for earlier dates).
    @inline(__always)
    func row(on date: CivilDate) -> Int {
        var index = parameter.values.count - 1
        while index > 0 && date < parameter.values[index].from { index -= 1 }
        return index
    }

    func value(on date: CivilDate) -> Int64 { value(row: row(on: date)) }

    /// The value of row `row` (from ``row(on:)``).
    func value(row: Int) -> Int64 { parameter.values[row].value.integer ?? 0 }

    func use(on date: CivilDate) -> ParameterUse { uses[row(on: date)] }

    /// Records the row in force on `date` and returns its value.
    @discardableResult
    func read(on date: CivilDate, into recorder: inout UseRecorder) -> Int64 {
        let index = row(on: date)
        recorder.add(uses[index])
        return parameter.values[index].value.integer ?? 0
    }
}

/// The integer value of `parameter` on each of `days`, and the index of the row it came from (for ``YearTable`` and
/// ``MonthTable``); a day without an integer value fails naming the parameter and the day.
private func resolveIntegers(_ parameter: Parameter, on days: [CivilDate]) throws(ParameterError) -> ([Int64], [Int]) {
    var values: [Int64] = []
    var rows: [Int] = []
    values.reserveCapacity(days.count)
    rows.reserveCapacity(days.count)
    for day in days {
        guard let index = parameter.values.lastIndex(where: { $0.covers(day) }),
            let integer = parameter.values[index].value.integer
        else {
            throw ParameterError(.notInForce, key: parameter.key, reason: "has no integer value on \(day)")
        }
        values.append(integer)
        rows.append(index)
    }
    return (values, rows)
}
