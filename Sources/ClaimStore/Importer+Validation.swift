import Postgres
import SantunanValues

/// One per-record check on the staging table: `bad` is a SQL condition over the `c_<column>` text columns that is
/// true when the value is wrong; `reason` turns the quoted value into the message.
struct RowCheck {
    var column: String
    var bad: String
    var reason: @Sendable (String) -> String
}

/// A check across records (duplicates, disagreeing repeats, overlaps): `sql` returns the offending `line` and a
/// `detail` (usually the earlier line it clashes with), first line first, considering only lines below `$1`.
struct SetCheck {
    var column: String
    var sql: String
    var reason: @Sendable (_ value: String, _ detail: String) -> String
}

/// The checks and the final moves of one staged import kind.
struct StagingSpec {
    var rowChecks: [RowCheck]
    var setChecks: [SetCheck]
    /// `(table, statement)`: the INSERTs that move the staged rows into the real tables, in order.
    var moves: [(String, String)]

    /// The first bad record of the staging table, or nil when all are good.
    ///
    /// Per-record checks run first, in column order within a record; cross-record checks then look only at the
    /// records before the first per-record failure (their values are known to be well-formed), so the error
    /// reported is always the one on the lowest line.
    func firstError(_ connection: Connection) throws -> ImportError? {
        var found: (line: Int, column: String, reason: (String) -> String)?
        if !rowChecks.isEmpty {
            let cases = rowChecks.enumerated().map { "WHEN \($1.bad) THEN \($0)" }.joined(separator: " ")
            let result = try connection.execute(
                SQL(
                    """
                    SELECT line, check_index FROM (
                        SELECT s.line, CASE \(unescaped: cases) END AS check_index FROM import_stage s
                    ) checked WHERE check_index IS NOT NULL ORDER BY line LIMIT 1
                    """))
            if result.rowCount > 0 {
                let check = rowChecks[try result.decode(Int.self, row: 0, column: 1)]
                found = (try result.decode(Int.self, row: 0, column: 0), check.column, check.reason)
            }
        }
        for check in setChecks {
            let bound = found?.line ?? Int.max
            let result = try connection.execute(SQL(check.sql, binds: [Int64(bound)]))
            guard result.rowCount > 0 else { continue }
            let line = try result.decode(Int.self, row: 0, column: 0)
            let detail = try result.decode(String?.self, row: 0, column: 1) ?? ""
            if line < bound {
                let reason = check.reason
                // The detail may quote stored text (a sponsor's name): escaped like any quoted value.
                let safeDetail = MessageText.controlsEscaped(detail, limit: 200)
                found = (line, check.column, { reason($0, safeDetail) })
            }
        }
        guard let found else { return nil }
        let value = try connection.execute(
            "SELECT \(unescaped: stageColumn(found.column)) FROM import_stage WHERE line = \(Int64(found.line))")
        let text = value.rowCount > 0 ? try value.decode(String?.self, row: 0, column: 0) : nil
        let quoted = text.map { ImportError.quoted($0) } ?? "(empty)"
        return ImportError(code: .invalidValue, line: found.line, column: found.column, reason: found.reason(quoted))
    }

    static func of(_ kind: ImportKind, bounds: ImportBounds) -> StagingSpec {
        switch kind {
        case .employers: employers
        case .participants: participants.bounded(participantBounds(bounds))
        case .sponsors: sponsors.bounded(sponsorBounds(bounds))
        case .contributions: StagingSpec(rowChecks: [], setChecks: [], moves: [])
        }
    }
}

// MARK: - Reusable conditions

/// SQL that is true when `column` (a staged text column) is not a valid `YYYY-MM-DD` date from 1900 on.
func badDate(_ column: String) -> String {
    let value = stageColumn(column)
    return """
        (CASE WHEN \(value) !~ '^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN true
         ELSE substr(\(value), 9, 2)::int > extract(day FROM (substr(\(value), 1, 7) || '-01')::date
             + interval '1 month - 1 day') END)
        """
}

func badMoney(_ column: String) -> String { "\(stageColumn(column)) !~ '^[0-9]{1,15}$'" }

