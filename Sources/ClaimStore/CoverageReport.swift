public import Postgres

/// The coverage figures a branch office quotes, on one date (`santunan report coverage`).
///
/// - A membership is **active** on D when `start ≤ D` and it has not ended before D; a BPU membership must also be
///   covered on D: a sponsor window includes D, or the contribution of month(D) or of the month before was paid by D.
/// - A government unit (OPD) **has registered its honorer workers** when it has at least one active membership.
/// - A sponsor window **ends soon** when its last day is within `windowDays` days from D (D included); its
///   participants **lose cover** unless another window pays the same program from the day after.
/// - An employer is **in arrears** when at least `arrearsMonths` distinct months of its memberships were due before D
///   and not paid by D.
public struct CoverageReport: Sendable, Hashable {
    public var on: String
    public var branch: String?
    /// Active participants and memberships by segment and employer kind (`self` for self-paying BPU members).
    public var active: [ActiveCount]
    /// Distinct active participants, all segments together.
    public var activeParticipants: Int
    public var governmentUnits: [GovernmentUnit]
    public var endingWindows: [EndingWindow]
    public var arrears: [EmployerArrears]

    public struct ActiveCount: Sendable, Hashable {
        public var segment: String
        public var employerKind: String
        public var participants: Int
        public var memberships: Int
    }

    public struct GovernmentUnit: Sendable, Hashable {
        public var npp: String
        public var name: String
        public var branchOffice: String
        /// Active memberships of honorer (non-civil-servant) workers.
        public var activeWorkers: Int
        public var hasRegisteredWorkers: Bool { activeWorkers > 0 }
    }

    public struct EndingWindow: Sendable, Hashable {
        public var sponsor: String
        public var kind: String
        public var programs: [String]
        public var from: String
        public var to: String
        /// Participants the window pays for.
        public var participants: Int
        /// The memberships that will have no sponsor after `to` for at least one of the window's programs.
        public var losingCover: [LosingCover]
    }

    public struct LosingCover: Sendable, Hashable {
        public var kpj: String
        public var nik: String
        public var name: String
    }

    public struct EmployerArrears: Sendable, Hashable {
        public var npp: String
        public var name: String
        public var kind: String
        public var branchOffice: String
        /// Distinct months due before the report date and unpaid on it.
        public var months: Int
        public var oldestMonth: String
        /// The contribution amounts of those rows, all programs.
        public var outstanding: Int64
    }

    /// The branch offices the data names (memberships and employers), sorted: what `--branch` may be.
    public static func branchOffices(_ connection: Connection) throws -> [String] {
        let rows = try connection.execute(
            """
            SELECT branch_office FROM membership UNION SELECT branch_office FROM employer ORDER BY 1
            """)
        return try rows.map { row in try row.decode(String.self, column: 0) }
    }

