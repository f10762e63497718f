public import Postgres
public import SantunanValues

/// Claims against their service-level deadlines (`santunan report sla`).
public enum ServiceLevelReport {
    /// One claim and program: its lump-sum lines, when the file was complete, the deadline and where it stands.
    public struct Entry: Sendable, Hashable {
        public var claimID: Int64
        public var caseID: String
        public var program: PayoutProgram
        public var lines: Int
        public var amount: Int64
        public var completeOn: CivilDate
        public var deadline: CivilDate
        /// The date the last of the lines was paid, nil while any is unpaid.
        public var paidOn: CivilDate?
        public var standing: ServiceLevel.Standing
        /// The penalty a late JKK (or JAKON JKM) payment carries, or would carry if paid `today`.
        public var penalty: Int64
        /// False when the calendar has no holiday list for a year the deadline computation crossed.
        public var holidaysKnown: Bool
    }

    /// The claims with a service level (JKK, JKM, JHT lump sums of payable claims), with their standing on `today`.
    ///
    /// - Parameters:
    ///   - includeOnTime: also list claims that are on time (paid or not); by default only at risk and late ones.
    ///   - margin: unpaid claims with this many working days left or fewer are at risk.
    public static func entries(
        today: CivilDate, calendar: WorkingDayCalendar, includeOnTime: Bool = false, margin: Int = 1,
        on connection: Connection
    ) throws -> [Entry] {
        let result = try connection.execute(
            """
            SELECT cl.claim_id, cl.case_id, cl.program, count(*), sum(cl.amount),
                   extract(epoch FROM payout_claim_complete_at(cl.claim_id))::bigint,
                   bool_and(paid.paid_on IS NOT NULL), max(paid.paid_on),
                   max(cl.kpj), bool_or(pl.segment = 'JAKON')
            FROM payable_claim_lines cl
            LEFT JOIN LATERAL (
                SELECT max(p.paid_on) AS paid_on FROM payout_lines p
                WHERE p.claim_line_id = cl.id AND p.kind = 'lump_sum' AND p.status = 'paid') paid ON true
            LEFT JOIN LATERAL (
                SELECT max(p.segment) AS segment FROM payout_lines p WHERE p.claim_line_id = cl.id) pl ON true
            WHERE cl.schedule = 'lump_sum' AND cl.amount > 0
              AND cl.program IN ('JKK', 'JKM', 'JHT') AND cl.item <> 'late_payment_penalty'
            GROUP BY cl.claim_id, cl.case_id, cl.program
            ORDER BY cl.claim_id, cl.program
            """)
        var entries: [Entry] = []
        for row in result {
            guard let program = PayoutProgram(rawValue: try row[2]), let seconds: Int64 = try row[5] else { continue }
            let completeOn = WIBDateTime(unixSeconds: seconds).date
            guard let deadline = ServiceLevel.deadline(program: program, completeness: completeOn, calendar: calendar)
            else { continue }
            let allPaid: Bool = try row[6]
            let paidOn: CivilDate? = allPaid ? try row[7] : nil
            let standing = ServiceLevel.standing(
                deadline: deadline, paidOn: paidOn, today: today, calendar: calendar, margin: margin)
            if !includeOnTime, standing == .onTime { continue }
            let amount: Int64 = try row[4]
            let jakon: Bool? = try row[9]
            var penalty: Int64 = 0
            if case .late(let days) = standing,
                ServiceLevel.penaltyApplies(
                    program: program, segment: jakon == true ? "JAKON" : nil)
            {
                penalty = ServiceLevel.latePaymentPenalty(santunan: amount, daysLate: days)
            }
            let years = Set([completeOn.year, deadline.year])
            entries.append(
                Entry(
                    claimID: try row[0], caseID: try row[1], program: program, lines: try row[3], amount: amount,
                    completeOn: completeOn, deadline: deadline, paidOn: paidOn, standing: standing, penalty: penalty,
                    holidaysKnown: years.allSatisfy(calendar.covers(year:))))
        }
        return entries
    }
}
