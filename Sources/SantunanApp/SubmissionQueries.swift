public import ClaimStore
public import Postgres
import Payouts

/// A stored claim as `claim show` prints it.
public struct ClaimView: Sendable, Hashable {
    public var summary: SubmissionSummary
    /// The CONTRACT §3 result, nil while the claim waits for a worker.
    public var resultJSON: String?
    public var history: [StatusHistoryRow]
    /// The payout lines of the claim by status, nil when the payouts tables are not there.
    public var payouts: [PayoutStateRow]?
    /// The earlier versions of an amended case, oldest first (`claim amend`).
    public var versions: [SubmissionVersion] = []
}

/// The payout lines of a claim in one payout status.
public struct PayoutStateRow: Sendable, Hashable {
    public var status: String
    public var lines: Int
    public var amount: Int64
}

extension SubmissionService {
    /// One claim with its result, status history and payout state, by claim id or case id.
    public static func show(reference: String, on connection: Connection) throws(AppError) -> ClaimView {
        do {
            let id = try SubmissionStore.resolve(reference, on: connection)
            return ClaimView(
                summary: try SubmissionStore.summary(id: id, on: connection),
                resultJSON: try SubmissionStore.resultDocument(id: id, on: connection),
                history: try SubmissionStore.history(id: id, on: connection),
                payouts: try payoutState(claimID: id, on: connection),
                versions: try SubmissionStore.versions(id: id, on: connection))
        } catch {
            throw appError(error)
        }
    }

    /// The stored claims, optionally only those with `status` (`payable`, `incomplete`, `rejected`, `pending`).
    public static func list(status: String?, on connection: Connection) throws(AppError) -> [SubmissionSummary] {
        if let status, !["payable", "incomplete", "rejected", "pending"].contains(status) {
            throw AppError(
                .usage, field: "--status", reason: t("claims.list.status-invalid", ["given": .text(status)]))
        }
        do {
            return try SubmissionStore.list(status: status, on: connection)
        } catch {
            throw appError(error)
        }
    }

    /// The payout hook of `claim show`: the claim's payout lines by status, read by the Payouts module, which owns
    /// `payout_lines`.
    static func payoutState(claimID: Int64, on connection: Connection) throws -> [PayoutStateRow]? {
        try PayoutLines.state(claimID: claimID, on: connection).map { state in
            PayoutStateRow(status: state.status, lines: state.lines, amount: state.amount)
        }
    }
}
