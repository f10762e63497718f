/// A calendar date without time or zone (ISO 8601 `YYYY-MM-DD`), proleptic Gregorian: the one date of every module
/// (issue 17). The rules' dates, the ledger's effective dates, the payouts' due and execution dates, the imports'
/// bounds and the queue's timestamps all count days the same way here, so converting between them is never needed.
///
/// Nothing here reads the wall clock: every "today" is passed in (the rules core never reads one).
/// The members are `@inlinable`: the rules core and the contribution import use them in their measured hot loops
/// (docs/benchmarks.md), which must not pay a call across the module boundary.
public struct CivilDate: Hashable, Comparable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or `nil` when the day does not exist (e.g. 2022-02-30).
    @inlinable
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date the caller has already validated (a packed form it wrote from a valid date, say); not checked.
    @inlinable
    public init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (or a day that does not exist) is `nil`.
    @inlinable
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = CivilDate.digits(bytes, 0, 4), let month = CivilDate.digits(bytes, 5, 2),
            let day = CivilDate.digits(bytes, 8, 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    @inlinable
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The month this date falls in.
    @inlinable
    public var yearMonth: YearMonth { YearMonth(unchecked: year, month) }

    /// `self + years`, keeping month and day; 29 February becomes 28 February (RULEBOOK §0).
    @inlinable
    public func adding(years: Int) -> CivilDate {
        let newYear = year + years
        return CivilDate(unchecked: newYear, month, min(day, CivilDate.daysIn(year: newYear, month: month)))
    }

    /// `self + months`, keeping the day, clamped to the last day of the target month (RULEBOOK §0).
    @inlinable
    public func adding(months: Int) -> CivilDate {
        let target = yearMonth.advanced(by: months)
        return CivilDate(
            unchecked: target.year, target.month, min(day, CivilDate.daysIn(year: target.year, month: target.month)))
    }

    /// `self + days` (negative to go back).
    @inlinable
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    @inlinable
    public func days(to other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// Completed years of someone born on `self`, on `date` ("age on date d", RULEBOOK §0).
    @inlinable
    public func age(on date: CivilDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    /// Days since 1970-01-01 (negative before), for differences and weekdays.
    @inlinable
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil algorithm, in integers.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01.
    @inlinable
    public init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(unchecked: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    @inlinable
    public var isoWeekday: Int {
        let weekday = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday.
        return (weekday < 0 ? weekday + 7 : weekday) + 1
    }

    /// Number of days in a month of a year.
    @inlinable
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether `year` has a 29 February (Gregorian: every fourth year, but not centuries unless divisible by 400).
    @inlinable
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The value of `count` ASCII digits of `bytes` from `start`, or nil when one is not a digit.
    @inlinable
    static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

extension CivilDate: CustomStringConvertible {
    /// `YYYY-MM-DD`.
    @inlinable
    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return "\(YearMonth.pad(year, 4))-\(YearMonth.pad(month, 2))-\(YearMonth.pad(day, 2))"
        }
        // Ten digits and dashes written in place: dates appear in warnings and formulas of most claims.
        return String(unsafeUninitializedCapacity: 10) { buffer in
            YearMonth.writeDigits(year, 4, into: buffer, at: 0)
            buffer[4] = UInt8(ascii: "-")
            YearMonth.writeDigits(month, 2, into: buffer, at: 5)
            buffer[7] = UInt8(ascii: "-")
            YearMonth.writeDigits(day, 2, into: buffer, at: 8)
            return 10
        }
    }
}

/// A calendar month (ISO 8601 `YYYY-MM`): contribution months, crediting months, pension start months.
public struct YearMonth: Hashable, Comparable, Sendable, Strideable {
    public let year: Int
    public let month: Int

    /// Creates a month, or `nil` when `month` is not 1…12.
    @inlinable
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    @inlinable
    init(unchecked year: Int, _ month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses exactly `YYYY-MM`.
    @inlinable
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"), let year = CivilDate.digits(bytes, 0, 4),
            let month = CivilDate.digits(bytes, 5, 2)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// Months since year 0: consecutive months differ by one.
    @inlinable
    public var ordinal: Int { year * 12 + month - 1 }

    /// The month with the given ordinal.
    @inlinable
    public init(ordinal: Int) { self.init(unchecked: ordinal / 12, ordinal % 12 + 1) }

    @inlinable
    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.ordinal < rhs.ordinal }
    @inlinable
    public func distance(to other: YearMonth) -> Int { other.ordinal - ordinal }
    @inlinable
    public func advanced(by months: Int) -> YearMonth { YearMonth(ordinal: ordinal + months) }

    /// The 1st of the month.
    @inlinable
    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }

    /// The last day of the month.
    @inlinable
    public var lastDay: CivilDate {
        CivilDate(year: year, month: month, day: CivilDate.daysIn(year: year, month: month))!
    }

    @usableFromInline
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension YearMonth: CustomStringConvertible {
    /// `YYYY-MM`.
    @inlinable
    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month) else {
            return "\(YearMonth.pad(year, 4))-\(YearMonth.pad(month, 2))"
        }
        return String(unsafeUninitializedCapacity: 7) { buffer in
            YearMonth.writeDigits(year, 4, into: buffer, at: 0)
            buffer[4] = UInt8(ascii: "-")
            YearMonth.writeDigits(month, 2, into: buffer, at: 5)
            return 7
        }
    }

    /// Writes `value` (0 ≤ value < 10^width) as `width` zero-padded decimal digits at `offset`.
    @inlinable @inline(__always)
    static func writeDigits(_ value: Int, _ width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int)
    {
        var rest = value
        var index = offset + width - 1
        while index >= offset {
            buffer[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
            index -= 1
        }
    }
}
