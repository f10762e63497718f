public import Postgres
public import SantunanValues

/// The reads the application's posting flows make of the ledger besides posting (issue 17: their SQL lives with the
/// tables, not in SantunanApp): a month's movements of a class, and who a posting may claim as its actor.
extension Ledger {
    /// The net movement (credits minus debits) of each account of class `accountClass` (`JHT`, `JP`) over postings
    /// effective from `first` through `last`, by the account's qualifier (`JHT:<KPJ>` → `<KPJ>`). Accounts without
    /// a movement are absent. The development flow carries its balances from month to month with it.
    public static func movements(
        ofClass accountClass: String, from first: CivilDate, through last: CivilDate, on connection: Connection
    ) throws(LedgerError) -> [String: Int64] {
        do {
            let movements = try connection.execute(
                """
                SELECT substr(e.account, length($3) + 2),
                    sum(CASE WHEN e.side = 'C' THEN e.amount ELSE -e.amount END)::bigint
                FROM ledger_transaction AS t JOIN ledger_entry AS e ON e.transaction_id = t.id
                WHERE t.effective_date BETWEEN $1::date AND $2::date AND e.account LIKE $3 || ':%'
                GROUP BY e.account
                """, [first.description, last.description, accountClass])
            var net: [String: Int64] = [:]
            net.reserveCapacity(movements.rowCount)
            for row in movements {
                net[try row[0] as String, default: 0] += try row[1] as Int64
            }
            return net
        } catch {
            throw LedgerError(error)
        }
    }

    /// The name a posting claims as its actor. The ledger records the login of a personal login whatever is claimed
    /// and refuses another name (Schema/0008 `santunan_actor`), so for a personal login this is the login; in the
    /// single-user set-up (owner or superuser connection) it is `name` as given.
    public static func actor(claiming name: String, on connection: Connection) throws(LedgerError) -> String {
        do {
            let result = try connection.execute(
                "SELECT CASE WHEN santunan_single_user() THEN NULL ELSE session_user::text END")
            return (try result[0, 0] as String?) ?? name
        } catch {
            throw LedgerError(error)
        }
    }
}
