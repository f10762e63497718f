public import BenefitRules
public import Foundation
import Ledger
public import Postgres

/// Books the seed cases' contribution histories into the ledger: the demo's step after the region's contributions
/// (issue 19).
///
/// The seed cases' participants are not in the region's generated data: their histories live in their case files
/// (`cases/seed-*.case.json`), which the claims are computed from. Without them the ledger held a seed claim's
/// JHT withdrawal and nothing behind it, so STTC-2022-0001's participant showed a JHT statement of −Rp 15.545.221.
/// Each row of a case's contribution history is posted as the region's rows are (``LedgerContributions``): a
/// `contribution.due` on the 15th of the next month and, when paid, a `contribution.paid` on its payment date, the
/// amounts by the sample's rates (``ContributionRates``: JHT 5.7 % of the wage for a wage earner, as the rules
/// deposit it). The demo then credits development from the earliest month booked, so the seed accounts carry the
/// balance the claim withdraws. Same keys as any contribution (`contribution.due:<KPJ>:<YYYY-MM>`): a second run
/// posts nothing.
public enum LedgerSeedHistories {
    public struct Summary: Sendable, Hashable {
        /// Memberships with a contribution history.
        public var memberships = 0
        public var duePosted = 0
        public var paidPosted = 0
        /// The earliest contribution month of the histories, nil when there is none.
        public var firstMonth: YearMonth?
    }

    /// The seed case files of `folder` (`seed-*.case.json`), by name.
    public static func caseNames(in folder: URL) throws(AppError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasPrefix("seed-") && $0.hasSuffix(".case.json") }.sorted()
        } catch {
            throw AppError(.inputMissing, field: folder.path, reason: "cannot list the seed cases")
        }
    }

    /// Posts the contribution histories of the seed cases in `folder` as one chunk (``Ledger/postChunk(_:on:)``).
    public static func post(cases folder: URL, on connection: Connection, recordedBy: String) throws(AppError)
        -> Summary
    {
        var summary = Summary()
        var postings: [Posting] = []
        for name in try caseNames(in: folder) {
            let claim = try ClaimFiles.readCase(at: folder.appendingPathComponent(name).path)
            for membership in claim.participant.memberships {
                guard let rows = membership.contributions, !rows.isEmpty else { continue }
                summary.memberships += 1
                postings += Self.postings(
                    membership, rows: rows, nik: claim.participant.nik, recordedBy: recordedBy,
                    firstMonth: &summary.firstMonth)
            }
        }
        let receipt: ChunkReceipt
        do {
            receipt = try Ledger.postChunk(postings, on: connection)
        } catch {
            throw AppError(.internalError, field: error.field, reason: "ledger: seed histories: \(error.reason)")
        }
        for (posting, created) in zip(postings, receipt.created) where created {
            if posting.kind == .contributionDue { summary.duePosted += 1 } else { summary.paidPosted += 1 }
        }
        return summary
    }

    /// A membership's rows as `contribution.due` and `contribution.paid` postings.
    static func postings(
        _ membership: Membership, rows: [ContributionRow], nik: String, recordedBy: String,
        firstMonth: inout YearMonth?
    ) -> [Posting] {
        let rates = ContributionRates(
            kind: membership.segment == .nonWageEarner ? .bpu : .company, risk: membership.riskGroup ?? "",
            hasJHT: membership.programs.contains(.jht), hasJP: membership.programs.contains(.jp))
        let employer = membership.employer.npp ?? "SELF-\(membership.kpj)"
        var postings: [Posting] = []
        for row in rows {
            let amounts = rates.amounts(wage: row.wage.value)
            let shares = [
                ProgramAmount(.jkk, amounts.jkk), ProgramAmount(.jkm, amounts.jkm), ProgramAmount(.jht, amounts.jht),
                ProgramAmount(.jp, amounts.jp),
            ]
            let total = amounts.jkk + amounts.jkm + amounts.jht + amounts.jp
            guard total > 0, let due = LedgerDate(iso: "\(row.month.advanced(by: 1).description)-15") else { continue }
            firstMonth = min(firstMonth ?? row.month, row.month)
            let month = row.month.description
            postings.append(
                .contributionDue(
                    employer: employer, participant: membership.kpj, nik: nik, month: month, effectiveDate: due,
                    shares: shares, recordedBy: recordedBy))
            if let paidOn = row.paidOn.flatMap({ LedgerDate(iso: $0.description) }) {
                postings.append(
                    .contributionPaid(
                        employer: employer, participant: membership.kpj, nik: nik, month: month, amount: total,
                        paidOn: paidOn, recordedBy: recordedBy))
            }
        }
        return postings
    }
}
