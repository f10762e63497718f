public import Postgres
public import SantunanValues

/// A month of one account (in one chain lane) whose snapshot row is not the sum of its entries.
///
/// The balance queries read `ledger_account_month` (Schema/0015) instead of every entry, so a snapshot row changed
/// behind the trigger's back (by a superuser who disabled its guard) would change every balance without touching
/// the hash chain. `ledger verify` therefore compares the snapshot with the entries it has just verified.
public struct SnapshotDifference: Hashable, Sendable, CustomStringConvertible {
    public var account: AccountCode
    /// The first day of the month.
    public var month: CivilDate
    public var lane: Int
    /// The snapshot's sums; nil when the snapshot has no row for entries that exist.
    public var snapshotDebit: String?
    public var snapshotCredit: String?
    /// The entries' sums; nil when the snapshot has a row and there are no entries.
    public var entryDebit: String?
    public var entryCredit: String?

    /// `account BANK, month 2024-01, lane 3: the snapshot says debits 100, credits 0; the entries sum to debits 90,
    /// credits 0`.
    public var description: String {
        let month = String(self.month.description.prefix(7))
        let snapshot =
            snapshotDebit.map { "the snapshot says debits \($0), credits \(snapshotCredit ?? "?")" }
            ?? "the snapshot has no row"
        let entries =
            entryDebit.map { "the entries sum to debits \($0), credits \(entryCredit ?? "?")" }
            ?? "there are no entries"
        return "account \(account), month \(month), lane \(lane): \(snapshot); \(entries)"
    }

    /// Whether `first` comes before `second` in the order `ledger_snapshot_check()` reports: month, account, lane.
    static func precedes(_ first: SnapshotDifference, _ second: SnapshotDifference) -> Bool {
        (first.month, first.account.rawValue, first.lane) < (second.month, second.account.rawValue, second.lane)
    }
}

extension Ledger {
    /// The first (month, account, lane) whose snapshot differs from the sums of its entries, nil when all agree.
    ///
    /// One pass over the entries (grouped in the database by `ledger_snapshot_check()`); run it in the verifier's
    /// `REPEATABLE READ` transaction so that it sees the same ledger as the chain check. For `ledger verify`:
    /// a difference is a verification failure (exit 65), reported with ``SnapshotDifference/description``.
    public static func snapshotDifference(on connection: Connection) throws(LedgerError) -> SnapshotDifference? {
        do {
            let result = try connection.execute(
                """
                SELECT account, to_char(month, 'YYYY-MM-DD'), lane::int, snapshot_debit::text, snapshot_credit::text,
                    entry_debit::text, entry_credit::text
                FROM ledger_snapshot_check()
                """)
            guard result.rowCount > 0 else { return nil }
            let month: String = try result[0, 1]
            let lane: Int32 = try result[0, 2]
            return SnapshotDifference(
                account: AccountCode(try result[0, 0]), month: CivilDate(iso: month)!, lane: Int(lane),
                snapshotDebit: try result[0, 3], snapshotCredit: try result[0, 4], entryDebit: try result[0, 5],
                entryCredit: try result[0, 6])
        } catch {
            throw LedgerError(error)
        }
    }
}
