public import SantunanValues

/// Working days for service levels and bank execution dates: Monday to Friday, minus the national holidays and cuti
/// bersama listed in `config/payments/holidays.yaml` (RULEBOOK §12).
///
/// Years without a holiday list count weekends only; ``covers(year:)`` tells callers when that happened so they can
/// warn instead of silently trusting a deadline.
public struct WorkingDayCalendar: Sendable, Hashable {
    /// The non-working weekdays (national holidays and cuti bersama), as day numbers.
    public let holidays: Set<Int>
    /// The years for which a holiday list was configured.
    public let coveredYears: Set<Int>

    /// A calendar with `holidays` (any weekday or weekend date) for the years `coveredYears`.
    public init(holidays: some Sequence<CivilDate>, coveredYears: Set<Int>) {
        self.holidays = Set(holidays.map(\.dayNumber))
        self.coveredYears = coveredYears
    }

    /// Whether holidays were configured for `year`.
    public func covers(year: Int) -> Bool { coveredYears.contains(year) }

    /// Whether `date` is a working day: not Saturday or Sunday, and not a listed holiday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        date.isoWeekday <= 5 && !holidays.contains(date.dayNumber)
    }

    /// `date` itself when it is a working day, else the next working day after it.
    public func workingDay(onOrAfter date: CivilDate) -> CivilDate {
        var day = date
        while !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The `count`-th working day after `date` (`date` itself never counts), e.g. a service-level deadline.
    public func adding(workingDays count: Int, to date: CivilDate) -> CivilDate {
        precondition(count >= 0, "a working-day count is not negative")
        var day = date
        var remaining = count
        while remaining > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// Working days strictly after `start` up to and including `end` (0 when `end` is not after `start`).
    public func workingDays(after start: CivilDate, through end: CivilDate) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var day = start.adding(days: 1)
        while day <= end {
            if isWorkingDay(day) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }
}