    /// Computes the report for `on` (`YYYY-MM-DD`), for one branch office or all.
    public static func compute(
        _ connection: Connection, on date: String, branch: String?, windowDays: Int = 30, arrearsMonths: Int = 3
    ) throws -> CoverageReport {
        try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
            let activeRows = try connection.execute(
                """
                WITH active AS (\(activeMemberships(dateBind: "$1::date", branchBind: "$2::text")))
                SELECT segment, employer_kind, count(DISTINCT participant_id) AS participants, count(*) AS memberships
                FROM active GROUP BY segment, employer_kind ORDER BY segment, employer_kind
                """, [date, branch])
            let active = try activeRows.map { row in
                ActiveCount(
                    segment: try row[0], employerKind: try row[1], participants: try row[2], memberships: try row[3])
            }
            let total = try connection.execute(
                """
                WITH active AS (\(activeMemberships(dateBind: "$1::date", branchBind: "$2::text")))
                SELECT count(DISTINCT participant_id) FROM active
                """, [date, branch])

            let units = try connection.execute(
                """
                WITH active AS (\(activeMemberships(dateBind: "$1::date", branchBind: "NULL::text")))
                SELECT e.npp, e.name, e.branch_office, count(a.membership_id) AS workers
                FROM employer e LEFT JOIN active a ON a.employer_npp = e.npp
                WHERE e.kind = 'government_unit' AND ($2::text IS NULL OR e.branch_office = $2::text)
                GROUP BY e.npp, e.name, e.branch_office ORDER BY workers, e.npp
                """, [date, branch])
            let governmentUnits = try units.map { row in
                GovernmentUnit(
                    npp: try row[0], name: try row[1], branchOffice: try row[2], activeWorkers: try row[3])
            }

            let windows = try connection.execute(
                """
                SELECT w.id, sp.name, sp.kind, array_to_string(w.programs, '+'), to_char(w.valid_from, 'YYYY-MM-DD'),
                       to_char(w.valid_to, 'YYYY-MM-DD'), count(DISTINCT c.participant_id)
                FROM sponsor_window w JOIN sponsor sp ON sp.id = w.sponsor_id
                JOIN sponsor_cover c ON c.window_id = w.id JOIN membership m ON m.id = c.membership_id
                WHERE w.valid_to BETWEEN $1::date AND $1::date + $3::int
                  AND ($2::text IS NULL OR m.branch_office = $2::text)
                GROUP BY w.id, sp.name, sp.kind ORDER BY w.valid_to, sp.name, w.id
                """, [date, branch, windowDays])
            var endingWindows: [EndingWindow] = []
            for row in windows {
                let windowID: Int64 = try row[0]
                let losing = try connection.execute(
                    """
                    SELECT DISTINCT m.kpj, p.nik, p.name
                    FROM sponsor_cover c JOIN sponsor_window w ON w.id = c.window_id
                    JOIN membership m ON m.id = c.membership_id JOIN participant p ON p.id = c.participant_id
                    WHERE c.window_id = \(windowID) AND (\(branch)::text IS NULL OR m.branch_office = \(branch)::text)
                      AND NOT EXISTS (
                          SELECT 1 FROM sponsor_cover next
                          WHERE next.participant_id = c.participant_id AND next.program = c.program
                            AND next.period @> (w.valid_to + 1))
                    ORDER BY m.kpj
                    """)
                let programs: String = try row[3]
                endingWindows.append(
                    EndingWindow(
                        sponsor: try row[1], kind: try row[2],
                        programs: programs.split(separator: "+").map(String.init),
                        from: try row[4], to: try row[5], participants: try row[6],
                        losingCover: try losing.map { row in
                            LosingCover(kpj: try row[0], nik: try row[1], name: try row[2])
                        }))
            }

            let arrearsRows = try connection.execute(
                """
                SELECT e.npp, e.name, e.kind, e.branch_office, count(DISTINCT c.month) AS months,
                       to_char(min(c.month), 'YYYY-MM'),
                       sum(c.amount_jkk + c.amount_jkm + c.amount_jht + c.amount_jp)::bigint
                FROM contribution c JOIN membership m ON m.id = c.membership_id JOIN employer e ON e.npp = m.employer_npp
                WHERE c.month <= $1::date AND c.due_on < $1::date AND (c.paid_on IS NULL OR c.paid_on > $1::date)
                  AND ($2::text IS NULL OR e.branch_office = $2::text)
                GROUP BY e.npp, e.name, e.kind, e.branch_office
                HAVING count(DISTINCT c.month) >= $3::int
                ORDER BY months DESC, e.npp
                """, [date, branch, arrearsMonths])
            let arrears = try arrearsRows.map { row in
                EmployerArrears(
                    npp: try row[0], name: try row[1], kind: try row[2], branchOffice: try row[3], months: try row[4],
                    oldestMonth: try row[5], outstanding: try row[6])
            }
            return CoverageReport(
                on: date, branch: branch, active: active,
                activeParticipants: try total.decode(Int.self, row: 0, column: 0),
                governmentUnits: governmentUnits, endingWindows: endingWindows, arrears: arrears)
        }
    }

    /// The active memberships on a date (see the type's documentation), as a query over bound parameters.
    static func activeMemberships(dateBind: String, branchBind: String) -> String {
        """
        SELECT m.id AS membership_id, m.participant_id, m.segment, m.employer_npp,
               coalesce(e.kind, 'self') AS employer_kind
        FROM membership m LEFT JOIN employer e ON e.npp = m.employer_npp
        WHERE m.start_date <= \(dateBind) AND (m.end_date IS NULL OR m.end_date >= \(dateBind))
          AND (\(branchBind) IS NULL OR m.branch_office = \(branchBind))
          AND (m.segment <> 'BPU'
               OR EXISTS (SELECT 1 FROM sponsor_cover c WHERE c.membership_id = m.id AND c.period @> \(dateBind))
               OR EXISTS (SELECT 1 FROM contribution k WHERE k.membership_id = m.id
                            AND k.month IN (date_trunc('month', \(dateBind))::date,
                                            (date_trunc('month', \(dateBind)) - interval '1 month')::date)
                            AND k.paid_on <= \(dateBind)))
        """
    }
}
