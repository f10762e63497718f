public import BenefitRules
public import Ledger
public import Postgres
public import SantunanValues

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
        _ developments: [SavingsDevelopment], month: YearMonth, on connection: Connection, recordedBy: String,
        progress: (Progress) -> Void = { _ in }
    ) throws(LedgerError) -> [Summary] {
        let previousEnd = CivilDate(iso: month.advanced(by: -1).lastDay.description)
        let effective = CivilDate(iso: month.lastDay.description)
        guard let previousEnd, let effective else {
            throw LedgerError(.invalidPosting, field: "month", reason: "\(month) is outside the ledger's dates")
        }
        var runs: [(program: LedgerProgram, rate: DevelopmentRate)] = []
        for development in developments {
            let program = try ledgerProgram(development)
            do {
                runs.append((program, try development.rate(for: month)))
            } catch {
                throw LedgerError(.invalidPosting, field: "month", reason: "\(error.key) \(error.reason)")
            }
        }
        var summaries: [Summary] = []
        for (program, rate) in runs {
            let balances = try Ledger.balances(.accountClass(program.rawValue), at: previousEnd, on: connection)
            var opening: [String: Int64] = [:]
            opening.reserveCapacity(balances.count)
            for account in balances { opening[String(account.account.qualifier)] = account.balance }
            summaries.append(
                try credit(
                    program: program, rate: rate, month: month, effective: effective, opening: opening,
                    on: connection, recordedBy: recordedBy, progress: progress))
        }
        return summaries
    }

    /// How far a run is: accounts credited (or found credited) of the accounts to credit, for a progress bar.
    public struct Progress: Sendable, Hashable {
        public var program: LedgerProgram
        public var month: YearMonth
        public var done = 0
        public var total = 0
    }

    /// The postings of a program's month, written by the chunk (``Ledger/postChunk(_:on:)``, one transaction per
    /// chunk): a run killed midway posted whole chunks, and running it again posts the rest.
    static func credit(
        program: LedgerProgram, rate: DevelopmentRate, month: YearMonth, effective: CivilDate,
        opening: [String: Int64], on connection: Connection, recordedBy: String, chunkSize: Int = 5_000,
        progress: (Progress) -> Void
    ) throws(LedgerError) -> Summary {
        let memoRate = rate.citation
        var summary = Summary(program: program, rate: rate)
        var postings: [Posting] = []
        for (participant, balance) in opening.sorted(by: { $0.key < $1.key }) where balance > 0 {
            summary.accounts += 1
            let amount = rate.amount(onBalance: balance)
            guard amount > 0 else { continue }
            summary.total += amount
            postings.append(
                .developmentCredited(
                    program: program, participant: participant, month: month.description, amount: amount,
                    effectiveDate: effective, recordedBy: recordedBy, rate: memoRate))
        }
        var state = Progress(program: program, month: month, total: postings.count)
        var start = 0
        while start < postings.count {
            let chunk = Array(postings[start..<min(start + chunkSize, postings.count)])
            summary.posted += try Ledger.postChunk(chunk, on: connection).createdCount
            start += chunk.count
            state.done = start
            progress(state)
        }
        if summary.total > 0, let warning = rate.warning { summary.warnings.append(warning) }
        return summary
    }

    /// Credits every month from `first` through `last`, in order, for each program: what running
    /// ``post(_:month:on:recordedBy:progress:)`` month after month does, with the balances carried in memory from
    /// month to month (the opening balances are read once, then each month's booked movements are added, the
    /// development just credited included) instead of summing every entry of the class again each month.
    /// For the demo and for loading a history. Returns the summaries of every month, month by month.
    public static func post(
        _ developments: [SavingsDevelopment], from first: YearMonth, through last: YearMonth, on connection: Connection,
        recordedBy: String, progress: (Progress) -> Void = { _ in }
    ) throws(LedgerError) -> [[Summary]] {
        guard first.ordinal <= last.ordinal else { return [] }
        var months: [[Summary]] = []
        var opening: [LedgerProgram: [String: Int64]] = [:]
        for ordinal in first.ordinal...last.ordinal {
            let month = YearMonth(ordinal: ordinal)
            guard let previousEnd = CivilDate(iso: month.advanced(by: -1).lastDay.description),
                let effective = CivilDate(iso: month.lastDay.description),
                let monthStart = CivilDate(iso: "\(month.description)-01")
            else {
                throw LedgerError(.invalidPosting, field: "month", reason: "\(month) is outside the ledger's dates")
            }
            var summaries: [Summary] = []
            for development in developments {
                let program = try ledgerProgram(development)
                let rate: DevelopmentRate
                do {
                    rate = try development.rate(for: month)
                } catch {
                    // A month before the program's rates (JP before 2015-07): nothing to credit yet.
                    continue
                }
                if opening[program] == nil {
                    var balances: [String: Int64] = [:]
                    for account in try Ledger.balances(
                        .accountClass(program.rawValue), at: previousEnd, on: connection)
                    {
                        balances[String(account.account.qualifier)] = account.balance
                    }
                    opening[program] = balances
                }
                summaries.append(
                    try credit(
                        program: program, rate: rate, month: month, effective: effective, opening: opening[program]!,
                        on: connection, recordedBy: recordedBy, progress: progress))
                // The month's booked movements (contributions, withdrawals, the development just credited).
                for (participant, movement) in try Ledger.movements(
                    ofClass: program.rawValue, from: monthStart, through: effective, on: connection)
                {
                    opening[program]![participant, default: 0] += movement
                }
            }
            months.append(summaries)
        }
        return months
    }
}

extension LedgerDevelopment {
    /// The ledger's individual-account program a development credits (JHT or JP); any other program is refused.
    static func ledgerProgram(_ development: SavingsDevelopment) throws(LedgerError) -> LedgerProgram {
        switch development.program {
        case .jht: return .jht
        case .jp: return .jp
        default:
            throw LedgerError(
                .invalidPosting, field: "program", reason: "\(development.program.rawValue) has no individual accounts")
        }
    }
}
