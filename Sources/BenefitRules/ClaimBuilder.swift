/// Collects the lines, scholarships and notes of one claim while the program calculators run, in result order
/// (RULEBOOK §11).
struct ClaimBuilder {
    /// A warning, or a denial that becomes `not payable: …` unless the whole claim is rejected (§2.1).
    enum Note: Equatable {
        case text(String)
        case denial(String)
    }

    let claim: Case
    let rules: RegimeRules
    var lines: [ClaimLine] = []
    var scholarships: [ScholarshipAward] = []
    var notes: [Note] = []
    var denials: [String] = []
    var monthlyPension: MonthlyPension?
    var regime: [RegimeEntry] = []

    init(claim: Case, rules: RegimeRules) {
        self.claim = claim
        self.rules = rules
        lines.reserveCapacity(8)
        notes.reserveCapacity(4)
    }

    var eventDate: CivilDate { claim.event.date }
    var claimDate: CivilDate { claim.claimDate }
    var participantPayee: Payee { Payee(role: .participant, nik: claim.participant.nik) }

    /// Adds a line and, once per key, the warning of every unconfirmed parameter it read (§11.5).
    mutating func add(_ line: ClaimLine) {
        lines.append(line)
        for use in line.parameters where !use.confirmed {
            warn(use.unconfirmedWarning)
        }
    }

    /// A line of this claim with the claim date as due date, paid at once.
    mutating func addLumpSum(
        _ program: Program, _ item: String, suffix: String? = nil, amount: Rupiah, payee: Payee,
        formula: LineFormula, basis: String, parameters: [ParameterUse]
    ) {
        add(
            ClaimLine(
                caseID: claim.caseID, program: program, item: item, idSuffix: suffix, amount: amount, payee: payee,
                schedule: .lumpSum, due: claimDate, formula: formula, basis: basis, parameters: parameters))
    }

    /// Adds a warning unless the same text is already there.
    mutating func warn(_ text: String) {
        let note = Note.text(text)
        if !notes.contains(note) { notes.append(note) }
    }

    /// Records why a program pays nothing.
    mutating func deny(_ reason: String) {
        denials.append(reason)
        notes.append(.denial(reason))
    }
}