func missing(_ column: String) -> String { "\(stageColumn(column)) IS NULL" }

func notOneOf(_ column: String, _ values: [String]) -> String {
    "\(stageColumn(column)) NOT IN (\(values.map { "'\($0)'" }.joined(separator: ", ")))"
}

let programsPattern = "'^(JKK|JKM|JHT|JP|JKP)(\\+(JKK|JKM|JHT|JP|JKP))*$'"

func required(_ column: String) -> RowCheck {
    RowCheck(column: column, bad: missing(column), reason: { _ in "is required" })
}

func dateCheck(_ column: String) -> RowCheck {
    RowCheck(column: column, bad: badDate(column), reason: { "\($0) is not a date (YYYY-MM-DD)" })
}

func moneyCheck(_ column: String) -> RowCheck {
    RowCheck(column: column, bad: badMoney(column), reason: { "\($0) is not a whole rupiah amount" })
}

/// The window check: a date outside `from…to`; `what` says whose bounds they are. The value is known to be a
/// well-formed date (its format check comes first in the record's checks), so its text compares as the date does.
func dateWindowCheck(_ column: String, from: CivilDate, to: CivilDate, what: String) -> RowCheck {
    let value = stageColumn(column)
    return RowCheck(
        column: column, bad: "\(value) IS NOT NULL AND (\(value) < '\(from)' OR \(value) > '\(to)')",
        reason: { "\($0) is outside \(from)…\(to), \(what)" })
}

/// The amount check: a whole rupiah amount (known to be 1 to 15 digits) above `largest`.
func amountBoundCheck(_ column: String, largest: Int64, what: String) -> RowCheck {
    RowCheck(
        column: column, bad: "\(stageColumn(column))::bigint > \(largest)",
        reason: { "\($0) exceeds \(RupiahText.text(largest)), \(what)" })
}

func choiceCheck(_ column: String, _ values: [String]) -> RowCheck {
    RowCheck(
        column: column, bad: notOneOf(column, values),
        reason: { "\($0) is not one of \(values.joined(separator: ", "))" })
}

/// The duplicate check: the second line whose `key` columns repeat an earlier line's.
func duplicateCheck(column: String, key: [String], what: String) -> SetCheck {
    let keys = key.map(stageColumn).joined(separator: ", ")
    return SetCheck(
        column: column,
        sql: """
            SELECT line, first_line::text FROM (
                SELECT line, min(line) OVER (PARTITION BY \(keys)) AS first_line FROM import_stage WHERE line < $1
            ) numbered WHERE line <> first_line ORDER BY line LIMIT 1
            """,
        reason: { value, first in "\(value) repeats the \(what) of line \(first)" })
}

/// The disagreement check: a line whose `values` differ from those of the first line with the same `key`.
func agreementCheck(column: String, key: String, values: [String], what: String) -> SetCheck {
    let list = values.map(stageColumn).joined(separator: ", ")
    let firsts = values.map { "first_value(\(stageColumn($0))) OVER w" }.joined(separator: ", ")
    return SetCheck(
        column: column,
        sql: """
            SELECT line, first_line::text FROM (
                SELECT line, first_value(line) OVER w AS first_line, ROW(\(list)) IS DISTINCT FROM ROW(\(firsts)) AS differs
                FROM import_stage WHERE line < $1
                WINDOW w AS (PARTITION BY \(stageColumn(key)) ORDER BY line)
            ) compared WHERE differs ORDER BY line LIMIT 1
            """,
        reason: { value, first in "\(value) was given with other \(what) on line \(first)" })
}

// MARK: - Bounds (decision 0013, door-bounds)

extension StagingSpec {
    /// This spec with `checks` after its own: a record reaches them only when every format check passed, so the
    /// values they compare are well-formed; the first bad record is still the lowest line.
    func bounded(_ checks: [RowCheck]) -> StagingSpec {
        var spec = self
        spec.rowChecks += checks
        return spec
    }

