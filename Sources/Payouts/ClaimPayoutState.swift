public import Postgres

/// The payout lines of one claim in one payout status (`claim show`).
public struct ClaimPayoutState: Sendable, Hashable {
    public var status: String
    public var lines: Int
    public var amount: Int64
}

extension PayoutLines {
    /// The payout lines of claim `claimID` by status, in status order: the payout side of `claim show`, read here
    /// because `payout_lines` is this module's table (issue 17; it was read by SantunanApp before).
    public static func state(claimID: Int64, on connection: Connection) throws -> [ClaimPayoutState] {
        let result = try connection.execute(
            """
            SELECT status, count(*), coalesce(sum(amount), 0)::bigint
            FROM payout_lines WHERE claim_id = \(claimID) GROUP BY status ORDER BY status
            """)
        return try result.map { row throws in
            ClaimPayoutState(
                status: try row.decode(String.self, column: 0), lines: try row.decode(Int.self, column: 1),
                amount: try row.decode(Int64.self, column: 2))
        }
    }
}
