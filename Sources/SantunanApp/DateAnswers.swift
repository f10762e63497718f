import Foundation
import SantunanValues

/// Why a typed date was refused, for every date option and prompt: a day the calendar lacks (`2024-02-30`,
/// `2023-02-29`) says how many days that month has, because the officer wrote the right form and only the day is
/// wrong; anything else keeps the option's own message (`"31/02/2024" is not a date (YYYY-MM-DD)`), which names the
/// form to write.
enum DateAnswers {
    /// `given` (as typed) refused: `common.date.no-such-day` when it is `YYYY-MM-DD` with a real month and a day past
    /// the month's end, else `key` with `given` as its argument (in JSON quotes when `quoted`, as the prompts quote).
    static func reason(_ given: String, else key: String, quoted: Bool = false) -> String {
        if let (year, month, days) = missingDay(given) {
            return t(
                "common.date.no-such-day",
                [
                    "given": .text(JSONText.quote(given.trimmingCharacters(in: .whitespaces))),
                    "month": .month(year: year, month: month), "days": .number(Int64(days)),
                ])
        }
        return t(key, ["given": .text(quoted ? JSONText.quote(given) : given)])
    }

    /// The year, month and its length when `text` is `YYYY-MM-DD` with a month 1-12 and a day 29-31 the month lacks.
    static func missingDay(_ text: String) -> (year: Int, month: Int, days: Int)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 4, parts[1].utf8.count == 2, parts[2].utf8.count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return nil }
        let days = CivilDate.daysIn(year: year, month: month)
        return day > days && day <= 31 ? (year, month, days) : nil
    }
}
