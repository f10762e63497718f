import ClaimStore
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
            summary.rowsTotal = try ContributionRows.count(on: connection)
        } catch {
            throw LedgerError(error)
        }
        var after: (membershipID: Int64, month: CivilDate)?
        while true {
            let page: [ContributionPostingRow]
            do {
                page = try ContributionRows.postingPage(after: after, limit: pageSize, on: connection)
            } catch {
                throw LedgerError(error)
            }
            guard let last = page.last else { break }
            // One chunk per page (Ledger.postChunk, one transaction): counted once it committed, so a page rolled
            // back (a kill, a failure) posted nothing and the next run posts it.
            var pageSummary = Summary()
            var postings: [Posting] = []
            postings.reserveCapacity(page.count * 2)
            for row in page {
                pageSummary.rowsRead += 1
                let month = String(row.month.description.prefix(7))
                let npp = row.employerNPP ?? "SELF-\(row.kpj)"
                let shares = [
                    ProgramAmount(.jkk, row.amountJKK), ProgramAmount(.jkm, row.amountJKM),
                    ProgramAmount(.jht, row.amountJHT), ProgramAmount(.jp, row.amountJP),
                ]
                let total = shares.reduce(Int64(0)) { $0 + $1.amount }
                guard total > 0 else { continue }
                if let due = row.dueOn {
                    postings.append(
                        .contributionDue(
                            employer: npp, participant: row.kpj, nik: row.nik, month: month, effectiveDate: due,
                            shares: shares, recordedBy: recordedBy))
                }
                if let paid = row.paidOn {
                    postings.append(
                        .contributionPaid(
                            employer: npp, participant: row.kpj, nik: row.nik, month: month, amount: total,
                            paidOn: paid, recordedBy: recordedBy))
                }
            }
            // Every posting of the page goes to the chunk: postChunk reads which keys are posted already under the
            // lanes' locks and skips them (receipt.created false), so a page a killed run committed posts nothing
            // again, without a read of its keys beforehand.
            let receipt = try Ledger.postChunk(postings, on: connection)
            for (posting, created) in zip(postings, receipt.created) where created {
                if posting.kind == .contributionDue { pageSummary.duePosted += 1 } else { pageSummary.paidPosted += 1 }
            }
            summary.rowsRead += pageSummary.rowsRead
            summary.duePosted += pageSummary.duePosted
            summary.paidPosted += pageSummary.paidPosted
            after = (last.membershipID, last.month)
            progress(summary)
        }
        return summary
    }
}
