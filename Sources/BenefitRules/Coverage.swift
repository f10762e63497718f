public import SantunanValues

/// Whether a membership covers a program on the event date (RULEBOOK §2.1, D7, R2).
public enum Coverage {
    /// `nil` when `membership` covers `program` on `date`, else the reason it does not.
    ///
    /// PU and JAKON follow the membership period only (employer arrears never suspend JKK/JKM cover); BPU also needs
    /// the sponsor window or a contribution for the month paid by that date.
    public static func denial(_ membership: Membership, _ program: Program, on date: CivilDate) -> String? {
        guard membership.has(program) else {
            return "membership \(membership.kpj) does not include \(program.rawValue)"
        }
        if date < membership.start {
            return "no coverage on \(date): membership \(membership.kpj) starts on \(membership.start) "
                + "(PP 44/2015 Pasal 5; D7)"
        }
        if let end = membership.end, end < date {
            return "no coverage on \(date): membership \(membership.kpj) ended on \(end) (PP 44/2015 Pasal 5; D7)"
        }
        guard membership.segment == .nonWageEarner else { return nil }
        if let sponsor = membership.sponsor, sponsor.programs.contains(program), sponsor.from <= date,
            date <= sponsor.to
        {
            return nil
        }
        let month = date.yearMonth
        if let rows = membership.contributions,
            rows.contains(where: { $0.month == month && ($0.paidOn.map { $0 <= date } ?? false) })
        {
            return nil
        }
        if let sponsor = membership.sponsor, sponsor.to < date {
            return "no coverage on \(date): the sponsored window \(sponsor.from)..\(sponsor.to) (\(sponsor.name)) "
                + "ended on \(sponsor.to) and was not renewed, and no contribution was paid for \(month) "
                + "(D7; Perdir 22/PERDIR.02/072022)"
        }
        return "no coverage on \(date): no sponsored window covers it and no contribution was paid for \(month) "
            + "(D7; Perdir 22/PERDIR.02/072022)"
    }
}
