public import BenefitRules
public import ClaimStore
import Foundation
public import Postgres

/// How a participant is named on the command line: a NIK (16 digits), a KPJ (other digits) or a name.
public enum ParticipantReference: Sendable, Hashable {
    case nik(String)
    case kpj(String)
    case name(String)

    /// Reads `text`: 16 digits are a NIK (a NIK always has 16), other all-digit text a KPJ (11 digits in use, the
    /// case file allows up to 32 characters), anything else a name.
    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = !trimmed.isEmpty && trimmed.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if digits, trimmed.utf8.count == 16 {
            self = .nik(trimmed)
        } else if digits {
            self = .kpj(trimmed)
        } else {
            self = .name(trimmed)
        }
    }
}

/// One membership as `participant show` prints it: segment, who pays, window, and the contribution summary.
public struct MembershipProfile: Sendable, Hashable {
    public var kpj: String
    public var segment: String
    /// `company`, `government_unit`, `project` or `self`.
    public var employerKind: String
    public var employerNPP: String?
    /// The employer's name, or what a self-paying BPU member does.
    public var employerName: String
    public var programs: [String]
    public var start: String
    public var end: String?
    public var sponsorWindows: [StoredSponsorWindow]
    /// Months with a contribution row; months paid; the latest paid month (`YYYY-MM`).
    public var months: Int
    public var paidMonths: Int
    public var lastPaidMonth: String?
    /// Unpaid months whose due date has passed, and what they owe (all programs, whole rupiah).
    public var arrearsMonths: Int
    public var arrearsAmount: Int64
}

/// A participant as the claims office sees them (`participant show`).
public struct ParticipantProfile: Sendable, Hashable {
    public var nik: String
    public var name: String
    public var birthDate: String
    public var sex: String?
    public var memberships: [MembershipProfile]
    /// The JHT balance today (RULEBOOK §8.3) over the stored history; nil when no membership carries JHT.
    public var jhtBalance: Int64?
    public var claims: [SubmissionSummary]
}

/// Finding participants and reading their profile (`participant show`, `participant find`, `claim new`).
public enum ParticipantLookup {
    /// The most participants `find` lists, and the most a name may match for `show` to list them instead.
    public static let findLimit = 50

    /// The participants matching `text`: by NIK, KPJ, or a case-insensitive part of the name.
    public static func find(_ text: String, on connection: Connection) throws(AppError) -> [ParticipantMatch] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw AppError(.usage, field: "TEXT", reason: t("claims.list.participant-empty"))
        }
        do {
            return try ParticipantStore(connection: connection).search(trimmed, limit: findLimit)
        } catch {
            throw databaseError(error, "claims.error.participants-search")
        }
    }

    /// The one stored participant `reference` names.
    ///
    /// - Throws: ``AppError`` 65 when nothing matches, or when a name matches several participants (the message
    ///   lists them, so the officer can choose by NIK); 69 when the database fails.
    public static func stored(_ reference: String, field: String, on connection: Connection) throws(AppError)
        -> StoredParticipant
    {
        let store = ParticipantStore(connection: connection)
        let found: StoredParticipant?
        do {
            switch ParticipantReference(reference) {
            // A 16-digit KPJ would read as a NIK: tried as a KPJ when no NIK matches.
            case .nik(let nik): found = try store.participant(nik: nik) ?? store.participant(kpj: nik)
            case .kpj(let kpj): found = try store.participant(kpj: kpj)
            case .name:
                var matches = try find(reference, on: connection)
                // A name typed in full picks its participant even when it is also part of another name.
                let exact = matches.filter {
                    $0.name.lowercased() == reference.trimmingCharacters(in: .whitespaces).lowercased()
                }
                if exact.count == 1 { matches = exact }
                if matches.count > 1 {
                    let listed = matches.prefix(5).map { "\($0.nik) \($0.name)" }.joined(separator: ", ")
                    // The search stops at findLimit: then "50 match" would understate it.
                    throw AppError(
                        .invalidData, field: field,
                        reason: t(
                            matches.count >= findLimit
                                ? "claims.error.participants-match-more" : "claims.error.participants-match",
                            [
                                "count": .number(matches.count), "given": .text(JSONText.quote(reference)),
                                "listed": .text(listed + (matches.count > 5 ? ", ..." : "")),
                            ]))
                }
                found = try matches.first.flatMap { match in try store.participant(nik: match.nik) }
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw databaseError(error, "claims.error.participant-read")
        }
        guard let found else {
            // Not found is 66 in every command (issue 18).
            throw AppError(
                .inputMissing, field: field,
                reason: t("claims.error.no-participant", ["given": .text(JSONText.quote(reference))]))
        }
        return found
    }

    /// A failed read: a role without the right (an approver's reads no participant table, docs/roles.md) is 77, as
    /// `SubmissionService.appError` maps it, so the service answers 403 rather than 503; anything else is 69.
    static func databaseError(_ error: any Error, _ key: String) -> AppError {
        if let error = error as? PostgresError, error.sqlState == "42501" {
            return SubmissionService.appError(error)
        }
        return AppError(.databaseUnavailable, field: "database", reason: t(key, ["detail": .text("\(error)")]))
    }

    /// The profile of the participant `reference` names, as of `today` (arrears, JHT balance).
    public static func profile(
        _ reference: String, today: CivilDate, parameters: ParameterSet, on connection: Connection
    ) throws(AppError) -> ParticipantProfile {
        let stored = try stored(reference, field: "PARTICIPANT", on: connection)
        let claims: [SubmissionSummary]
        do {
            claims = try SubmissionStore.list(participantNIK: stored.nik, on: connection)
        } catch {
            throw databaseError(error, "claims.error.claims-read")
        }
        var memberships: [MembershipProfile] = []
        for membership in stored.memberships {
            memberships.append(try self.membership(membership, today: today))
        }
        var balance: Int64?
        if stored.memberships.contains(where: { $0.programs.contains(Program.jht.rawValue) }) {
            let participant = try DatabaseHistory.participant(stored, asOf: today)
            do {
                balance = try JHTCalculator(parameters: parameters).balance(participant: participant, payoutDate: today)
                    .value
            } catch {
                throw AppError(.internalError, field: "config/\(error.key)", reason: error.reason)
            }
        }
        return ParticipantProfile(
            nik: stored.nik, name: stored.name, birthDate: stored.birthDate, sex: stored.sex,
            memberships: memberships, jhtBalance: balance, claims: claims)
    }

    static func membership(_ stored: StoredMembership, today: CivilDate) throws(AppError) -> MembershipProfile {
        var paid = 0
        var lastPaid: String?
        var arrears = 0
        var owed: Int64 = 0
        let todayText = today.description
        for row in stored.contributions {
            if row.paidOn != nil {
                paid += 1
                if lastPaid.map({ row.month > $0 }) ?? true { lastPaid = row.month }
            } else if row.dueOn < todayText {
                arrears += 1
                for amount in [row.amountJKK, row.amountJKM, row.amountJHT, row.amountJP] {
                    let (sum, overflow) = owed.addingReportingOverflow(amount)
                    guard !overflow else {
                        throw AppError(
                            .internalError, field: "contribution",
                            reason: t("claims.error.arrears-overflow", ["kpj": .text(stored.kpj)]))
                    }
                    owed = sum
                }
            }
        }
        return MembershipProfile(
            kpj: stored.kpj, segment: stored.segment, employerKind: stored.employerKind ?? "self",
            employerNPP: stored.employerNPP,
            employerName: stored.employerName ?? stored.workDescription ?? "", programs: stored.programs,
            start: stored.start, end: stored.end, sponsorWindows: stored.sponsorWindows,
            months: stored.contributions.count, paidMonths: paid, lastPaidMonth: lastPaid, arrearsMonths: arrears,
            arrearsAmount: owed)
    }
}

