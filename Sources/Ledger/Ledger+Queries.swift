public import Postgres
public import SantunanValues

/// One account's debits, credits and balance over the postings effective on or before a date.
public struct AccountBalance: Hashable, Sendable {
    public var account: AccountCode
    public var type: AccountType
    public var debits: Int64
    public var credits: Int64

    public init(account: AccountCode, type: AccountType, debits: Int64, credits: Int64) {
        self.account = account
        self.type = type
        self.debits = debits
        self.credits = credits
    }

}

/// Which accounts a balance query covers.
public enum AccountSelector: Hashable, Sendable {
    /// Every account in the chart.
    case all
    /// One account.
    case account(AccountCode)
    /// Every account of a class, written `JHT:*` on the command line.
    case accountClass(String)

    /// Parses `A`, `PREFIX:*` or nil (all).
    public init(_ text: String?) {
        guard let text, !text.isEmpty else {
            self = .all
            return
        }
        if text.hasSuffix(":*") {
            self = .accountClass(String(text.dropLast(2)))
        } else {
            self = .account(AccountCode(text))
        }
    }
}

/// Filters for ``Ledger/entries(matching:on:)``; nil fields do not filter.
public struct EntryFilter: Hashable, Sendable {
    /// A NIK or KPJ: the postings that name the participant, and the entries on their JHT/JP accounts.
    public var participant: String?
    /// A claim id: postings that name the claim, and entries on `PAYABLE:<claim>`.
    public var claimID: String?
    /// A batch id: postings that name the batch, and entries on `CLEARING:<batch>`.
    public var batchID: String?
    public var account: AccountCode?
    public var kind: PostingKind?
    /// First effective date included.
    public var from: CivilDate?
    /// Last effective date included.
    public var to: CivilDate?
    /// At most this many entries (the earliest).
    public var limit: Int?

    public init(
        participant: String? = nil, claimID: String? = nil, batchID: String? = nil, account: AccountCode? = nil,
        kind: PostingKind? = nil, from: CivilDate? = nil, to: CivilDate? = nil, limit: Int? = nil
    ) {
        self.participant = participant
        self.claimID = claimID
        self.batchID = batchID
        self.account = account
        self.kind = kind
        self.from = from
        self.to = to
        self.limit = limit
    }
}

/// One entry with its transaction's facts, as auditors list them.
public struct EntryLine: Hashable, Sendable {
    public var entryID: Int64
    public var transactionID: Int64
    public var effectiveDate: CivilDate
    public var kind: PostingKind
    public var idempotencyKey: String
    public var account: AccountCode
    public var side: Side
    public var amount: Int64
    public var references: PostingReferences
    public var reversesTransactionID: Int64?
    public var recordedBy: String
    public var memo: String?
}

/// The trial balance: every account's net in a debit or credit column; the columns' totals are equal.
public struct TrialBalance: Hashable, Sendable {
    public var at: CivilDate?
    public var accounts: [AccountBalance]

    public var totalDebit: Int64 { accounts.reduce(0) { $0 + $1.trialColumns.debit } }
    public var totalCredit: Int64 { accounts.reduce(0) { $0 + $1.trialColumns.credit } }
    public var isBalanced: Bool { totalDebit == totalCredit }
}

/// One account class's line of the summarised trial balance: the sums over its accounts.
public struct ClassBalance: Hashable, Sendable {
    /// The class prefix (`BANK`, `JHT`, `RECEIVABLE`, …).
    public var prefix: String
    public var type: AccountType
    /// The accounts of the class in the chart.
    public var accounts: Int
    public var debits: Int64
    public var credits: Int64
    /// Accounts whose balance runs against the class's normal side (e.g. a participant's JHT account below zero),
    /// which the class's net would hide.
    public var accountsAgainstNormalSide: Int

    public init(
        prefix: String, type: AccountType, accounts: Int, debits: Int64, credits: Int64, accountsAgainstNormalSide: Int
    ) {
        self.prefix = prefix
        self.type = type
        self.accounts = accounts
        self.debits = debits
        self.credits = credits
        self.accountsAgainstNormalSide = accountsAgainstNormalSide
    }

}

/// The trial balance summarised by account class; the columns' totals are equal.
public struct ClassTrialBalance: Hashable, Sendable {
    public var at: CivilDate?
    public var classes: [ClassBalance]
    public let totalDebit: Int64
    public let totalCredit: Int64
    public var isBalanced: Bool { totalDebit == totalCredit }