    /// Birth dates from 1900 to today; membership and wage report dates from 1950 to today + 1 year; wages at most
    /// Rp 1.000.000.000 a month — the domain of a case file.
    static func participantBounds(_ bounds: ImportBounds) -> [RowCheck] {
        let what = "the dates a membership or wage report may have (1950 up to today + 1 year)"
        return [
            dateWindowCheck(
                "birth_date", from: ImportBounds.earliestBirthDate, to: bounds.today,
                what: "the birth dates accepted (1900 up to today)"),
            dateWindowCheck("start", from: ImportBounds.earliestDate, to: bounds.latestDate, what: what),
            dateWindowCheck("end", from: ImportBounds.earliestDate, to: bounds.latestDate, what: what),
            dateWindowCheck("reported_on", from: ImportBounds.earliestDate, to: bounds.latestDate, what: what),
            amountBoundCheck(
                "reported_wage", largest: ImportBounds.largestMonthlyAmount, what: "the largest monthly wage accepted"),
        ]
    }

    /// Sponsor windows from 1950 to today + 1 year.
    static func sponsorBounds(_ bounds: ImportBounds) -> [RowCheck] {
        let what = "the dates a sponsor window may have (1950 up to today + 1 year)"
        return [
            dateWindowCheck("from", from: ImportBounds.earliestDate, to: bounds.latestDate, what: what),
            dateWindowCheck("to", from: ImportBounds.earliestDate, to: bounds.latestDate, what: what),
        ]
    }
}

// MARK: - Employers

extension StagingSpec {
    static let employers = StagingSpec(
        rowChecks: [
            required("npp"),
            RowCheck(
                column: "npp", bad: "c_npp !~ '^[A-Z0-9]{1,16}$'",
                reason: { "\($0) is not an NPP (1 to 16 capital letters or digits)" }),
            required("name"),
            required("kind"),
            choiceCheck("kind", ["company", "government_unit", "project"]),
            required("branch_office"),
            required("region"),
        ],
        setChecks: [duplicateCheck(column: "npp", key: ["npp"], what: "employer")],
        moves: [
            (
                "employer",
                """
                INSERT INTO employer (npp, name, kind, branch_office, region)
                SELECT c_npp, c_name, c_kind, c_branch_office, c_region FROM import_stage ORDER BY line
                ON CONFLICT (npp) DO NOTHING
                """
            )
        ])
}

// MARK: - Participants