extension ParticipantProfile {
    /// One JSON document (two-space indentation, keys in a fixed order, amounts as integers).
    public var json: String {
        func text(_ value: String?) -> String { value.map(JSONText.quote) ?? "null" }
        func number(_ value: Int64?) -> String { value.map(String.init) ?? "null" }
        func block(_ items: [String]) -> String {
            items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n  ]"
        }
        func list(_ values: [String]) -> String { "[" + values.map(JSONText.quote).joined(separator: ", ") + "]" }
        let memberships = memberships.map { m in
            let windows = m.sponsorWindows.map { w in
                "{\"name\": \(text(w.sponsor)), \"kind\": \(text(w.kind)), \"from\": \(text(w.from)), "
                    + "\"to\": \(text(w.to)), \"programs\": \(list(w.programs))}"
            }
            return """
                    {
                      "kpj": \(text(m.kpj)),
                      "segment": \(text(m.segment)),
                      "employer": {"npp": \(text(m.employerNPP)), "name": \(text(m.employerName)), "kind": \(text(m.employerKind))},
                      "programs": \(list(m.programs)),
                      "start": \(text(m.start)),
                      "end": \(text(m.end)),
                      "sponsors": [\(windows.joined(separator: ", "))],
                      "contributions": {"months": \(m.months), "paid_months": \(m.paidMonths), "last_paid_month": \(text(m.lastPaidMonth)), "arrears_months": \(m.arrearsMonths), "arrears_amount": \(m.arrearsAmount)}
                    }
                """
        }
        let claims = claims.map { c in
            "    {\"claim_id\": \(c.id), \"case_id\": \(text(c.caseID)), \"kpj\": \(text(c.kpj)), "
                + "\"event_type\": \(text(c.eventType)), \"event_date\": \(text(c.eventDate)), "
                + "\"status\": \(text(c.status ?? "pending")), \"total\": \(number(c.total)), "
                + "\"payable_now\": \(number(c.payableNow))}"
        }
        return """
            {
              "nik": \(text(nik)),
              "name": \(text(name)),
              "birth_date": \(text(birthDate)),
              "sex": \(text(sex)),
              "memberships": \(block(memberships)),
              "jht_balance": \(number(jhtBalance)),
              "claims": \(block(claims))
            }
            """
    }
}
