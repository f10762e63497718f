public import BenefitRules
public import ClaimStore
public import Postgres

/// Fills a case's missing contribution histories from the database (CONTRACT §2, RULEBOOK §2.3), and maps stored
/// participants to the rules' types.
///
/// A membership that names a KPJ without `contributions` gets the stored monthly rows of that KPJ, and, when the case
/// gives no `sponsor`, the stored sponsor window that matters on the event date. Everything else in the case (the
/// reported wage, statements, heirs) is kept as written, so a case computes the same whether its history is embedded
/// or read from the database.
public enum DatabaseHistory {
    /// Whether some membership of the case has no embedded history, so computing it needs the database.
    public static func needsDatabase(_ claim: Case) -> Bool {
        claim.participant.memberships.contains { $0.contributions == nil }
    }

    /// The case with every missing history read from `connection`.
    ///
    /// - Throws: ``AppError`` 65 naming `participant.memberships[i].kpj` when a KPJ is not stored, 69 when the
    ///   database fails.
    public static func fill(_ claim: Case, connection: Connection) throws(AppError) -> Case {
        let store = ParticipantStore(connection: connection)
        var filled = claim
        for (index, membership) in claim.participant.memberships.enumerated() where membership.contributions == nil {
            let stored: StoredMembership?
            do {
                stored = try store.membership(kpj: membership.kpj)
            } catch {
                throw AppError(.databaseUnavailable, field: "database", reason: t("ops.history.error.read", ["error": .text("\(error)")]))
            }
            guard let stored else {
                throw AppError(
                    .invalidData, field: "participant.memberships[\(index)].kpj",
                    reason: t("ops.history.error.none", ["kpj": .text(membership.kpj)]))
            }
            let path = "participant.memberships[\(index)]"
            filled.participant.memberships[index].contributions = try contributions(stored, path: path)
            if membership.sponsor == nil {
                filled.participant.memberships[index].sponsor = try sponsor(
                    stored.sponsorWindows, eventDate: claim.event.date, path: path)
            }
        }
        return filled
    }

    /// The rules' contribution rows of a stored membership.
    public static func contributions(_ stored: StoredMembership, path: String) throws(AppError) -> [ContributionRow] {
        var rows: [ContributionRow] = []
        rows.reserveCapacity(stored.contributions.count)
        for row in stored.contributions {
            guard let month = YearMonth(iso: row.month) else {
                throw AppError(.internalError, field: "\(path).contributions", reason: t("ops.history.error.month"))
            }
            var paidOn: CivilDate?
            if let paid = row.paidOn {
                paidOn = try date(paid, field: "\(path).contributions")
            }
            rows.append(ContributionRow(month: month, wage: Rupiah(row.wage), paidOn: paidOn))
        }
        return rows
    }

    /// The window the rules should see: the one covering the event date, else the latest that started before it,
    /// else the first; nil when the membership has none.
    static func sponsor(
        _ windows: [StoredSponsorWindow], eventDate: CivilDate, path: String
    ) throws(AppError) -> SponsorWindow? {
        var mapped: [SponsorWindow] = []
        for window in windows {
            guard let kind = SponsorWindow.Kind(rawValue: window.kind) else {
                throw AppError(.internalError, field: "\(path).sponsor", reason: t("ops.history.error.sponsor-kind", ["kind": .text(window.kind)]))
            }
            mapped.append(
                SponsorWindow(
                    name: window.sponsor, kind: kind, from: try date(window.from, field: "\(path).sponsor"),
                    to: try date(window.to, field: "\(path).sponsor"),
                    programs: window.programs.compactMap(Program.init(rawValue:))))
        }
        if let covering = mapped.first(where: { $0.from <= eventDate && eventDate <= $0.to }) { return covering }
        if let latest = mapped.last(where: { $0.from <= eventDate }) { return latest }
        return mapped.first
    }

    /// A whole stored participant as the rules' ``Participant`` (no statements; the reported wage is the last report
    /// on or before `asOf`).
    public static func participant(_ stored: StoredParticipant, asOf: CivilDate) throws(AppError) -> Participant {
        var memberships: [Membership] = []
        for (index, membership) in stored.memberships.enumerated() {
            let path = "memberships[\(index)]"
            guard let segment = Segment(rawValue: membership.segment) else {
                throw AppError(.internalError, field: path, reason: t("ops.history.error.segment", ["segment": .text(membership.segment)]))
            }
            let kind = membership.employerKind.flatMap(EmployerKind.init(rawValue:)) ?? .`self`
            let employer = Employer(
                npp: membership.employerNPP,
                name: membership.employerName ?? membership.workDescription ?? stored.name, kind: kind)
            var wage = membership.wageReports.first?.wage ?? 0
            for report in membership.wageReports {
                if try date(report.reportedOn, field: path) <= asOf { wage = report.wage }
            }
            memberships.append(
                Membership(
                    kpj: membership.kpj, segment: segment, employer: employer,
                    start: try date(membership.start, field: path),
                    end: try membership.end.map { (text: String) throws(AppError) -> CivilDate in
                        try date(text, field: path)
                    },
                    programs: membership.programs.compactMap(Program.init(rawValue:)), riskGroup: membership.riskGroup,
                    reportedWage: Rupiah(wage), contributions: try contributions(membership, path: path),
                    sponsor: try sponsor(membership.sponsorWindows, eventDate: asOf, path: path)))
        }
        return Participant(
            nik: stored.nik, name: stored.name, birthDate: try date(stored.birthDate, field: "birth_date"),
            sex: stored.sex.flatMap(Participant.Sex.init(rawValue:)), maritalStatus: nil, memberships: memberships,
            jhtStatement: nil, jpStatement: nil)
    }

    static func date(_ text: String, field: String) throws(AppError) -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            throw AppError(.internalError, field: field, reason: t("ops.history.error.date"))
        }
        return date
    }
}
