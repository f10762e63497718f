public import SantunanValues

extension PayoutClock {
    /// Today's WIB date as the day an import's date bounds count from (`SANTUNAN_FIXED_CLOCK` when set), so imports,
    /// payouts and case files agree on "today".
    public var importDay: CivilDate { now.date }
}
