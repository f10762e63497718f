public import BenefitRules
import ClaimStore
public import Postgres
public import SantunanValues

/// `claim event ID --remarried DATE | --child-working NIK DATE | --child-married NIK DATE`: records what ends a JP
/// survivor's share after the award (RULEBOOK §9.7), for every later `payouts due` (issue 16).
///
/// The claim result is not recomputed: it reports the award, and the payout path reads the events month by month. An
/// event recorded after months were paid makes the next `payouts due` record those months' recovery.
public enum ClaimEvents {
    /// A recorded event.
    public struct Recorded: Sendable, Hashable {
        public var claimID: Int64
        public var kind: PensionInPayment.SurvivorEvent.Kind
        public var nik: String
        public var date: CivilDate
        /// Who the database recorded as acting (`santunan_actor`).
        public var recordedBy: String
    }

    /// Records one event on a computed claim with a JP monthly pension.
    ///
    /// - Parameters:
    ///   - reference: the claim id or case id.
    ///   - nik: the child's NIK for a child event; for `remarried`, `nil` (the pension's recipient).
    /// - Throws: 66 when no claim has the reference; 65 when the claim has no pension the event can end, the NIK is
    ///   not a child sharing it, the date is before the death, or the same event is already recorded.
    public static func record(
        reference: String, kind: PensionInPayment.SurvivorEvent.Kind, nik: String?, date: CivilDate, user: String,
        on connection: Connection
    ) throws(AppError) -> Recorded {
        do {
            return try connection.transaction { connection throws -> Recorded in
                let id = try SubmissionStore.resolve(reference, on: connection)
                let found = try connection.execute(
                    """
                    SELECT c.result->'monthly_pension'->>'kind', c.result->'monthly_pension'->>'recipient',
                           s.event_date::text, c.status
                    FROM claims c JOIN submissions s ON s.id = c.id WHERE c.id = \(id)
                    """)
                guard found.rowCount > 0 else {
                    throw AppError(.invalidData, field: reference, reason: "the claim is not computed yet")
                }
                let pensionKind: String? = try found[0, 0]
                let recipient: String? = try found[0, 1]
                let eventDate: String = try found[0, 2]
                guard let pensionKind else {
                    throw AppError(.invalidData, field: reference, reason: "the claim has no JP monthly pension")
                }
                let subject: String
                switch kind {
                case .remarried:
                    guard pensionKind == PensionKind.widow.rawValue, let recipient else {
                        throw AppError(
                            .invalidData, field: "--remarried",
                            reason: "the claim's JP pension is a \(pensionKind) pension, not a widow's or widower's")
                    }
                    if let nik, nik != recipient {
                        throw AppError(
                            .invalidData, field: "--remarried", reason: "the NIK given is not the pension's recipient")
                    }
                    subject = recipient
                case .childMarried, .childWorking:
                    let option = kind == .childMarried ? "--child-married" : "--child-working"
                    guard pensionKind == PensionKind.child.rawValue else {
                        throw AppError(
                            .invalidData, field: option,
                            reason: "the claim's JP pension is a \(pensionKind) pension, not a child's pension")
                    }
                    guard let nik else { throw AppError(.usage, field: option, reason: "name the child's NIK") }
                    let children = try sharingChildren(claimID: id, on: connection)
                    guard children.contains(where: { $0.nik == nik }) else {
                        throw AppError(
                            .invalidData, field: option,
                            reason: "the NIK given is not a child sharing this claim's JP pension (RULEBOOK §9.7)")
                    }
                    subject = nik
                }
                if let death = CivilDate(iso: eventDate), date < death {
                    throw AppError(.invalidData, field: "DATE", reason: "\(date) is before the death on \(death)")
                }
                // Through claim_event_record (Schema/0013): it locks the claim, checks the event fits its pension
                // again, and records the actor; NULL when the same event is already recorded.
                let recordedBy: String? = try connection.execute(
                    """
                    SELECT claim_event_record(\(user), \(id), \(kind.rawValue), \(subject), \(date.description)::date)
                    """)[0, 0]
                guard let recordedBy else {
                    throw AppError(
                        .invalidData, field: reference,
                        reason: "\(kind.rawValue) of this person is already recorded on this claim")
                }
                return Recorded(claimID: id, kind: kind, nik: subject, date: date, recordedBy: recordedBy)
            }
        } catch let error as AppError {
            throw error
        } catch let error as PostgresError where error.sqlState == "SR005" {
            // Refused by claim_event_record: an event the claim's pension cannot have.
            throw AppError(.invalidData, field: reference, reason: error.oneLineMessage)
        } catch {
            throw SubmissionService.appError(error)
        }
    }

    /// The children who share the claim's child pension, read from the stored case as the payout path reads them.
    static func sharingChildren(claimID: Int64, on connection: Connection) throws -> [JPSurvivorCandidate] {
        let result = try connection.execute(
            """
            SELECT h->>'nik', h->>'birth_date', coalesce(h->>'married', 'false') = 'true',
                   coalesce(h->>'working', 'false') = 'true', s.event_date::text
            FROM submissions s CROSS JOIN LATERAL json_array_elements(s.case_document->'heirs') WITH ORDINALITY e(h, n)
            WHERE s.id = \(claimID) AND h->>'relation' = 'child'
            ORDER BY e.n
            """)
        var candidates: [JPSurvivorCandidate] = []
        var deathDate: CivilDate?
        for row in result {
            let birth: String? = try row[1]
            candidates.append(
                JPSurvivorCandidate(
                    relation: .child, nik: try row[0], birthDate: birth.flatMap { CivilDate(iso: $0) },
                    married: try row[2], working: try row[3]))
            deathDate = CivilDate(iso: try row[4] as String)
        }
        guard let deathDate else { return [] }
        return PensionInPayment.sharingChildren(among: candidates, deathDate: deathDate)
    }
}
