public import SantunanValues

/// Service levels and the late-payment penalty (RULEBOOK §12, decision D13).
///
/// A complete claim must be paid within a number of working days after its completeness date: JKK 7 (PP 44/2015
/// Pasal 37(2)), JKM 3 (Permenaker 44/2015 Pasal 19(3)), JHT 5 (Permenaker 4/2022). JP has no service level in the
/// rulebook. A JKK santunan paid late, and a JKM one for a JAKON (construction) participant, carries a penalty of
/// 1 % of the santunan per day of delay (PP 44/2015 Pasal 37(3); Permenaker 44/2015 Pasal 19(4)).
public enum ServiceLevel {
    /// The penalty rate per day of delay, in basis points (1 % = 100 bp).
    public static let penaltyBasisPointsPerDay: Int64 = 100

    /// Working days allowed between the completeness date and payment, nil for a program without a service level.
    public static func workingDays(for program: PayoutProgram) -> Int? {
        switch program {
        case .jkk: 7
        case .jkm: 3
        case .jht: 5
        case .jp: nil
        }
    }

    /// The legal basis of a program's service level, for reports.
    public static func basis(for program: PayoutProgram) -> String? {
        switch program {
        case .jkk: "PP 44/2015 Pasal 37(2)"
        case .jkm: "UU 40/2004; Permenaker 44/2015 Pasal 19(3)"
        case .jht: "Permenaker 4/2022"
        case .jp: nil
        }
    }

    /// The last day on which a claim complete on `completeness` is paid on time: the N-th working day after it.
    public static func deadline(
        program: PayoutProgram, completeness: CivilDate, calendar: WorkingDayCalendar
    ) -> CivilDate? {
        workingDays(for: program).map { calendar.adding(workingDays: $0, to: completeness) }
    }

    /// Days of delay: calendar days from the deadline to the payment date, 0 when paid on or before the deadline.
    ///
    /// PP 44/2015 Pasal 37(3) counts "setiap hari keterlambatan" without "kerja", so the delay is counted in calendar
    /// days; only the deadline itself is in working days (docs/decisions/0008-payout-batches.md).
    public static func daysLate(deadline: CivilDate, paidOn: CivilDate) -> Int {
        max(0, deadline.days(to: paidOn))
    }

    /// Whether a late payment of this program carries the penalty: JKK always, JKM for JAKON participants only.
    public static func penaltyApplies(program: PayoutProgram, segment: String?) -> Bool {
        switch program {
        case .jkk: true
        case .jkm: segment == "JAKON"
        case .jht, .jp: false
        }
    }

    /// `rhu(santunan × 100 bp × days_late / 10000)`: 1 % of the santunan per day, rounded half-up once.
    ///
    /// A 42.000.000 santunan paid 3 days late adds 1.260.000 (RULEBOOK §12).
    /// Never traps: a result beyond `Int64` (only from absurd inputs) comes back as `Int64.max`, above
    /// ``largestPenalty``. (Reconciliation computes the same figure in `payout_reconcile`, Schema/0010_roles.sql,
    /// where the `payout_lines_bounds` CHECK refuses a penalty above ``largestPenalty``; the settlement window keeps
    /// real penalties far below it.)
    public static func latePaymentPenalty(santunan: Int64, daysLate: Int) -> Int64 {
        guard santunan > 0, daysLate > 0 else { return 0 }
        let perDay = Int128(santunan) * Int128(penaltyBasisPointsPerDay)
        let (numerator, overflow) = perDay.multipliedReportingOverflow(by: Int128(daysLate))
        guard !overflow, numerator <= Int128(Int64.max) * 10_000 else { return .max }
        return Int64((numerator * 2 + 10_000) / 20_000)
    }

    /// The largest penalty line accepted: Rp 1.000.000.000.000, the bound on any single payable amount
    /// (docs/decisions/0013-identity-and-bounds.md; the `payout_lines_bounds` CHECK, Schema/0009_bounds.sql).
    public static let largestPenalty: Int64 = 1_000_000_000_000

    /// Where an unpaid or paid claim stands against its deadline.
    public enum Standing: Hashable, Sendable {
        /// Paid on or before the deadline, or unpaid with more than the warning margin left.
        case onTime
        /// Unpaid, with `workingDaysLeft` working days or fewer before the deadline (0 = due today).
        case atRisk(workingDaysLeft: Int)
        /// Paid after, or still unpaid past, the deadline by `daysLate` calendar days.
        case late(daysLate: Int)

        /// `on_time`, `at_risk` or `late`, for JSON and tables.
        public var label: String {
            switch self {
            case .onTime: "on_time"
            case .atRisk: "at_risk"
            case .late: "late"
            }
        }
    }

    /// The standing on `today` of a claim with `deadline`, paid on `paidOn` if it has been.
    ///
    /// - Parameter margin: unpaid claims with this many working days left or fewer are at risk.
    public static func standing(
        deadline: CivilDate, paidOn: CivilDate?, today: CivilDate, calendar: WorkingDayCalendar, margin: Int = 1
    ) -> Standing {
        if let paidOn {
            let late = daysLate(deadline: deadline, paidOn: paidOn)
            return late > 0 ? .late(daysLate: late) : .onTime
        }
        if today > deadline {
            return .late(daysLate: daysLate(deadline: deadline, paidOn: today))
        }
        let left = calendar.workingDays(after: today, through: deadline)
        return left <= margin ? .atRisk(workingDaysLeft: left) : .onTime
    }
}
