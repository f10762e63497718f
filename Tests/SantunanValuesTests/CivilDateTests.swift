import Foundation
import SantunanValues
import Testing

/// The shared civil date (issue 17: one date for every module) against a plain reference: Foundation's Gregorian
/// calendar in UTC, over every day from 1950-01-01 to 2100-12-31, plus the parsing bounds the readers rely on.
@Suite struct CivilDateTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The reference's date `dayNumber` days after 1970-01-01, as year, month, day and ISO weekday.
    static func reference(_ dayNumber: Int) -> (year: Int, month: Int, day: Int, isoWeekday: Int) {
        let date = Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400)
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        // Foundation's weekday: 1 = Sunday … 7 = Saturday.
        return (parts.year!, parts.month!, parts.day!, (parts.weekday! + 5) % 7 + 1)
    }

    static let first = CivilDate(year: 1950, month: 1, day: 1)!
    static let last = CivilDate(year: 2100, month: 12, day: 31)!

    @Test func everyDayFrom1950To2100AgreesWithFoundationsCalendar() throws {
        #expect(Self.first.dayNumber == -7305)
        var previous: CivilDate?
        for dayNumber in Self.first.dayNumber...Self.last.dayNumber {
            let expected = Self.reference(dayNumber)
            let date = CivilDate(dayNumber: dayNumber)
            guard date.year == expected.year, date.month == expected.month, date.day == expected.day else {
                Issue.record("day \(dayNumber): \(date), expected \(expected)")
                return
            }
            #expect(date.dayNumber == dayNumber)
            #expect(date.isoWeekday == expected.isoWeekday)
            #expect(CivilDate(year: expected.year, month: expected.month, day: expected.day) == date)
            #expect(CivilDate(iso: date.description) == date)
            #expect(date.adding(days: 1).dayNumber == dayNumber + 1)
            if let previous {
                #expect(previous < date)
                #expect(previous.days(to: date) == 1)
            }
            previous = date
        }
    }

    @Test func monthLengthsAndLeapYearsAgreeWithFoundation() throws {
        for year in 1950...2100 {
            #expect(CivilDate.isLeap(year) == (Self.calendar.range(of: .day, in: .year, for: Self.start(year))!.count == 366))
            for month in 1...12 {
                let start = Self.calendar.date(from: DateComponents(year: year, month: month, day: 1))!
                let length = Self.calendar.range(of: .day, in: .month, for: start)!.count
                #expect(CivilDate.daysIn(year: year, month: month) == length, "\(year)-\(month)")
                let month = YearMonth(year: year, month: month)!
                #expect(month.lastDay.day == length)
                #expect(CivilDate(year: year, month: month.month, day: length + 1) == nil)
            }
        }
        #expect(CivilDate.isLeap(2000) && !CivilDate.isLeap(1900) && !CivilDate.isLeap(2100) && CivilDate.isLeap(2024))
    }

    static func start(_ year: Int) -> Date {
        calendar.date(from: DateComponents(year: year, month: 1, day: 1))!
    }

    /// Month and year arithmetic clamps to the month's last day (RULEBOOK §0), as Foundation's calendar does.
    @Test func addingMonthsAndYearsClampsToTheMonthEndLikeFoundation() throws {
        var dayNumber = Self.first.dayNumber
        while dayNumber <= Self.last.dayNumber {
            let date = CivilDate(dayNumber: dayNumber)
            let reference = Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86_400)
            for months in [1, 2, 11, 12, 13, -1, -12, 600] {
                let expected = Self.calendar.dateComponents(
                    [.year, .month, .day], from: Self.calendar.date(byAdding: .month, value: months, to: reference)!)
                let got = date.adding(months: months)
                #expect(
                    (got.year, got.month, got.day) == (expected.year!, expected.month!, expected.day!),
                    "\(date) + \(months) months")
            }
            let expected = Self.calendar.dateComponents(
                [.year, .month, .day], from: Self.calendar.date(byAdding: .year, value: 1, to: reference)!)
            let got = date.adding(years: 1)
            #expect((got.year, got.month, got.day) == (expected.year!, expected.month!, expected.day!), "\(date) + 1y")
            dayNumber += 3
        }
        #expect(CivilDate(iso: "2024-02-29")!.adding(years: 1).description == "2025-02-28")
        #expect(CivilDate(iso: "2024-01-31")!.adding(months: 1).description == "2024-02-29")
        #expect(CivilDate(iso: "2000-02-29")!.age(on: CivilDate(iso: "2001-02-28")!) == 0)
        #expect(CivilDate(iso: "2000-02-29")!.age(on: CivilDate(iso: "2001-03-01")!) == 1)
    }

    /// Exactly `YYYY-MM-DD`, years 1 to 9999, real days only; `YYYY-MM` likewise.
    @Test func parsingBounds() throws {
        for text in ["0001-01-01", "9999-12-31", "2024-02-29", "2000-02-29"] {
            #expect(CivilDate(iso: text)?.description == text)
        }
        for text in [
            "0000-01-01", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
            "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-01-01 ", " 2024-01-01", "2024-01-01T00:00",
            "+024-01-01", "2024-0a-01", "", "10000-01-01",
        ] {
            #expect(CivilDate(iso: text) == nil, "\(text)")
        }
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 0, month: 12, day: 31) == nil)
        #expect(YearMonth(iso: "2024-02")?.description == "2024-02")
        for text in ["2024-13", "2024-00", "2024-2", "0000-01", "202402", "2024-02-01"] {
            #expect(YearMonth(iso: text) == nil, "\(text)")
        }
    }

    /// The WIB date-time: the date and the printed form at the day's edges, and parsing with an offset.
    @Test func wibDateTimeAgreesWithTheDateAtTheDaysEdges() throws {
        // 2024-02-29T16:59:59Z is 23:59:59 WIB the same day; a second later it is 1 March in WIB.
        let lastSecond = WIBDateTime(iso: "2024-02-29T16:59:59Z")!
        #expect(lastSecond.description == "2024-02-29T23:59:59+07:00")
        #expect(lastSecond.date.description == "2024-02-29")
        let next = WIBDateTime(unixSeconds: lastSecond.unixSeconds + 1)
        #expect(next.description == "2024-03-01T00:00:00+07:00")
        #expect(next.date == CivilDate(year: 2024, month: 3, day: 1))
        #expect(WIBDateTime(iso: "2024-03-01T00:00:00+07:00") == next)
        #expect(WIBDateTime(iso: "2024-03-01T00:00:00") == next)
        #expect(WIBDateTime(unixSeconds: -1).description == "1970-01-01T06:59:59+07:00")
        #expect(WIBDateTime(iso: "2024-02-30T00:00:00Z") == nil)
        #expect(WIBDateTime(iso: "2024-02-29T24:00:00Z") == nil)
    }
}
