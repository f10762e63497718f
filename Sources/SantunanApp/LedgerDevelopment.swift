public import BenefitRules
public import Ledger
public import Postgres

/// Credits JHT and JP development (hasil pengembangan) to the ledger: the flow behind
/// `santunan ledger post-development`.
///
/// For a month M, every individual account of the program (`JHT:<KPJ>` or `JP:<KPJ>`) with a positive balance at the
/// end of M−1 (as the ledger has booked it: contributions, earlier development, withdrawals) is credited
/// `floor(balance × rate / 120000)` at the rate of M's year — the same monthly step as the rules' balances
/// (``SavingsDevelopment``: `jht.crediting_rate_bp`, RULEBOOK §8.3; `jp.development_rate_bp`, §9.8) — against
/// `DEVELOPMENT:JHT` / `DEVELOPMENT:JP`, effective on M's last day, with the rate and its basis in the memo. Run month
/// after month, the development compounds. Each account's posting has the key
/// `development.credited:<program>:<KPJ>:<M>`, so running a month again posts nothing new.
///
/// The ledger credits its own booked balance; a claim's JHT balance or JP lump sum comes from the rules over the
/// contribution history (deposits by the month they were paid), so the two agree when contributions are booked in
/// the month they are paid (the statement tests show the identity for both programs). A JP account accumulates
/// whether the participant will later take the monthly pension or the lump sum (docs/decisions/0011).
public enum LedgerDevelopment {
    /// What a run posted for one program.
    public struct Summary: Sendable, Hashable {
        public var program: LedgerProgram
        /// The rate that credited the month, with its basis.
        public var rate: DevelopmentRate
        /// Accounts of the program with a positive balance at the end of the previous month.
        public var accounts = 0
        /// Postings written by this run (the rest had been posted before).
        public var posted = 0
        /// The development of those accounts for the month, in rupiah (posted now or before).
        public var total: Int64 = 0
        /// `<key> is unconfirmed (confirmed: false)` when the rate's row is unconfirmed and something was credited.
        public var warnings: [String] = []
    }

    /// Credits month `month`'s development to every account of `development.program` (JHT or JP).
    public static func post(
        _ development: SavingsDevelopment, month: YearMonth, on connection: Connection, recordedBy: String
    ) throws(LedgerError) -> Summary {
        try post([development], month: month, on: connection, recordedBy: recordedBy)[0]
    }

    /// Credits month `month`'s development to every account of each program, in order; one summary per program.
    ///
    /// Every program's rate is resolved before anything is posted, so a month that one program's rate does not
    /// cover (JP before 2015-07) is refused without crediting the others.
    public static func post(
        _ developments: [SavingsDevelopment], month: YearMonth, on connection: Connection, recordedBy: String
    ) throws(LedgerError) -> [Summary] {
        let previousEnd = LedgerDate(iso: month.advanced(by: -1).lastDay.description)
        let effective = LedgerDate(iso: month.lastDay.description)
        guard let previousEnd, let effective else {
            throw LedgerError(.invalidPosting, field: "month", reason: "\(month) is outside the ledger's dates")
        }
        var runs: [(program: LedgerProgram, rate: DevelopmentRate)] = []
        for development in developments {
            let program: LedgerProgram
            switch development.program {
            case .jht: program = .jht
            case .jp: program = .jp
            default:
                throw LedgerError(
                    .invalidPosting, field: "program",
                    reason: "\(development.program.rawValue) has no individual accounts")
            }
            do {
                runs.append((program, try development.rate(for: month)))
            } catch {
                throw LedgerError(.invalidPosting, field: "month", reason: "\(error.key) \(error.reason)")
            }
        }
        let poster = try LedgerPoster(connection: connection)
        var summaries: [Summary] = []
        for (program, rate) in runs {
            let balances = try Ledger.balances(.accountClass(program.rawValue), at: previousEnd, on: connection)
            let memoRate = rate.citation
            var summary = Summary(program: program, rate: rate)
            for account in balances where account.balance > 0 {
                summary.accounts += 1
                let amount = rate.amount(onBalance: account.balance)
                guard amount > 0 else { continue }
                summary.total += amount
                let receipt = try poster.post(
                    .developmentCredited(
                        program: program, participant: String(account.account.qualifier), month: month.description,
                        amount: amount, effectiveDate: effective, recordedBy: recordedBy, rate: memoRate))
                if receipt.created { summary.posted += 1 }
            }
            if summary.total > 0, let warning = rate.warning { summary.warnings.append(warning) }
            summaries.append(summary)
        }
        return summaries
    }
}
