public import Postgres

/// A participant (peserta) as stored: plain values, dates as ISO text; the rules' types are built by SantunanApp.
public struct StoredParticipant: Sendable, Hashable {
    public var nik: String
    public var name: String
    /// `YYYY-MM-DD`.
    public var birthDate: String
    /// `M`, `F` or nil.
    public var sex: String?
    public var memberships: [StoredMembership]
}

/// A membership (KPJ) with its reported wages, monthly contributions and sponsor windows.
public struct StoredMembership: Sendable, Hashable {
    public var kpj: String
    /// `PU`, `BPU` or `JAKON`.
    public var segment: String
    /// The employer's NPP, name and kind (`company`, `government_unit`, `project`); nil for a BPU member paying for
    /// themselves.
    public var employerNPP: String?
    public var employerName: String?
    public var employerKind: String?
    /// What a self-paying BPU member does (the case file's employer name for kind `self`).
    public var workDescription: String?
    /// `JKK`, `JKM`, `JHT`, `JP`, `JKP`, in the stored order.
    public var programs: [String]
    public var riskGroup: String?
    public var start: String
    public var end: String?
    public var branchOffice: String
    /// Reported wages, oldest first.
    public var wageReports: [StoredWageReport]
    /// Monthly contributions, oldest month first.
    public var contributions: [StoredContribution]
    /// Sponsor windows paying for this membership, earliest first.
    public var sponsorWindows: [StoredSponsorWindow]
}

/// A wage reported for a membership, in force from `reportedOn`.
public struct StoredWageReport: Sendable, Hashable {
    public var reportedOn: String
    public var wage: Int64
}

/// One month of contributions (iuran) of a membership.
public struct StoredContribution: Sendable, Hashable {
    /// `YYYY-MM`.
    public var month: String
    /// The wage basis (or declared income) of the month, whole rupiah.
    public var wage: Int64
    public var amountJKK: Int64
    public var amountJKM: Int64
    public var amountJHT: Int64
    public var amountJP: Int64
    public var dueOn: String
    /// nil = unpaid (arrears once `dueOn` has passed).
    public var paidOn: String?
}

/// A window in which a sponsor pays for a BPU membership.
public struct StoredSponsorWindow: Sendable, Hashable {
    public var sponsor: String
    /// `local_government` or `csr`.
    public var kind: String
    public var programs: [String]
    public var from: String
    public var to: String
}

/// Reads participants and their histories: by NIK, or by the KPJ of one of their memberships.
public struct ParticipantStore {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// The participant with `nik` and all their memberships, or nil.
    public func participant(nik: String) throws -> StoredParticipant? {
        try load(where: "p.nik = \(nik)")
    }

    /// The participant holding the membership `kpj`, with all their memberships, or nil.
    public func participant(kpj: String) throws -> StoredParticipant? {
        try load(where: "p.id = (SELECT participant_id FROM membership WHERE kpj = \(kpj))")
    }

    /// The membership `kpj` with its history, or nil.
    public func membership(kpj: String) throws -> StoredMembership? {
        try participant(kpj: kpj)?.memberships.first { $0.kpj == kpj }
    }

    private func load(where condition: SQL) throws -> StoredParticipant? {
        var query: SQL = """
            SELECT p.id, p.nik, p.name, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.sex
            FROM participant p WHERE
            """
        query.text += " " + condition.text
        query.binds += condition.binds
        let people = try connection.execute(query)
        guard people.rowCount > 0 else { return nil }
        let id: Int64 = try people[0, "id"]
        var participant = StoredParticipant(
            nik: try people[0, "nik"], name: try people[0, "name"], birthDate: try people[0, "birth_date"],
            sex: try people[0, "sex"], memberships: [])

        let memberships = try connection.execute(
            """
            SELECT m.id, m.kpj, m.segment, m.employer_npp, e.name AS employer_name, e.kind AS employer_kind,
                   m.work_description, array_to_string(m.programs, '+') AS programs, m.risk_group,
                   to_char(m.start_date, 'YYYY-MM-DD') AS start_date, to_char(m.end_date, 'YYYY-MM-DD') AS end_date,
                   m.branch_office
            FROM membership m LEFT JOIN employer e ON e.npp = m.employer_npp
            WHERE m.participant_id = \(id) ORDER BY m.start_date, m.kpj
            """)
        for row in memberships {
            let membershipID: Int64 = try row["id"]
            let programs: String = try row["programs"]
            participant.memberships.append(
                StoredMembership(
                    kpj: try row["kpj"], segment: try row["segment"], employerNPP: try row["employer_npp"],
                    employerName: try row["employer_name"], employerKind: try row["employer_kind"],
                    workDescription: try row["work_description"],
                    programs: programs.split(separator: "+").map(String.init), riskGroup: try row["risk_group"],
                    start: try row["start_date"], end: try row["end_date"], branchOffice: try row["branch_office"],
                    wageReports: try wageReports(membershipID), contributions: try contributions(membershipID),
                    sponsorWindows: try sponsorWindows(membershipID)))
        }
        return participant
    }

    private func wageReports(_ membershipID: Int64) throws -> [StoredWageReport] {
        let result = try connection.execute(
            """
            SELECT to_char(reported_on, 'YYYY-MM-DD') AS reported_on, wage FROM wage_report
            WHERE membership_id = \(membershipID) ORDER BY reported_on
            """)
        return try result.map { row in StoredWageReport(reportedOn: try row["reported_on"], wage: try row["wage"]) }
    }

    private func contributions(_ membershipID: Int64) throws -> [StoredContribution] {
        let result = try connection.execute(
            """
            SELECT to_char(month, 'YYYY-MM'), wage, amount_jkk, amount_jkm, amount_jht, amount_jp,
                   to_char(due_on, 'YYYY-MM-DD'), to_char(paid_on, 'YYYY-MM-DD')
            FROM contribution WHERE membership_id = \(membershipID) ORDER BY month
            """)
        return try result.map { row in
            StoredContribution(
                month: try row[0], wage: try row[1], amountJKK: try row[2], amountJKM: try row[3],
                amountJHT: try row[4], amountJP: try row[5], dueOn: try row[6], paidOn: try row[7])
        }
    }

    private func sponsorWindows(_ membershipID: Int64) throws -> [StoredSponsorWindow] {
        let result = try connection.execute(
            """
            SELECT DISTINCT sp.name, sp.kind, array_to_string(w.programs, '+'),
                   to_char(w.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(w.valid_to, 'YYYY-MM-DD')
            FROM sponsor_cover c JOIN sponsor_window w ON w.id = c.window_id JOIN sponsor sp ON sp.id = w.sponsor_id
            WHERE c.membership_id = \(membershipID) ORDER BY valid_from
            """)
        return try result.map { row in
            let programs: String = try row[2]
            return StoredSponsorWindow(
                sponsor: try row[0], kind: try row[1], programs: programs.split(separator: "+").map(String.init),
                from: try row[3], to: try row[4])
        }
    }
}
