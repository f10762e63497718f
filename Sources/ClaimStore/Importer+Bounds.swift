public import SantunanValues

/// The bounds every imported date and amount must lie within: the same domain as a case file
/// (docs/decisions/0007-input-bounds.md, 0013-identity-and-bounds.md), so that a history read from the database
/// can never hold what a case file would be refused for.
///
/// `today` is a value, so a test fixes it; the CLI passes the real date (or `SANTUNAN_FIXED_CLOCK`).
public struct ImportBounds: Sendable, Hashable {
    /// The largest monthly wage or contribution amount: Rp 1.000.000.000 (a hundred times the highest wage cap of the
    /// rulebook; decision 0013).
    public static let largestMonthlyAmount: Int64 = 1_000_000_000
    /// The earliest event, membership, report or payment date: 1950-01-01.
    public static let earliestDate = CivilDate(year: 1950, month: 1, day: 1)!
    /// The earliest birth date: 1900-01-01 (the oldest participants and heirs; decision 0007).
    public static let earliestBirthDate = CivilDate(year: 1900, month: 1, day: 1)!
    /// The first contribution month: January 1977, when contributions began (Astek; decision 0007).
    public static let firstContributionMonth = CivilDate(year: 1977, month: 1, day: 1)!

    /// The import day.
    public var today: CivilDate

    public init(today: CivilDate) {
        self.today = today
    }

    /// Today + 1 year (29 February becomes 28 February): the latest event, membership, report or payment date.
    public var latestDate: CivilDate { today.adding(years: 1) }

    /// Today's month + 12: the latest contribution month (a BPU member may pay up to a year ahead of today, never
    /// ahead of the month itself).
    public var latestContributionMonth: CivilDate {
        CivilDate(unchecked: today.year + 1, today.month, 1)
    }

    /// A contribution's `due_on` lies from its month to 12 months after it (the 15th of the next month by PP 44/2015
    /// Pasal 10; a year leaves room for any schedule).
    static let dueWithinMonths = 12
}
