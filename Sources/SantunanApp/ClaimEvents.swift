public import BenefitRules
import ClaimStore
public import Postgres

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
                guard let facts = try SubmissionStore.pensionFacts(claimID: id, on: connection) else {
                    throw AppError(.invalidData, field: reference, reason: t("claims.error.not-computed"))
                }
                let (pensionKind, recipient, eventDate) = (facts.kind, facts.recipient, facts.eventDate)
                guard let pensionKind else {
                    throw AppError(.invalidData, field: reference, reason: t("claims.error.no-pension"))
                }
                let subject: String
                switch kind {
                case .remarried:
                    guard pensionKind == PensionKind.widow.rawValue, let recipient else {
                        throw AppError(
                            .invalidData, field: "--remarried",
                            reason: t("claims.error.not-widow-pension", ["kind": .text(pensionKind)]))
                    }
                    if let nik, nik != recipient {
                        throw AppError(
                            .invalidData, field: "--remarried", reason: t("claims.error.not-recipient"))
                    }
                    subject = recipient
                case .childMarried, .childWorking:
                    let option = kind == .childMarried ? "--child-married" : "--child-working"
                    guard pensionKind == PensionKind.child.rawValue else {
                        throw AppError(
                            .invalidData, field: option,
                            reason: t("claims.error.not-child-pension", ["kind": .text(pensionKind)]))
                    }
                    guard let nik else { throw AppError(.usage, field: option, reason: t("claims.error.child-nik")) }
                    let children = try sharingChildren(claimID: id, on: connection)
                    guard children.contains(where: { $0.nik == nik }) else {
                        throw AppError(
                            .invalidData, field: option,
                            reason: t("claims.error.not-sharing-child"))
                    }
                    subject = nik
                }
                if let death = CivilDate(iso: eventDate), date < death {
                    throw AppError(
                        .invalidData, field: "DATE",
                        reason: t(
                            "claims.error.before-death",
                            [
                                "date": ClaimPage.isoDate(date.description),
                                "death": ClaimPage.isoDate(death.description),
                            ]))
                }
                // Through claim_event_record (Schema/0013): it locks the claim, checks the event fits its pension
                // again, and records the actor; nil when the same event is already recorded.
                let recordedBy = try SubmissionStore.recordEvent(
                    claimID: id, kind: kind.rawValue, subjectNIK: subject, date: date.description, user: user,
                    on: connection)
                guard let recordedBy else {
                    throw AppError(
                        .invalidData, field: reference,
                        reason: t("claims.error.event-recorded", ["event": .text(kind.rawValue)]))
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
        guard let facts = try SubmissionStore.pensionFacts(claimID: claimID, on: connection),
            let deathDate = CivilDate(iso: facts.eventDate)
        else { return [] }
        let candidates = try SubmissionStore.childHeirs(submissionID: claimID, on: connection).map { heir in
            JPSurvivorCandidate(
                relation: .child, nik: heir.nik, birthDate: heir.birthDate.flatMap { CivilDate(iso: $0) },
                married: heir.married, working: heir.working)
        }
        return PensionInPayment.sharingChildren(among: candidates, deathDate: deathDate)
    }
}
