public import BenefitRules
import ClaimStore
import Foundation
import HeirQueue
import Postgres

/// A participant found by `participant find`, in the CLI's terms.
public struct ParticipantFound: Sendable, Hashable {
    public var nik: String
    public var name: String
    public var birthDate: String
    public var kpjs: [String]

    /// `{"nik": ..., "name": ..., "birth_date": ..., "kpjs": [...]}`.
    public var json: String {
        "{\"nik\": \(JSONText.quote(nik)), \"name\": \(JSONText.quote(name)), "
            + "\"birth_date\": \(JSONText.quote(birthDate)), \"kpjs\": ["
            + kpjs.map(JSONText.quote).joined(separator: ", ") + "]}"
    }
}

/// What `claim new` did.
public struct ClaimNewOutcome: Sendable {
    public var caseID: String
    /// Where the case file was written.
    public var path: String
    /// The computed claim as `claim compute` prints it, and as one JSON document.
    public var resultText: String
    public var resultJSON: String
    /// `payable`, `incomplete` or `rejected`.
    public var status: String
    /// Set with `--submit`.
    public var receipt: SubmissionReceipt?
}

/// The claims office's front door (issue 18): finding a participant and starting a claim from them. The CLI's
/// `participant` and `claim new` commands call only these, so the commands hold no queries and no case building.
public enum FrontDoor {
    /// `participant show KPJ|NIK|NAME`.
    static func show(_ reference: String, session: AppSession) throws(AppError) -> ParticipantProfile {
        let parameters = try session.ruleParameters()
        return try ParticipantLookup.profile(
            reference, today: ClaimFiles.today(session.clock), parameters: parameters, on: try session.database())
    }

    /// `participant find TEXT`.
    static func find(_ text: String, session: AppSession) throws(AppError) -> [ParticipantFound] {
        try ParticipantLookup.find(text, on: try session.database()).map { match in
            ParticipantFound(nik: match.nik, name: match.name, birthDate: match.birthDate, kpjs: match.kpjs)
        }
    }

    /// `claim new`: completes `draft` (prompting on `console`, or failing naming the flag without one), builds the
    /// case from the database, computes it, writes the case file to `out` (default `<case_id>.case.json` in the
    /// current directory) and, with `submitAs`, submits the case as `claim submit` does: the case computed here is
    /// the one stored, parsed once (the worker computes the stored claim once; Session 6).
    static func claimNew(
        _ draft: ClaimDraft, console: (any PromptConsole)?, session: AppSession, text: ClaimResultText, out: String?,
        submitAs user: String?
    ) throws(AppError) -> ClaimNewOutcome {
        var draft = draft
        let calculator = try ClaimFiles.calculator(paths: session.paths)
        let connection = try session.database()
        let documents = try DocumentRules.load(paths: session.paths)
        let stored = try ClaimDraftPrompts.complete(&draft, console: console, documents: documents) {
            reference throws(AppError) in
            try ParticipantLookup.stored(reference, field: "--participant", on: connection)
        }
        let (claim, file) = try ClaimDraftBuilder.build(draft, stored: stored, today: ClaimFiles.today(session.clock))
        let result = try ClaimFiles.compute(claim, with: calculator)
        let path = out ?? "\(claim.caseID).case.json"
        let bytes = Array(file.utf8)
        try OutputFile.write(bytes, to: try OutputFile.check(path), option: "--out")
        var receipt: SubmissionReceipt?
        if let user {
            receipt = try SubmissionService.submit(claim, bytes: bytes, user: user, queue: JobQueue(), on: connection)
        }
        return ClaimNewOutcome(
            caseID: claim.caseID, path: path, resultText: text.render(result),
            resultJSON: String(decoding: result.jsonBytes(), as: UTF8.self), status: result.status.rawValue,
            receipt: receipt)
    }
}

extension ParticipantProfile {
    /// The identity lines of the page, in the installed language.
    public var identityLines: [String] {
        var lines = [
            "\(name)",
            t("claims.participant.born", ["nik": .text(nik), "date": ClaimPage.isoDate(birthDate)])
                + (sex.map { t("claims.participant.sex", ["sex": .text($0)]) } ?? ""),
        ]
        lines.append(
            jhtBalance.map { t("claims.participant.jht-balance", ["amount": .rupiah($0)]) }
                ?? t("claims.participant.jht-none"))
        return lines
    }

    /// The page's membership blocks: one heading line and the lines under it per membership (the table is for CSV).
    public var membershipLines: [String] {
        func window(_ from: String, _ to: String?) -> String {
            to.map { t("claims.participant.window", ["from": ClaimPage.isoDate(from), "to": ClaimPage.isoDate($0)]) }
                ?? t("claims.participant.window-open", ["from": ClaimPage.isoDate(from)])
        }
        var lines: [String] = []
        for m in memberships {
            lines.append(
                t(
                    "claims.participant.membership",
                    ["kpj": .text(m.kpj), "segment": .text(m.segment), "window": .text(window(m.start, m.end))]))
            lines.append(
                "  "
                    + t(
                        "claims.participant.employer",
                        [
                            "name": .text(m.employerName),
                            "npp": .text(m.employerNPP.map { t("claims.participant.npp", ["npp": .text($0)]) } ?? ""),
                            "kind": .text(CodeWords.text(m.employerKind, in: "common.kind")),
                        ]))
            for sponsor in m.sponsorWindows {
                lines.append(
                    "  "
                        + t(
                            "claims.participant.sponsor",
                            [
                                "name": .text(sponsor.sponsor),
                                "kind": .text(CodeWords.text(sponsor.kind, in: "common.kind")),
                                "window": .text(window(sponsor.from, sponsor.to)),
                                "programs": .text(sponsor.programs.joined(separator: "+")),
                            ]))
            }
            lines.append(
                "  " + t("claims.participant.programs", ["programs": .text(m.programs.joined(separator: "+"))]))
            var summary = t(
                "claims.participant.contributions", ["months": .number(m.months), "paid": .number(m.paidMonths)])
            if let last = m.lastPaidMonth {
                let parts = last.split(separator: "-").compactMap { Int($0) }
                summary += t(
                    "claims.participant.last-paid",
                    ["month": parts.count == 2 ? .month(year: parts[0], month: parts[1]) : .text(last)])
            }
            summary +=
                m.arrearsMonths == 0
                ? t("claims.participant.no-arrears")
                : t(
                    "claims.participant.arrears",
                    ["count": .number(m.arrearsMonths), "amount": .rupiah(m.arrearsAmount)])
            lines.append("  " + summary)
        }
        return lines
    }

    /// The memberships as table rows; `money` formats amounts (`Rp 1.000` for the page, digits for CSV).
    public static let membershipHeader = [
        "kpj", "segment", "employer_or_sponsor", "window", "programs", "months", "paid", "last_paid", "arrears_months",
        "arrears",
    ]

    public func membershipRows(money: (Int64) -> String) -> [[String]] {
        memberships.map { m in
            var payer = m.employerName + (m.employerNPP.map { " (\($0))" } ?? "")
            var window = "\(m.start) to \(m.end ?? "open")"
            if let sponsor = m.sponsorWindows.last {
                payer = "sponsor: \(sponsor.sponsor) (\(sponsor.kind))"
                window = m.sponsorWindows.map { "\($0.from) to \($0.to)" }.joined(separator: "; ")
            }
            return [
                m.kpj, m.segment, payer, window, m.programs.joined(separator: "+"), String(m.months),
                String(m.paidMonths), m.lastPaidMonth ?? "", String(m.arrearsMonths), money(m.arrearsAmount),
            ]
        }
    }
}
