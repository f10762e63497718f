public import Ledger
public import Postgres
import SantunanValues

/// Posts imported contributions to the ledger: the hook for `santunan import contributions`.
///
/// The import loads millions of rows through COPY in one transaction; posting each row there would make the import
/// as slow as the ledger. So the ledger catches up afterwards: ``postPending(on:recordedBy:pageSize:progress:)``
/// posts every stored contribution row that has no posting yet, a page at a time, each page one chunk of the bulk path
/// (``Ledger/postChunk(_:on:)``: one transaction, every lane held; docs/decisions/0014-ledger-bulk.md), and is safe to
/// run again, after a kill, or concurrently (idempotency keys, looked up under the lanes' locks).
/// `santunan ledger post-contributions` runs it; so does the demo, right after its import.
///
/// Per row (membership, month): `contribution.due` (RECEIVABLE:<NPP> against FUND:JKK, FUND:JKM, JHT:<KPJ>,
/// JP:<KPJ> by the row's amounts), effective on the due date, and when the row is paid `contribution.paid`
/// (BANK against the receivable), effective on the payment date. A BPU member paying for themselves has no NPP; the
/// receivable is then `RECEIVABLE:SELF-<KPJ>`.
public enum LedgerContributions {
    /// What a run posted: only the postings this run created (a key another run posted first, found by
    /// `ledger_post` under the lane's lock, is a retry and not counted), so two runs at once add up to the rows.
    public struct Summary: Sendable, Hashable {
        public var rowsRead = 0
        /// The contribution rows to read (all of them: a row already posted is read and skipped), for progress.
        public var rowsTotal = 0
        public var duePosted = 0
        public var paidPosted = 0
    }

    /// Posts the contribution rows not yet in the ledger. Needs the `contribution` table (Schema/0002).
    public static func postPending(
        on connection: Connection, recordedBy: String, pageSize: Int = 5_000,
        progress: (Summary) -> Void = { _ in }
    ) throws(LedgerError) -> Summary {
        var summary = Summary()
        do {
            // Every row is read (a row already posted is skipped): the bar's total. One index-only pass.
            summary.rowsTotal = try connection.execute("SELECT count(*) FROM contribution")[0, 0]
        } catch {
            throw LedgerError(error)
        }
        var after: (membership: Int64, month: String) = (-1, "0001-01-01")
        while true {
            let page: QueryResult
            do {
                page = try connection.execute(
                    """
                    SELECT c.membership_id, to_char(c.month, 'YYYY-MM-DD'), m.kpj, p.nik, m.employer_npp,
                        c.amount_jkk, c.amount_jkm, c.amount_jht, c.amount_jp,
                        to_char(c.due_on, 'YYYY-MM-DD'), to_char(c.paid_on, 'YYYY-MM-DD'),
                        NOT EXISTS (SELECT 1 FROM ledger_transaction AS t WHERE t.idempotency_key =
                            'contribution.due:' || m.kpj || ':' || to_char(c.month, 'YYYY-MM')) AS due_pending,
                        c.paid_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_transaction AS t
                            WHERE t.idempotency_key = 'contribution.paid:' || m.kpj || ':' || to_char(c.month, 'YYYY-MM'))
                            AS paid_pending
                    FROM contribution AS c
                    JOIN membership AS m ON m.id = c.membership_id
                    JOIN participant AS p ON p.id = c.participant_id
                    WHERE (c.membership_id, c.month) > ($1, $2::date)
                    ORDER BY c.membership_id, c.month
                    LIMIT $3
                    """, [after.membership, after.month, pageSize])
            } catch {
                throw LedgerError(error)
            }
            guard page.rowCount > 0 else { break }
            // One chunk per page (Ledger.postChunk, one transaction): counted once it committed, so a page rolled
            // back (a kill, a failure) posted nothing and the next run posts it.
            var pageSummary = Summary()
            var postings: [Posting] = []
            postings.reserveCapacity(page.rowCount * 2)
            do {
                for row in page {
                    pageSummary.rowsRead += 1
                    let duePending: Bool = try row[11]
                    let paidPending: Bool = try row[12]
                    guard duePending || paidPending else { continue }
                    let monthStart: String = try row[1]
                    let month = String(monthStart.prefix(7))
                    let kpj: String = try row[2]
                    let nik: String = try row[3]
                    let npp: String = (try row[4] as String?) ?? "SELF-\(kpj)"
                    let shares = [
                        ProgramAmount(.jkk, try row[5]), ProgramAmount(.jkm, try row[6]),
                        ProgramAmount(.jht, try row[7]), ProgramAmount(.jp, try row[8]),
                    ]
                    let total = shares.reduce(Int64(0)) { $0 + $1.amount }
                    guard total > 0 else { continue }
                    if duePending, let due = CivilDate(iso: try row[9] as String) {
                        postings.append(
                            .contributionDue(
                                employer: npp, participant: kpj, nik: nik, month: month, effectiveDate: due,
                                shares: shares, recordedBy: recordedBy))
                    }
                    if paidPending, let paid = (try row[10] as String?).flatMap({ CivilDate(iso: $0) }) {
                        postings.append(
                            .contributionPaid(
                                employer: npp, participant: kpj, nik: nik, month: month, amount: total,
                                paidOn: paid, recordedBy: recordedBy))
                    }
                }
            } catch {
                throw LedgerError(error)
            }
            let receipt = try Ledger.postChunk(postings, on: connection)
            for (posting, created) in zip(postings, receipt.created) where created {
                if posting.kind == .contributionDue { pageSummary.duePosted += 1 } else { pageSummary.paidPosted += 1 }
            }
            summary.rowsRead += pageSummary.rowsRead
            summary.duePosted += pageSummary.duePosted
            summary.paidPosted += pageSummary.paidPosted
            let last = page[page.rowCount - 1]
            do {
                after = (try last[0], try last[1])
            } catch {
                throw LedgerError(error)
            }
            progress(summary)
        }
        return summary
    }
}
