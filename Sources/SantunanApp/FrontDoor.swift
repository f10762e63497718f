import BenefitRules
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
public import SantunanValues

/// A participant found by `participant find`, in the CLI's terms.
public struct ParticipantFound: Sendable, Hashable {
    public var nik: String
    public var name: String
    public var birthDate: String
    public var kpjs: [String]

    /// `{"nik": ..., "name": ..., "birth_date": ..., "kpjs": [...]}`.
    public var json: String {
        "{\"nik\": \(JSONText.quote(nik)), \"name\": \(JSONText.quote(name)), "
            + "\"birth_date\": \(JSONText.quote(birthDate)), \"kpjs\": \(JSONText.array(kpjs))}"
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
    static let logger = Logger(label: "santunan.front-door")

    static func open(_ databaseURL: String?, paths: ProjectPaths) throws(AppError) -> Connection {
        try DatabaseTarget.resolve(explicitURL: databaseURL, paths: paths, logger: logger)
            .openMigrated(paths: paths, logger: logger)
    }

    /// Today (WIB), from `SANTUNAN_FIXED_CLOCK` when set.
    public static func today() throws(AppError) -> CivilDate {
        ClaimFiles.today(try PayoutClock.fromEnvironment())
    }

    /// `participant show KPJ|NIK|NAME`.
    public static func show(_ reference: String, databaseURL: String?) throws(AppError) -> ParticipantProfile {
        let paths = try ProjectPaths.discover()
        let parameters = try RuleConfig.load(from: paths.config)
        let today = try today()
        let connection = try open(databaseURL, paths: paths)
        defer { connection.close() }
        return try ParticipantLookup.profile(reference, today: today, parameters: parameters, on: connection)
    }

    /// `participant find TEXT`.
    public static func find(_ text: String, databaseURL: String?) throws(AppError) -> [ParticipantFound] {
        let paths = try ProjectPaths.discover()
        let connection = try open(databaseURL, paths: paths)
        defer { connection.close() }
        return try ParticipantLookup.find(text, on: connection).map { match in
            ParticipantFound(nik: match.nik, name: match.name, birthDate: match.birthDate, kpjs: match.kpjs)
        }
    }

    /// `claim new`: completes `draft` (prompting on `console`, or failing naming the flag without one), builds the
    /// case from the database, computes it, writes the case file to `out` (default `<case_id>.case.json` in the
    /// current directory) and, with `submitAs`, submits that file as `claim submit` does.
    public static func claimNew(
        _ draft: ClaimDraft, console: (any PromptConsole)?, databaseURL: String?, out: String?, submitAs user: String?
    ) throws(AppError) -> ClaimNewOutcome {
        var draft = draft
        let paths = try ProjectPaths.discover()
        let calculator = try ClaimFiles.calculator(paths: paths)
        let today = try today()
        let connection = try open(databaseURL, paths: paths)
        defer { connection.close() }
        let stored = try ClaimDraftPrompts.complete(&draft, console: console) { reference throws(AppError) in
            try ParticipantLookup.stored(reference, field: "--participant", on: connection)
        }
        let (claim, file) = try ClaimDraftBuilder.build(draft, stored: stored, today: today)
        let result = try ClaimFiles.compute(claim, with: calculator)
        let path = out ?? "\(claim.caseID).case.json"
        try OutputFile.write(Array(file.utf8), to: try OutputFile.check(path), option: "--out")
        var receipt: SubmissionReceipt?
        if let user {
            receipt = try SubmissionService.submit(
                caseFile: path, user: user, calculator: calculator, queue: JobQueue(), on: connection)
        }
        return ClaimNewOutcome(
            caseID: claim.caseID, path: path, resultText: result.humanText,
            resultJSON: String(decoding: result.jsonBytes(), as: UTF8.self), status: result.status.rawValue,
            receipt: receipt)
    }
}

extension ParticipantProfile {
    /// The identity lines of the page.
    public var identityLines: [String] {
        var lines = ["\(name)", "NIK \(nik), born \(birthDate)" + (sex.map { ", sex \($0)" } ?? "")]
        lines.append(
            jhtBalance.map { "JHT balance today: \(RupiahText.text($0))" } ?? "JHT balance: none (no JHT membership)")
        return lines
    }

    /// The page's membership blocks: one heading line and the lines under it per membership (the table is for CSV).
    public func membershipLines(money: (Int64) -> String) -> [String] {
        var lines: [String] = []
        for m in memberships {
            lines.append("Membership KPJ \(m.kpj) (\(m.segment)), \(m.start) to \(m.end ?? "open")")
            lines.append(
                "  employer:      \(m.employerName)" + (m.employerNPP.map { ", NPP \($0)" } ?? "")
                    + " (\(m.employerKind))")
            for window in m.sponsorWindows {
                lines.append(
                    "  sponsor:       \(window.sponsor) (\(window.kind)), \(window.from) to \(window.to), "
                        + window.programs.joined(separator: "+"))
            }
            lines.append("  programs:      " + m.programs.joined(separator: "+"))
            var summary = "  contributions: \(m.months) months, \(m.paidMonths) paid"
            if let last = m.lastPaidMonth { summary += ", last paid \(last)" }
            summary +=
                m.arrearsMonths == 0
                ? "; no arrears"
                : "; arrears \(m.arrearsMonths) month\(m.arrearsMonths == 1 ? "" : "s"), \(money(m.arrearsAmount))"
            lines.append(summary)
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

    public static let claimHeader = ["claim", "case_id", "event", "date", "status", "total", "payable_now"]

    public func claimRows(money: (Int64) -> String) -> [[String]] {
        claims.map { c in
            [
                String(c.id), c.caseID, c.eventType, c.eventDate, c.status ?? "pending", c.total.map(money) ?? "",
                c.payableNow.map(money) ?? "",
            ]
        }
    }
}
