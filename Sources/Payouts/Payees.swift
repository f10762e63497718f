public import ClaimStore
public import Postgres
public import SantunanValues

/// The heir's bank account set on the claim, and the payout lines waiting for one (issue 18; Schema/0021_payees.sql).
///
/// An account set here pays every later line of that payee (the database's insert trigger fills it in, whichever
/// path creates the line), so a scholarship's next instalment does not wait for bank details again. Lines that were
/// already waiting are released together by ``releaseWaiting(claim:by:now:on:)``.
public enum Payees {
    /// What `claim payee` stored.
    public struct Stored: Sendable, Hashable {
        public var claimID: Int64
        public var caseID: String
        public var payeeNIK: String
        /// The holder stored: the one given, else the heir's name in the case.
        public var holder: String
        /// Waiting lines of this payee that the account can now release.
        public var releasable: Int
    }

    /// A payout line waiting for bank details.
    public struct WaitingLine: Sendable, Hashable {
        public var lineID: String
        public var claimID: Int64
        public var caseID: String
        public var program: PayoutProgram
        public var item: String
        public var kind: String
        public var amount: Int64
        public var payeeRole: String
        public var payeeNIK: String?
        public var due: CivilDate
        /// Why it waits (`no bank account in the case`, the bank's rejection, …).
        public var note: String?
        /// The account set on the claim that would release it; nil while there is none.
        public var account: BankAccountRow?
    }

    /// Stores `account` for a payee of `claim` (its case id in any letter case, or its number).
    ///
    /// - Parameters:
    ///   - payeeNIK: the heir; nil for the claim's only payee.
    ///   - holder: nil for the heir's name in the case.
    /// - Throws: ``PayoutError/Code/invalidValue`` for an account that cannot be paid into; the database refuses an
    ///   unknown claim (SP001) or a NIK that is not the claim's payee (SP002).
    public static func set(
        claim: String, payeeNIK: String?, bic: String, number: String, holder: String?, by user: String,
        now: WIBDateTime, on connection: Connection
    ) throws -> Stored {
        let check = BankAccountRow(bic: bic, number: number, holder: holder ?? "x")
        if let problem = check.problem {
            throw PayoutError(.invalidValue, field: "--account", reason: "\(problem.field) \(problem.reason)")
        }
        return try connection.transaction { connection in
            let row = try connection.execute(
                """
                SELECT claim_id, case_id, payee_nik, holder, releasable
                FROM payout_payee_set(\(user), \(claim), \(payeeNIK), \(bic), \(number), \(holder),
                    to_timestamp(\(now.unixSeconds)))
                """)[0]
            return Stored(
                claimID: try row[0], caseID: try row[1], payeeNIK: try row[2], holder: try row[3],
                releasable: Int(try row[4] as Int64))
        }
    }

    /// The lines waiting for bank details, oldest first; only `claim`'s when given.
    public static func waiting(claim: String? = nil, on connection: Connection) throws -> [WaitingLine] {
        let result = try connection.execute(
            """
            SELECT id, claim_id, case_id, program, item, kind, amount, payee_role, payee_nik, due, status_note,
                   account_bic, account_number, account_holder
            FROM payout_waiting_lines
            WHERE \(claim)::text IS NULL OR claim_id = payout_claim_resolve(\(claim))
            ORDER BY seq
            """)
        return try result.map { row in
            var account: BankAccountRow?
            if let bic: String = try row[11], let number: String = try row[12], let holder: String = try row[13] {
                account = BankAccountRow(bic: bic, number: number, holder: holder)
            }
            return WaitingLine(
                lineID: try row[0], claimID: try row[1], caseID: try row[2],
                program: PayoutProgram(rawValue: try row[3]) ?? .jkk, item: try row[4], kind: try row[5],
                amount: try row[6], payeeRole: try row[7], payeeNIK: try row[8], due: try row[9], note: try row[10],
                account: account)
        }
    }

    /// Releases every waiting line whose payee has an account on the claim (only `claim`'s when given): each is
    /// cancelled and a NEW payable line pays the same amount into that account.
    ///
    /// - Returns: the released lines and the lines that now pay them, in line order.
    public static func releaseWaiting(claim: String?, by user: String, now: WIBDateTime, on connection: Connection)
        throws -> [(released: String, payable: String)]
    {
        try connection.transaction { connection in
            let result = try connection.execute(
                """
                SELECT line_id, new_line_id
                FROM payout_lines_release_waiting(\(user), to_timestamp(\(now.unixSeconds)), \(claim))
                """)
            return try result.map { (try $0[0], try $0[1]) }
        }
    }
}