extension StagingSpec {
    static let participants = StagingSpec(
        rowChecks: [
            required("nik"),
            RowCheck(column: "nik", bad: "c_nik !~ '^[0-9]{16}$'", reason: { "\($0) is not a NIK (16 digits)" }),
            required("name"),
            required("birth_date"),
            dateCheck("birth_date"),
            RowCheck(column: "sex", bad: "c_sex NOT IN ('M', 'F')", reason: { "\($0) is not one of M, F" }),
            required("kpj"),
            RowCheck(column: "kpj", bad: "c_kpj !~ '^[0-9]{11}$'", reason: { "\($0) is not a KPJ (11 digits)" }),
            RowCheck(
                column: "kpj",
                bad: """
                    EXISTS (SELECT 1 FROM membership m JOIN participant p ON p.id = m.participant_id
                            WHERE m.kpj = s.c_kpj AND p.nik <> s.c_nik)
                    """,
                reason: { "\($0) is already registered to another participant" }),
            required("segment"),
            choiceCheck("segment", ["PU", "BPU", "JAKON"]),
            RowCheck(
                column: "npp", bad: "c_npp IS NULL AND c_segment <> 'BPU'",
                reason: { _ in "is required for a PU or JAKON membership (only BPU members pay for themselves)" }),
            RowCheck(
                column: "npp",
                bad: "c_npp IS NOT NULL AND NOT EXISTS (SELECT 1 FROM employer e WHERE e.npp = s.c_npp)",
                reason: { "\($0) is not a registered employer (import the employers first)" }),
            required("programs"),
            RowCheck(
                column: "programs", bad: "c_programs !~ \(programsPattern)",
                reason: { "\($0) is not a list of programs such as JKK+JKM+JHT+JP" }),
            RowCheck(
                column: "risk_group", bad: "c_risk_group NOT IN ('I', 'II', 'III', 'IV', 'V')",
                reason: { "\($0) is not one of I, II, III, IV, V" }),
            required("start"),
            dateCheck("start"),
            RowCheck(column: "end", bad: "c_end IS NOT NULL AND \(badDate("end"))", reason: { "\($0) is not a date" }),
            RowCheck(column: "end", bad: "c_end < c_start", reason: { "\($0) is before the start" }),
            RowCheck(
                column: "branch_office",
                bad: "c_branch_office IS NULL AND c_npp IS NULL",
                reason: { _ in "is required for a membership without an employer" }),
            required("reported_on"),
            dateCheck("reported_on"),
            required("reported_wage"),
            moneyCheck("reported_wage"),
        ],
        setChecks: [
            agreementCheck(
                column: "nik", key: "nik", values: ["name", "birth_date", "sex"], what: "name, birth date or sex"),
            agreementCheck(
                column: "kpj", key: "kpj",
                values: [
                    "nik", "segment", "npp", "work_description", "programs", "risk_group", "start", "end",
                    "branch_office",
                ],
                what: "membership details"),
            duplicateCheck(column: "reported_on", key: ["kpj", "reported_on"], what: "wage report"),
        ],
        moves: [
            (
                "participant",
                """
                INSERT INTO participant (nik, name, birth_date, sex)
                SELECT DISTINCT ON (c_nik) c_nik, c_name, c_birth_date::date, c_sex FROM import_stage
                ORDER BY c_nik, line
                ON CONFLICT (nik) DO NOTHING
                """
            ),
            (
                "membership",
                """
                INSERT INTO membership (kpj, participant_id, segment, employer_npp, work_description, programs,
                                        risk_group, start_date, end_date, branch_office)
                SELECT DISTINCT ON (s.c_kpj) s.c_kpj, p.id, s.c_segment, s.c_npp, s.c_work_description,
                       string_to_array(s.c_programs, '+'), s.c_risk_group, s.c_start::date, s.c_end::date,
                       coalesce(s.c_branch_office, e.branch_office)
                FROM import_stage s
                JOIN participant p ON p.nik = s.c_nik
                LEFT JOIN employer e ON e.npp = s.c_npp
                ORDER BY s.c_kpj, s.line
                ON CONFLICT (kpj) DO NOTHING
                """
            ),
            (
                "wage_report",
                """
                INSERT INTO wage_report (membership_id, reported_on, wage)
                SELECT m.id, s.c_reported_on::date, s.c_reported_wage::bigint
                FROM import_stage s JOIN membership m ON m.kpj = s.c_kpj
                ORDER BY s.line
                ON CONFLICT (membership_id, reported_on) DO NOTHING
                """
            ),
        ])
}

// MARK: - Sponsors

extension StagingSpec {
    /// The staged lines with their window key and participant, for the overlap checks (values already validated).
    static let stagedCovers = """
        staged AS (
            SELECT s.line, s.c_sponsor AS sponsor, s.c_from::date AS valid_from, s.c_to::date AS valid_to,
                   string_to_array(s.c_programs, '+') AS programs, m.participant_id
            FROM import_stage s JOIN membership m ON m.kpj = s.c_kpj WHERE s.line < $1
        )
        """

