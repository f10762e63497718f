import SantunanValues

/// The call site of the JP calculator (RULEBOOK §9) inside the claim assembly.
struct SavingsBridge: Sendable {
    let jp: JPCalculator

    init(parameters: ParameterSet) throws(ParameterError) {
        jp = try JPCalculator(parameters: parameters)
    }

    /// Whether the event evaluates JP (RULEBOOK §1): deaths, total permanent disability and old age.
    static func evaluatesJP(_ type: EventType, totalPermanent: Bool) -> Bool {
        switch type {
        case .death, .workAccidentDeath, .occupationalDiseaseDeath, .totalPermanentDisability, .oldAge: return true
        case .workAccident: return totalPermanent
        case .resignation, .layoff, .leaveIndonesia, .jhtPartialWithdrawal: return false
        }
    }

    /// The heirs as JP survivor candidates, in case order (the JP order of §9.7 is the calculator's).
    static func survivors(_ heirs: [Heir]) -> [JPSurvivorCandidate] {
        heirs.map { heir in
            let relation: JPSurvivorCandidate.Relation
            switch heir.relation {
            case .spouse: relation = .spouse
            case .child: relation = .child
            case .parent: relation = .parent
            default: relation = .other
            }
            return JPSurvivorCandidate(
                relation: relation, nik: heir.nik, birthDate: heir.birthDate, married: heir.married,
                working: heir.working)
        }
    }

    /// Adds the JP line (monthly pension or lump sum), its regime entry, warnings and denials.
    func computeJP(_ claim: Case, totalPermanent: Bool, heirs: HeirResolution?, builder: inout ClaimBuilder) {
        guard
            let outcome = jp.compute(
                participant: claim.participant, eventType: claim.event.type, eventDate: claim.event.date,
                claimDate: claim.claimDate, totalPermanent: totalPermanent,
                survivors: claim.event.type.isDeath ? SavingsBridge.survivors(claim.heirs) : [])
        else { return }
        builder.regimePrograms.insert(.jp)
        builder.addSavings(outcome.line, warnings: outcome.warnings, reasons: outcome.reasons)
        if outcome.line != nil { builder.monthlyPension = outcome.monthlyPension }
    }
}
