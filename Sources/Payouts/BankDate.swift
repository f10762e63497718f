/// A calendar date without time or zone (`YYYY-MM-DD`), for due dates, deadlines and bank execution dates.
///
/// `Payouts` does not import the rules module, so it keeps its own small date value; both count days from
/// 1970-01-01 in the proleptic Gregorian calendar, so converting between them is exact.
public struct BankDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let dayNumber: Int

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// Creates a date, or nil when the day does not exist (2022-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...BankDate.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        // Howard Hinnant's days_from_civil, in integers.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    /// Parses exactly `YYYY-MM-DD`; anything else is nil.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = BankDate.digits(bytes, 0, 4), let month = BankDate.digits(bytes, 5, 2),
            let day = BankDate.digits(bytes, 8, 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var year: Int { components.year }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let weekday = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday.
        return (weekday < 0 ? weekday + 7 : weekday) + 1
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> BankDate { BankDate(dayNumber: dayNumber + days) }

    /// The date `months` months later, keeping the day and clamping it to the month's last day (RULEBOOK §0).
    public func adding(months: Int) -> BankDate {
        let (year, month, day) = components
        let ordinal = year * 12 + (month - 1) + months
        let newYear = ordinal / 12
        let newMonth = ordinal % 12 + 1
        return BankDate(year: newYear, month: newMonth, day: min(day, BankDate.daysIn(year: newYear, month: newMonth)))!
    }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    public func days(to other: BankDate) -> Int { other.dayNumber - dayNumber }

    public static func < (lhs: BankDate, rhs: BankDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

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

/// `value` in decimal, left-padded with zeros to `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// A moment expressed in Western Indonesian Time (WIB, UTC+07:00, no daylight saving), to the second.
///
/// Payment files carry WIB times (`2022-03-15T09:30:00+07:00`). The value is built from an injected instant (Unix
/// seconds) so exports never read the wall clock and a re-export of a batch gives the same bytes.
public struct WIBDateTime: Hashable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z, fractions dropped.
    public let unixSeconds: Int64

    /// WIB's fixed offset from UTC.
    public static let offsetSeconds: Int64 = 7 * 3600

    public init(unixSeconds: Int64) {
        self.unixSeconds = unixSeconds
    }

    /// The WIB calendar date of this moment.
    public var date: BankDate {
        let local = unixSeconds + Self.offsetSeconds
        return BankDate(dayNumber: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    /// `YYYY-MM-DDTHH:MM:SS+07:00`, the ISODateTime of pain.001 `CreDtTm`.
    public var description: String {
        let local = unixSeconds + Self.offsetSeconds
        var secondOfDay = Int(local % 86_400)
        if secondOfDay < 0 { secondOfDay += 86_400 }
        return date.description + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":"
            + pad(secondOfDay % 60, 2) + "+07:00"
    }

    /// Parses an ISODateTime as banks send it (`2022-03-16T10:12:00+07:00`, `…Z`, fractions, or no zone = WIB).
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"),
            let date = BankDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = BankDate.digits(bytes, 11, 2), let minute = BankDate.digits(bytes, 14, 2),
            let second = BankDate.digits(bytes, 17, 2), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
        }
        var offset = Self.offsetSeconds
        if index < bytes.count {
            if bytes[index] == UInt8(ascii: "Z"), index + 1 == bytes.count {
                offset = 0
            } else if bytes.count == index + 6, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                bytes[index + 3] == UInt8(ascii: ":"), let hours = BankDate.digits(bytes, index + 1, 2),
                let minutes = BankDate.digits(bytes, index + 4, 2)
            {
                offset = Int64(hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        let local = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        unixSeconds = local - offset
    }
}
