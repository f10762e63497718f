public import Postgres
public import SantunanValues

/// One stored contribution row (membership, month) with what the ledger's contribution postings name: the KPJ, the
/// participant's NIK, the employer's NPP (nil for a BPU member paying for themselves), the four programs' amounts
/// and the due and payment dates.
public struct ContributionPostingRow: Sendable, Hashable {
    public var membershipID: Int64
    /// The first day of the contribution month.
    public var month: CivilDate
    public var kpj: String
    public var nik: String
    public var employerNPP: String?
    public var amountJKK: Int64
    public var amountJKM: Int64
    public var amountJHT: Int64
    public var amountJP: Int64
    /// nil only for a date the civil calendar cannot hold (the column is NOT NULL).
    public var dueOn: CivilDate?
    public var paidOn: CivilDate?
}

/// A membership that carries JHT, for the bulk JHT balances.
public struct JHTMembership: Sendable, Hashable {
    public var id: Int64
    public var participantID: Int64
    /// A BPU (non-wage-earner) membership.
    public var nonWage: Bool
}

/// Bulk reads of the contribution table for the application's flows over every participant (issue 17: the SQL
/// lives with the table, the flows in SantunanApp): the ledger's catch-up of imported contributions
/// (`LedgerContributions`) and the JHT balances of every participant (`JHTBalances`, `santunan-bench jht`).
public enum ContributionRows {
    /// How many contribution rows are stored (one index-only pass): a progress bar's total.
    public static func count(on connection: Connection) throws(PostgresError) -> Int {
        try connection.execute("SELECT count(*) FROM contribution")[0, 0]
    }

    /// Up to `limit` rows after the row (`after.membershipID`, `after.month`) in (membership, month) order, the first
    /// page when `after` is nil: a keyset page, so each page costs the same however far the run has come.
    public static func postingPage(
        after: (membershipID: Int64, month: CivilDate)?, limit: Int, on connection: Connection
    ) throws(PostgresError) -> [ContributionPostingRow] {
        let page = try connection.execute(
            """
            SELECT c.membership_id, to_char(c.month, 'YYYY-MM-DD'), m.kpj, p.nik, m.employer_npp,
                c.amount_jkk, c.amount_jkm, c.amount_jht, c.amount_jp,
                to_char(c.due_on, 'YYYY-MM-DD'), to_char(c.paid_on, 'YYYY-MM-DD')
            FROM contribution AS c
            JOIN membership AS m ON m.id = c.membership_id
            JOIN participant AS p ON p.id = c.participant_id
            WHERE (c.membership_id, c.month) > ($1, $2::date)
            ORDER BY c.membership_id, c.month
            LIMIT $3
            """, [after?.membershipID ?? -1, after?.month.description ?? "0001-01-01", limit])
        var rows: [ContributionPostingRow] = []
        rows.reserveCapacity(page.rowCount)
        for row in page {
            let month: String = try row[1]
            guard let monthStart = CivilDate(iso: month) else {
                throw PostgresError(code: .decodingFailed, message: "contribution.month \(month) is not a civil date")
            }
            rows.append(
                ContributionPostingRow(
                    membershipID: try row[0], month: monthStart, kpj: try row[2], nik: try row[3],
                    employerNPP: try row[4], amountJKK: try row[5], amountJKM: try row[6], amountJHT: try row[7],
                    amountJP: try row[8], dueOn: CivilDate(iso: try row[9] as String),
                    paidOn: (try row[10] as String?).flatMap { CivilDate(iso: $0) }))
        }
        return rows
    }

    /// The memberships that carry JHT, in (participant, membership id) order.
    public static func jhtMemberships(on connection: Connection) throws(PostgresError) -> [JHTMembership] {
        let result = try connection.execute(
            """
            SELECT id, participant_id, segment = 'BPU' FROM membership WHERE 'JHT' = ANY (programs)
            ORDER BY participant_id, id
            """)
        var memberships: [JHTMembership] = []
        memberships.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount {
            memberships.append(
                JHTMembership(id: try result[row, 0], participantID: try result[row, 1], nonWage: try result[row, 2]))
        }
        return memberships
    }

    /// Streams the paid contribution rows (of the memberships whose id is in `membershipIDs`, or all) in the
    /// table's own order (no sort, no join on the server), one binary `COPY` row at a time, to `row`: column 0
    /// `membership_id` (int8), 1 `month` (date), 2 `wage` (int8), 3 `paid_on` (date). The caller decodes the cells
    /// itself, so the JHT hot loop stays one closure per row.
    public static func copyPaidRows(
        on connection: Connection, membershipIDs: Range<Int64>?, _ row: (BinaryCopyRow) throws -> Void
    ) throws {
        // COPY takes no parameters; the bounds are integers written by this code.
        let range =
            membershipIDs.map { " AND membership_id >= \($0.lowerBound) AND membership_id < \($0.upperBound)" } ?? ""
        try connection.copyOutBinary(
            """
            COPY (SELECT membership_id, month, wage, paid_on FROM contribution
                  WHERE paid_on IS NOT NULL\(unescaped: range))
            TO STDOUT WITH (FORMAT binary)
            """, row)
    }
}