    /// Totals with checked arithmetic: a total past `Int64.max` is an error, never a wrapped figure.
    public init(at: CivilDate?, classes: [ClassBalance]) throws(LedgerError) {
        self.at = at
        self.classes = classes
        var debit: Int64 = 0
        var credit: Int64 = 0
        for line in classes {
            let (d, dOverflow) = debit.addingReportingOverflow(line.trialColumns.debit)
            let (c, cOverflow) = credit.addingReportingOverflow(line.trialColumns.credit)
            if dOverflow || cOverflow {
                throw LedgerError(
                    .database, field: "trial balance", reason: "the column total exceeds \(Int64.max) rupiah")
            }
            (debit, credit) = (d, c)
        }
        totalDebit = debit
        totalCredit = credit
    }
}

/// A participant's JHT account statement: opening balance, each movement and the closing balance.
public struct JHTStatement: Hashable, Sendable {
    /// What a statement line is.
    public enum Category: String, Hashable, Sendable {
        case contribution, development, withdrawal, reversal, other
    }

    public struct Line: Hashable, Sendable {
        public var effectiveDate: CivilDate
        public var category: Category
        public var transactionID: Int64
        /// Positive for money into the account, negative for money out.
        public var amount: Int64
        /// The balance after this line.
        public var balance: Int64
        public var memo: String?
    }

    public var account: AccountCode
    public var from: CivilDate?
    public var to: CivilDate?
    public var openingBalance: Int64
    public var lines: [Line]

    public var contributions: Int64 { total(.contribution) }
    public var development: Int64 { total(.development) }
    /// Withdrawals as a positive amount.
    public var withdrawals: Int64 { -total(.withdrawal) }
    public var closingBalance: Int64 { lines.last?.balance ?? openingBalance }

    private func total(_ category: Category) -> Int64 {
        lines.lazy.filter { $0.category == category }.reduce(0) { $0 + $1.amount }
    }
}

