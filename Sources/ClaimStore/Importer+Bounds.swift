#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bounds every imported date and amount must lie within: the same domain as a case file
/// (docs/decisions/0007-input-bounds.md, 0013-identity-and-bounds.md), so that a history read from the database
/// can never hold what a case file would be refused for.
///
/// `today` is a value, so a test fixes it; the CLI passes the real date (or `SANTUNAN_FIXED_CLOCK`).
public struct ImportBounds: Sendable, Hashable {
    /// A civil day as year, month, day; compared as `YYYY-MM-DD` text would be.
    public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var year: Int
        public var month: Int
        public var day: Int

        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        public static func < (lhs: Day, rhs: Day) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }

        /// Months since year 0 (January = 0), the ordinal the contribution reader uses.
        var monthOrdinal: Int { year * 12 + month - 1 }

        /// `YYYY-MM-DD`, zero-padded.
        public var description: String {
            func pad(_ value: Int, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }

        /// The UTC+7 (WIB) date of the system clock: the day the fund's offices are in.
        public static func todayInWIB() -> Day {
            var seconds = time(nil) + 7 * 3600
            var parts = tm()
            gmtime_r(&seconds, &parts)
            return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
        }
    }

    /// The largest monthly wage or contribution amount: Rp 1.000.000.000 (a hundred times the highest wage cap of the
    /// rulebook; decision 0013).
    public static let largestMonthlyAmount: Int64 = 1_000_000_000
    /// The earliest event, membership, report or payment date: 1950-01-01.
    public static let earliestDate = Day(year: 1950, month: 1, day: 1)
    /// The earliest birth date: 1900-01-01 (the oldest participants and heirs; decision 0007).
    public static let earliestBirthDate = Day(year: 1900, month: 1, day: 1)
    /// The first contribution month: January 1977, when contributions began (Astek; decision 0007).
    public static let firstContributionMonth = Day(year: 1977, month: 1, day: 1)

    /// The import day.
    public var today: Day

    public init(today: Day) {
        self.today = today
    }

    /// Today + 1 year (29 February becomes 28 February): the latest event, membership, report or payment date.
    public var latestDate: Day {
        let year = today.year + 1
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return Day(year: year, month: today.month, day: today.month == 2 && today.day == 29 && !leap ? 28 : today.day)
    }

    /// Today's month + 12: the latest contribution month (a BPU member may pay up to a year ahead of today, never
    /// ahead of the month itself).
    public var latestContributionMonth: Day {
        Day(year: today.year + 1, month: today.month, day: 1)
    }

    /// A contribution's `due_on` lies from its month to 12 months after it (the 15th of the next month by PP 44/2015
    /// Pasal 10; a year leaves room for any schedule).
    static let dueWithinMonths = 12
}

extension ImportBounds {
    /// `Rp 1.000.000.000`: a bound in the form messages use.
    static func rupiah(_ value: Int64) -> String {
        var digits = Array(String(value))
        var grouped: [Character] = []
        while digits.count > 3 {
            grouped.insert(contentsOf: ["."] + digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        return "Rp " + String(digits + grouped)
    }
}
