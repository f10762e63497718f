public import SantunanValues

/// One claim case: a participant, one event and the heirs (CONTRACT §2).
///
/// Build it with ``Case/parse(_:)-(some Collection<UInt8>)`` from the case-file bytes; the parser checks every rule of
/// RULEBOOK §10 except the scholarship and payee checks that need the computation.
public struct Case: Hashable, Sendable {
    public var caseID: String
    /// The day the claim was filed: used only for expiry, waits, due dates and `payable_now` (RULEBOOK §0).
    public var claimDate: CivilDate
    public var participant: Participant
    public var event: Event
    public var heirs: [Heir]

    public init(caseID: String, claimDate: CivilDate, participant: Participant, event: Event, heirs: [Heir]) {
        self.caseID = caseID
        self.claimDate = claimDate
        self.participant = participant
        self.event = event
        self.heirs = heirs
    }

    /// The membership with `kpj`, if any.
    public func membership(kpj: String) -> Membership? {
        participant.memberships.first { $0.kpj == kpj }
    }

    /// The KPJ that identifies this case's event: `event.membership` when given (work accidents), else the first
    /// membership's KPJ (docs/claims-schema.md). A fact of the case, so the submission (SantunanApp) and the queue
    /// (HeirQueue) read it here rather than one borrowing the other's.
    public var eventKPJ: String {
        event.membership ?? participant.memberships.first?.kpj ?? ""
    }
}

/// The event a case claims for (`event`).
public struct Event: Hashable, Sendable {
    public var type: EventType
    /// The event date, which chooses the regime (RULEBOOK §0, D1).
    public var date: CivilDate
    /// The KPJ of the membership under which a work accident happened.
    public var membership: String?
    public var accident: Accident?

    public init(type: EventType, date: CivilDate, membership: String?, accident: Accident?) {
        self.type = type
        self.date = date
        self.membership = membership
        self.accident = accident
    }
}