    static let sponsors = StagingSpec(
        rowChecks: [
            required("sponsor"),
            required("kind"),
            choiceCheck("kind", ["local_government", "csr"]),
            RowCheck(
                column: "kind",
                bad: "EXISTS (SELECT 1 FROM sponsor sp WHERE sp.name = s.c_sponsor AND sp.kind <> s.c_kind)",
                reason: { "\($0) differs from the kind already registered for this sponsor" }),
            required("programs"),
            RowCheck(
                column: "programs", bad: "c_programs !~ \(programsPattern)",
                reason: { "\($0) is not a list of programs such as JKK+JKM" }),
            required("from"),
            dateCheck("from"),
            required("to"),
            dateCheck("to"),
            RowCheck(column: "to", bad: "c_to < c_from", reason: { "\($0) is before from" }),
            required("kpj"),
            RowCheck(column: "kpj", bad: "c_kpj !~ '^[0-9]{11}$'", reason: { "\($0) is not a KPJ (11 digits)" }),
            RowCheck(
                column: "kpj", bad: "NOT EXISTS (SELECT 1 FROM membership m WHERE m.kpj = s.c_kpj)",
                reason: { "\($0) is not a registered membership (import the participants first)" }),
            RowCheck(
                column: "kpj",
                bad: "NOT EXISTS (SELECT 1 FROM membership m WHERE m.kpj = s.c_kpj AND m.segment = 'BPU')",
                reason: { "\($0) is not a BPU membership; sponsors pay only for BPU members" }),
        ],
        setChecks: [
            agreementCheck(column: "kind", key: "sponsor", values: ["kind"], what: "sponsor kind"),
            duplicateCheck(
                column: "kpj", key: ["sponsor", "programs", "from", "to", "kpj"], what: "sponsor window and KPJ"),
            SetCheck(
                column: "kpj",
                sql: """
                    WITH \(stagedCovers)
                    SELECT b.line, a.line::text FROM staged a JOIN staged b
                      ON a.participant_id = b.participant_id AND a.line < b.line AND a.programs && b.programs
                     AND daterange(a.valid_from, a.valid_to, '[]') && daterange(b.valid_from, b.valid_to, '[]')
                     AND (a.sponsor, a.valid_from, a.valid_to, a.programs)
                         IS DISTINCT FROM (b.sponsor, b.valid_from, b.valid_to, b.programs)
                    ORDER BY b.line LIMIT 1
                    """,
                reason: { value, first in
                    "\(value) would be paid twice for the same program and days: the window overlaps line \(first)"
                }),
            SetCheck(
                column: "kpj",
                sql: """
                    WITH \(stagedCovers)
                    SELECT st.line, sp.name || ' ' || w.valid_from || '..' || w.valid_to FROM staged st
                    JOIN sponsor_cover c ON c.participant_id = st.participant_id AND c.program = ANY (st.programs)
                     AND c.period && daterange(st.valid_from, st.valid_to, '[]')
                    JOIN sponsor_window w ON w.id = c.window_id
                    JOIN sponsor sp ON sp.id = w.sponsor_id
                    WHERE (sp.name, w.valid_from, w.valid_to, w.programs)
                          IS DISTINCT FROM (st.sponsor, st.valid_from, st.valid_to, st.programs)
                    ORDER BY st.line LIMIT 1
                    """,
                reason: { value, window in
                    "\(value) is already covered for an overlapping period by the sponsor window \(window)"
                }),
        ],
        moves: [
            (
                "sponsor",
                """
                INSERT INTO sponsor (name, kind)
                SELECT DISTINCT ON (c_sponsor) c_sponsor, c_kind FROM import_stage ORDER BY c_sponsor, line
                ON CONFLICT (name) DO NOTHING
                """
            ),
            (
                "sponsor_window",
                """
                INSERT INTO sponsor_window (sponsor_id, programs, valid_from, valid_to)
                SELECT DISTINCT sp.id, string_to_array(s.c_programs, '+'), s.c_from::date, s.c_to::date
                FROM import_stage s JOIN sponsor sp ON sp.name = s.c_sponsor
                ON CONFLICT (sponsor_id, valid_from, valid_to, programs) DO NOTHING
                """
            ),
            (
                "sponsor_cover",
                """
                INSERT INTO sponsor_cover (window_id, membership_id, participant_id, program, period)
                SELECT w.id, m.id, m.participant_id, program, daterange(w.valid_from, w.valid_to, '[]')
                FROM import_stage s
                JOIN sponsor sp ON sp.name = s.c_sponsor
                JOIN sponsor_window w ON w.sponsor_id = sp.id AND w.valid_from = s.c_from::date
                 AND w.valid_to = s.c_to::date AND w.programs = string_to_array(s.c_programs, '+')
                JOIN membership m ON m.kpj = s.c_kpj
                CROSS JOIN LATERAL unnest(w.programs) AS program
                ON CONFLICT (window_id, membership_id, program) DO NOTHING
                """
            ),
        ])
}
