public import BenefitRules
public import Ledger
public import Postgres

/// Credits JHT development (hasil pengembangan) to the ledger: the flow behind `santunan ledger post-development`.
///
/// For a month M, every `JHT:<KPJ>` account with a positive balance at the end of M−1 (as the ledger has booked it:
/// contributions, earlier development, withdrawals) is credited `floor(balance × rate / 120000)` at the crediting rate
/// of M's year — the same monthly step as the rules' balance (``JHTCalculator/development(onBalance:in:)``) —
/// against `DEVELOPMENT:JHT`, effective on M's last day. Run month after month, the development compounds. Each
/// account's posting has the key `development.credited:JHT:<KPJ>:<M>`, so running a month again posts nothing new.
///
/// The ledger credits its own booked balance; a claim's JHT figure comes from the rules over the contribution
/// history (deposits by the month they were paid), so the two agree when contributions are booked in the month
/// they are paid (the JHT statement test shows the identity).
public enum LedgerDevelopment {
    /// What a run posted.
    public struct Summary: Sendable, Hashable {
        /// JHT accounts with a positive balance at the end of the previous month.
        public var accounts = 0
        /// Postings written by this run (the rest had been posted before).
        public var posted = 0
        /// The development of those accounts for the month, in rupiah (posted now or before).
        public var total: Int64 = 0
    }

    public static func postJHT(
        month: YearMonth, calculator: JHTCalculator, on connection: Connection, recordedBy: String
    ) throws(LedgerError) -> Summary {
        let previousEnd = LedgerDate(iso: month.advanced(by: -1).lastDay.description)
        let effective = LedgerDate(iso: month.lastDay.description)
        guard let previousEnd, let effective else {
            throw LedgerError(.invalidPosting, field: "month", reason: "\(month) is outside the ledger's dates")
        }
        let balances = try Ledger.balances(.accountClass(LedgerProgram.jht.rawValue), at: previousEnd, on: connection)
        let poster = try LedgerPoster(connection: connection)
        var summary = Summary()
        for account in balances where account.balance > 0 {
            summary.accounts += 1
            let amount = calculator.development(onBalance: account.balance, in: month)
            guard amount > 0 else { continue }
            summary.total += amount
            let receipt = try poster.post(
                .developmentCredited(
                    program: .jht, participant: String(account.account.qualifier), month: month.description,
                    amount: amount, effectiveDate: effective, recordedBy: recordedBy))
            if receipt.created { summary.posted += 1 }
        }
        return summary
    }
}
