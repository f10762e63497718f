public import Postgres

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
        _ lineID: String, account: BankAccount?, by user: String, now: WIBDateTime, on connection: Connection
    ) throws -> String {
        if let account, let problem = account.problem {
            throw PayoutError(.invalidValue, field: problem.field, reason: problem.reason)
        }
        return try connection.transaction { connection in
            let result = try connection.execute(
                "SELECT status, bank_bic IS NOT NULL FROM payout_lines WHERE id = \(lineID) FOR UPDATE")
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
                try connection.execute(
                    """
                    UPDATE payout_lines SET status = 'payable', status_note = 'released by ' || \(user),
                        status_changed_at = to_timestamp(\(now.unixSeconds))
                    WHERE id = \(lineID)
                    """)
                return lineID
            }
            try connection.execute(
                """
                UPDATE payout_lines SET status = 'cancelled', status_note = 'superseded: new bank details from '
                    || \(user), status_changed_at = to_timestamp(\(now.unixSeconds))
                WHERE id = \(lineID)
                """)
            let inserted = try connection.execute(
                """
                INSERT INTO payout_lines (
                    id, seq, source_key, kind, claim_id, claim_line_id, installment_seq, pension_month, penalty_for,
                    replaces, case_id, kpj, segment, program, item, amount, payee_role, payee_nik, bank_bic,
                    bank_account_number, bank_account_holder, due, complete_on, deadline, status, status_note,
                    created_by)
                SELECT payout_line_id(n.seq), n.seq, p.source_key, p.kind, p.claim_id, p.claim_line_id,
                       p.installment_seq, p.pension_month, p.penalty_for, p.id, p.case_id, p.kpj, p.segment,
                       p.program, p.item, p.amount, p.payee_role, p.payee_nik, \(account.bic), \(account.number),
                       \(account.holder), p.due, p.complete_on, p.deadline, 'payable',
                       'replaces ' || p.id || ' with corrected bank details', \(user)
                FROM payout_lines p, (SELECT nextval('payout_line_seq') AS seq) n
                WHERE p.id = \(lineID)
                RETURNING id
                """)
            return try inserted[0, 0]
        }
    }
}
