public import Postgres

/// The branch region's figures the demo's summary quotes (issue 17: the demo read them with its own SQL in
/// SantunanApp; the tables are this module's, so the queries are too).
public struct BranchFigures: Sendable, Hashable {
    /// One seed claim's outcome.
    public struct ClaimTotal: Sendable, Hashable {
        public var caseID: String
        public var status: String
        public var total: Int64
    }

    /// The one-off (non-monthly) lines of one program.
    public struct ProgramTotal: Sendable, Hashable {
        public var program: String
        public var claims: Int
        public var lines: Int
        public var amount: Int64
    }

    public var participants: Int
    public var contributions: Int
    /// Memberships with at least one sponsor window (the regency's BPU workers).
    public var sponsoredMemberships: Int
    /// Every computed claim, by case id.
    public var claims: [ClaimTotal]
    /// The lump-sum and instalment lines by program (monthly pensions left out: their totals are not a payout).
    public var programs: [ProgramTotal]

    /// Reads the figures.
    public static func read(on connection: Connection) throws -> BranchFigures {
        let counts = try connection.execute(
            """
            SELECT (SELECT count(*) FROM participant),
                   (SELECT count(*) FROM contribution),
                   (SELECT count(DISTINCT membership_id) FROM sponsor_cover)
            """)
        var figures = BranchFigures(
            participants: try counts.decode(Int.self, row: 0, column: 0),
            contributions: try counts.decode(Int.self, row: 0, column: 1),
            sponsoredMemberships: try counts.decode(Int.self, row: 0, column: 2), claims: [], programs: [])
        for row in try connection.execute("SELECT case_id, status, total FROM claims ORDER BY case_id") {
            figures.claims.append(
                ClaimTotal(
                    caseID: try row.decode(String.self, column: 0), status: try row.decode(String.self, column: 1),
                    total: try row.decode(Int64.self, column: 2)))
        }
        let programs = try connection.execute(
            """
            SELECT program, count(DISTINCT claim_id), count(*), sum(amount)::bigint FROM claim_lines
            WHERE schedule <> 'monthly' GROUP BY program ORDER BY program
            """)
        for row in programs {
            figures.programs.append(
                ProgramTotal(
                    program: try row.decode(String.self, column: 0), claims: try row.decode(Int.self, column: 1),
                    lines: try row.decode(Int.self, column: 2), amount: try row.decode(Int64.self, column: 3)))
        }
        return figures
    }

    /// The first and last month of the stored contributions (`YYYY-MM`), nil when there are none.
    public static func contributionMonths(on connection: Connection) throws -> (first: String, last: String)? {
        let range = try connection.execute(
            "SELECT to_char(min(month), 'YYYY-MM'), to_char(max(month), 'YYYY-MM') FROM contribution")
        guard let first = try range.decode(String?.self, row: 0, column: 0),
            let last = try range.decode(String?.self, row: 0, column: 1)
        else { return nil }
        return (first, last)
    }
}
