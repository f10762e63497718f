#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A moment expressed in Western Indonesian Time (WIB, UTC+07:00, no daylight saving), to the second: the one
/// date-time with an offset the product prints (issue 18: local time with its offset everywhere a time is printed).
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

    /// The system clock, to the second: the one place the product reads the wall clock for a date or a time (the
    /// flows take it through a clock value that a test fixes, `SANTUNAN_FIXED_CLOCK`).
    public static func now() -> WIBDateTime {
        WIBDateTime(unixSeconds: Int64(time(nil)))
    }

    /// The WIB calendar date of this moment.
    public var date: CivilDate {
        let local = unixSeconds + Self.offsetSeconds
        return CivilDate(dayNumber: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    /// `YYYY-MM-DDTHH:MM:SS+07:00`, the ISODateTime of pain.001 `CreDtTm`.
    public var description: String {
        let local = unixSeconds + Self.offsetSeconds
        var secondOfDay = Int(local % 86_400)
        if secondOfDay < 0 { secondOfDay += 86_400 }
        return date.description + "T" + YearMonth.pad(secondOfDay / 3600, 2) + ":"
            + YearMonth.pad(secondOfDay / 60 % 60, 2) + ":" + YearMonth.pad(secondOfDay % 60, 2) + "+07:00"
    }

    /// Parses an ISODateTime as banks send it (`2022-03-16T10:12:00+07:00`, `…Z`, fractions, or no zone = WIB).
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"),
            let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = CivilDate.digits(bytes, 11, 2), let minute = CivilDate.digits(bytes, 14, 2),
            let second = CivilDate.digits(bytes, 17, 2), hour < 24, minute < 60, second < 61
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
                bytes[index + 3] == UInt8(ascii: ":"), let hours = CivilDate.digits(bytes, index + 1, 2),
                let minutes = CivilDate.digits(bytes, index + 4, 2)
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
