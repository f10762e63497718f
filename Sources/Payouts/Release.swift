public import ClaimStore
public import Postgres
public import SantunanValues

/// Releasing a held payout line: corrected bank details, or a reviewed duplicate-suspect rejection.
public enum Release {
    /// Makes a held line (`awaiting_bank_details` or `on_hold`) payable.
    ///
    /// With `account`, the held line is cancelled and a NEW payable line with the corrected account pays the same
    /// claim line (payment data is never edited in place). Without it, an `on_hold` line that has an account simply
    /// becomes payable again.
    ///
    /// - Returns: the id of the line that is now payable.
    public static func release(
        _ lineID: String, account: BankAccountRow?, by user: String, now: WIBDateTime, on connection: Connection
    ) throws -> String {
        if let account, let problem = account.problem {
            throw PayoutError(.invalidValue, field: problem.field, reason: problem.reason)
        }
        return try connection.transaction { connection in
            let result = try connection.execute(
                "SELECT status, bank_bic IS NOT NULL FROM payout_lines WHERE id = \(lineID)")
            guard let row = result.first else {
                throw PayoutError(.notFound, field: "payout line \(lineID)", reason: "no such payout line")
            }
            let status: String = try row[0]
            let hasAccount: Bool = try row[1]
            guard status == "awaiting_bank_details" || status == "on_hold" else {
                throw PayoutError(
                    .invalidTransition, field: "payout line \(lineID)",
                    reason: "is \(status); only a line awaiting bank details or on hold can be released")
            }
            guard let account else {
                guard hasAccount, status == "on_hold" else {
                    throw PayoutError(
                        .invalidValue, field: "--bic/--account/--holder",
                        reason: "payout line \(lineID) needs corrected bank details: give --bic, --account and --holder"
                    )
                }
                // `payout_line_release` locks the line and checks its state again.
                return try connection.execute(
                    """
                    SELECT payout_line_release(\(lineID), \(user), to_timestamp(\(now.unixSeconds)), NULL, NULL, NULL)
                    """)[0, 0]
            }
            // The held line is cancelled and a new line with the same amount pays the corrected account.
            let inserted = try connection.execute(
                """
                SELECT payout_line_release(\(lineID), \(user), to_timestamp(\(now.unixSeconds)), \(account.bic),
                    \(account.number), \(account.holder))
                """)
            return try inserted[0, 0]
        }
    }
}