extension Ledger {
    /// Point-in-time balances: every selected account over the postings effective on or before `at` (all postings
    /// when nil), accounts without postings included with zero.
    ///
    /// Read from the monthly snapshot `ledger_account_month` (Schema/0015), not from every entry: the months that end
    /// on or before `at`, plus the entries of `at`'s month up to `at` (none when `at` is a month's last day). The
    /// snapshot is kept by a trigger in the statement that inserts the entries, so it never lags the ledger; `ledger
    /// verify` compares it with the entries (``snapshotDifference(on:)``).
    public static func balances(
        _ selector: AccountSelector = .all, at: CivilDate? = nil, on connection: Connection
    ) throws(LedgerError) -> [AccountBalance] {
        var binds: [(any PostgresBindable)?] = [at?.description]
        // The selector is applied inside both branches too, so one account's balance reads that account's rows only.
        var accountFilter: @Sendable (String) -> String = { _ in "" }
        var chartFilter = ""
        switch selector {
        case .all:
            break
        case .account(let code):
            binds.append(code.rawValue)
            accountFilter = { "AND \($0).account = $2" }
            chartFilter = "WHERE a.code = $2"
        case .accountClass(let prefix):
            binds.append(prefix)
            accountFilter = { "AND \($0).account IN (SELECT code FROM ledger_account WHERE class = $2)" }
            chartFilter = "WHERE a.class = $2"
        }
        let text = """
            SELECT a.code, c.account_type, coalesce(x.debits, 0)::bigint, coalesce(x.credits, 0)::bigint
            FROM ledger_account AS a
            JOIN ledger_account_class AS c ON c.prefix = a.class
            LEFT JOIN (\(snapshotSums(accountFilter: accountFilter))) AS x ON x.account = a.code
            \(chartFilter)
            ORDER BY a.code
            """
        do {
            let result = try connection.execute(text, binds)
            var balances: [AccountBalance] = []
            balances.reserveCapacity(result.rowCount)
            for row in result {
                balances.append(
                    AccountBalance(
                        account: AccountCode(try row[0]), type: AccountType(rawValue: try row[1]) ?? .asset,
                        debits: try row[2], credits: try row[3]))
            }
            if case .account(let code) = selector, balances.isEmpty {
                throw LedgerError(.unknownAccount, field: "account", reason: "\(code) is not in the chart of accounts")
            }
            return balances
        } catch let error as PostgresError {
            throw LedgerError(error)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.database, field: "database", reason: "\(error)")
        }
    }

    /// The sub-query `(account, debits, credits)` of the postings effective on or before `$1::date` (all when NULL):
    /// snapshot months that end on or before it, and the entries of its month up to it. `accountFilter` gives an
    /// `AND …` condition for a table alias, applied to both branches.
    static func snapshotSums(accountFilter: (String) -> String = { _ in "" }) -> String {
        // The first day after the last full month: `at + 1` truncated to its month. For `at` = 31 January that is
        // 1 February (January comes whole from the snapshot, no entries are read); for 15 January, 1 January.
        let cutoff = "date_trunc('month', ($1::date + 1)::timestamp)::date"
        let snapshotFilter = accountFilter("s")
        let entryFilter = accountFilter("e")
        return """
            SELECT y.account, sum(y.debit) AS debits, sum(y.credit) AS credits
                FROM (
                    SELECT s.account, s.debit, s.credit FROM ledger_account_month AS s
                    WHERE ($1::date IS NULL OR s.month < \(cutoff)) \(snapshotFilter)
                    UNION ALL
                    SELECT e.account, CASE WHEN e.side = 'D' THEN e.amount ELSE 0 END,
                        CASE WHEN e.side = 'C' THEN e.amount ELSE 0 END
                    FROM ledger_transaction AS t JOIN ledger_entry AS e ON e.transaction_id = t.id
                    WHERE t.effective_date >= \(cutoff) AND t.effective_date <= $1::date \(entryFilter)
                ) AS y
                GROUP BY y.account
            """
    }

    /// The trial balance summarised by account class at a date (all postings when nil): one line per class of the
    /// chart, its accounts' debits and credits, and how many of its accounts run against the class's normal side.
    /// Computed in the database, so its cost does not grow with the rows sent: a region has a JHT and a JP account
    /// per participant.
    public static func trialBalanceByClass(at: CivilDate?, on connection: Connection) throws(LedgerError)
        -> ClassTrialBalance
    {
        let text = """
            SELECT c.prefix, c.account_type, count(a.code)::bigint,
                coalesce(sum(x.debits), 0)::bigint, coalesce(sum(x.credits), 0)::bigint,
                count(*) FILTER (WHERE CASE WHEN c.normal_side = 'D' THEN x.debits - x.credits
                    ELSE x.credits - x.debits END < 0)::bigint
            FROM ledger_account_class AS c
            LEFT JOIN ledger_account AS a ON a.class = c.prefix
            LEFT JOIN (\(snapshotSums())) AS x ON x.account = a.code
            GROUP BY c.prefix, c.account_type, c.chart_seq
            ORDER BY c.chart_seq
            """
        do {
            let result = try connection.execute(text, [at?.description])
            var classes: [ClassBalance] = []
            classes.reserveCapacity(result.rowCount)
            for row in result {
                let accounts: Int64 = try row[2]
                let against: Int64 = try row[5]
                classes.append(
                    ClassBalance(
                        prefix: try row[0], type: AccountType(rawValue: try row[1]) ?? .asset, accounts: Int(accounts),
                        debits: try row[3], credits: try row[4], accountsAgainstNormalSide: Int(against)))
            }
            return try ClassTrialBalance(at: at, classes: classes)
        } catch let error as PostgresError {
            throw LedgerError(error)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.database, field: "database", reason: "\(error)")
        }
    }

    /// The trial balance at a date (all postings when nil), one line per account.
    public static func trialBalance(at: CivilDate?, on connection: Connection) throws(LedgerError) -> TrialBalance {
        TrialBalance(at: at, accounts: try balances(.all, at: at, on: connection))
    }

    /// Entries matching `filter`, ordered by effective date, transaction and entry.
    public static func entries(matching filter: EntryFilter, on connection: Connection) throws(LedgerError)
        -> [EntryLine]
    {
        var conditions: [String] = []
        var binds: [(any PostgresBindable)?] = []
        func bind(_ value: some PostgresBindable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let participant = filter.participant {
            let p = bind(participant)
            let jht = bind(AccountCode.jht(participant: participant).rawValue)
            let jp = bind(AccountCode.jp(participant: participant).rawValue)
            conditions.append(
                """
                e.transaction_id IN (SELECT id FROM ledger_transaction WHERE participant_nik = \(p) \
                UNION SELECT id FROM ledger_transaction WHERE participant_kpj = \(p) \
                UNION SELECT transaction_id FROM ledger_entry WHERE account IN (\(jht), \(jp)))
                """)
        }
        if let claim = filter.claimID {
            let c = bind(claim)
            let payable = bind(AccountCode.payable(claim: claim).rawValue)
            conditions.append(
                """
                e.transaction_id IN (SELECT id FROM ledger_transaction WHERE claim_id = \(c) \
                UNION SELECT transaction_id FROM ledger_entry WHERE account = \(payable))
                """)
        }
        if let batch = filter.batchID {
            let b = bind(batch)
            let clearing = bind(AccountCode.clearing(batch: batch).rawValue)
            conditions.append(
                """
                e.transaction_id IN (SELECT id FROM ledger_transaction WHERE batch_id = \(b) \
                UNION SELECT transaction_id FROM ledger_entry WHERE account = \(clearing))
                """)
        }
        if let account = filter.account {
            conditions.append("e.account = \(bind(account.rawValue))")
        }
        if let kind = filter.kind {
            conditions.append("t.kind = \(bind(kind.rawValue))")
        }
        if let from = filter.from {
            conditions.append("t.effective_date >= \(bind(from.description))::date")
        }
        if let to = filter.to {
            conditions.append("t.effective_date <= \(bind(to.description))::date")
        }
        var text = """
            SELECT e.id, e.transaction_id, to_char(t.effective_date, 'YYYY-MM-DD'), t.kind, t.idempotency_key, \
            e.account, e.side::text, e.amount, t.participant_nik, t.participant_kpj, t.claim_id, t.batch_id, \
            t.employer_npp, t.reverses, t.recorded_by, t.memo
            FROM ledger_entry AS e JOIN ledger_transaction AS t ON t.id = e.transaction_id
            """
        if !conditions.isEmpty {
            text += " WHERE " + conditions.joined(separator: " AND ")
        }
        text += " ORDER BY t.effective_date, e.transaction_id, e.id"
        if let limit = filter.limit {
            text += " LIMIT \(bind(limit))"
        }
        do {
            let result = try connection.execute(text, binds)
            var lines: [EntryLine] = []
            lines.reserveCapacity(result.rowCount)
            for row in result {
                let date: String = try row[2]
                let side: String = try row[6]
                lines.append(
                    EntryLine(
                        entryID: try row[0], transactionID: try row[1], effectiveDate: CivilDate(iso: date)!,
                        kind: PostingKind(try row[3]), idempotencyKey: try row[4], account: AccountCode(try row[5]),
                        side: side == "D" ? .debit : .credit, amount: try row[7],
                        references: PostingReferences(
                            participantNIK: try row[8], participantKPJ: try row[9], claimID: try row[10],
                            batchID: try row[11], employerNPP: try row[12]),
                        reversesTransactionID: try row[13], recordedBy: try row[14], memo: try row[15]))
            }
            return lines
        } catch {
            throw LedgerError(error)
        }
    }

    /// A participant's JHT statement: the movements of `JHT:<participant>` effective within `from`…`to` (either
    /// open), with the balance before `from` as the opening balance.
    ///
    /// Contributions are `contribution.due` credits, development `development.credited`, withdrawals the debits of
    /// `claim.approved`; reversals and anything else are shown as such.
    public static func jhtStatement(
        participant: String, from: CivilDate? = nil, to: CivilDate? = nil, on connection: Connection
    ) throws(LedgerError) -> JHTStatement {
        let account = AccountCode.jht(participant: participant)
        var opening: Int64 = 0
        if let from {
            let result: QueryResult
            do {
                result = try connection.execute(
                    """
                    SELECT coalesce(sum(CASE WHEN e.side = 'C' THEN e.amount ELSE -e.amount END), 0)::bigint
                    FROM ledger_entry AS e JOIN ledger_transaction AS t ON t.id = e.transaction_id
                    WHERE e.account = $1 AND t.effective_date < $2::date
                    """, [account.rawValue, from.description])
                opening = try result[0, 0]
            } catch {
                throw LedgerError(error)
            }
        }
        let entries = try entries(matching: EntryFilter(account: account, from: from, to: to), on: connection)
        var balance = opening
        var lines: [JHTStatement.Line] = []
        lines.reserveCapacity(entries.count)
        for entry in entries {
            let amount = entry.side == .credit ? entry.amount : -entry.amount
            balance += amount
            let category: JHTStatement.Category =
                switch entry.kind {
                case .contributionDue: .contribution
                case .developmentCredited: .development
                case .claimApproved: .withdrawal
                default: entry.reversesTransactionID != nil ? .reversal : .other
                }
            lines.append(
                JHTStatement.Line(
                    effectiveDate: entry.effectiveDate, category: category, transactionID: entry.transactionID,
                    amount: amount, balance: balance, memo: entry.memo))
        }
        return JHTStatement(account: account, from: from, to: to, openingBalance: opening, lines: lines)
    }
}

/// Debit and credit totals of one account or one account class, read on the account type's normal side.
public protocol SidedTotals {
    var type: AccountType { get }
    var debits: Int64 { get }
    var credits: Int64 { get }
}

extension SidedTotals {
    /// The balance on the normal side: debits − credits for assets and expenses, credits − debits for funds,
    /// liabilities and income. Negative when the account (or class) runs against its normal side.
    public var balance: Int64 { type.normalSide == .debit ? debits - credits : credits - debits }

    /// The net as a trial balance shows it (for a class: as a control account): (debit column, credit column), one
    /// of them zero.
    public var trialColumns: (debit: Int64, credit: Int64) {
        let net = debits - credits
        return net >= 0 ? (net, 0) : (0, -net)
    }
}

extension AccountBalance: SidedTotals {}
extension ClassBalance: SidedTotals {}
