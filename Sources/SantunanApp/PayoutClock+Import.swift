public import ClaimStore
import Payouts

extension PayoutClock {
    /// Today's WIB date as the day an import's date bounds count from (`SANTUNAN_FIXED_CLOCK` when set), so imports,
    /// payouts and case files agree on "today".
    public var importDay: ImportBounds.Day {
        let (year, month, day) = now.date.components
        return ImportBounds.Day(year: year, month: month, day: day)
    }
}
