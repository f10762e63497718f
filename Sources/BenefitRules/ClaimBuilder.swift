import SantunanValues

/// Collects the lines, scholarships and notes of one claim while the program calculators run, in result order
/// (RULEBOOK §11).
struct ClaimBuilder {
    /// The case being computed, read in place: the builder lives inside ``ClaimCalculator/computeValidated(_:)``'s
    /// `withUnsafePointer(to:)`, and a copy of the case would retain each of its heap fields once per claim.
    private let casePointer: UnsafePointer<Case>
    let rules: RegimeRules
    var lines: [ClaimLine] = []
    var scholarships: [ScholarshipAward] = []
    /// The result's warnings in order: warnings, and denials as `not payable: …` (§2.1, §11.5); the result takes
    /// this array as it is.
    var warnings: [String] = []
    /// The positions of the denials in `warnings` (left out when the whole claim is rejected, §2.1).
    var denialPositions: [Int] = []
    var denials: [String] = []
    var monthlyPension: MonthlyPension?
    /// The heirs of a death claim, once resolved (the payee of its JHT and JP lump sums).
    var heirs: HeirResolution?
    /// The programs evaluated so far, for the `regime` array (§0.1).
    var regimePrograms = RegimeRules.Evaluated()

    /// A builder for the case at `claim`, which must stay valid (and unchanged) while the builder is used.
    init(claim: UnsafePointer<Case>, rules: RegimeRules) {
        casePointer = claim
        self.rules = rules
        // Room for the lines of most claims: JHT (and JP) for a living participant, up to eight for a death.
        let type = claim.pointee.event.type
        lines.reserveCapacity(type.isDeath || type.isWorkRelated ? 8 : 2)
    }

    /// The case, borrowed from where it lies (no copy).
    var claim: Case { unsafeAddress { casePointer } }

    /// The `regime` array of the programs evaluated, in result order (prebuilt per regime snapshot).
    var regime: [RegimeEntry] { rules.regimeEntries[regimePrograms.rawValue] }

    var eventDate: CivilDate { claim.event.date }
    var claimDate: CivilDate { claim.claimDate }
    var participantPayee: Payee { Payee(role: .participant, nik: claim.participant.nik) }

    /// Adds a line and, once per key, the warning of every unconfirmed parameter it read (§11.5).
    mutating func add(_ line: consuming ClaimLine) {
        for use in line.parameters where !use.confirmed {
            warn(use.unconfirmedWarning)
        }
        lines.append(line)
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

    /// Adds a warning unless the same warning (not a denial) is already there.
    mutating func warn(_ text: String) {
        for index in warnings.indices where warnings[index] == text {
            if !denialPositions.contains(index) { return }
        }
        // Claims with warnings mostly have two to four (the JHT wait, unconfirmed rates): one allocation for them.
        if warnings.capacity == 0 { warnings.reserveCapacity(4) }
        warnings.append(text)
    }

    /// Adds each warning of `list` (already without repeats) unless it is already there; the first warnings of a
    /// claim take the list as it is (often a prebuilt list shared by many claims).
    mutating func warn(contentsOf list: [String]) {
        guard !warnings.isEmpty else {
            warnings = list
            return
        }
        for warning in list { warn(warning) }
    }

    /// Records why a program pays nothing.
    mutating func deny(_ reason: String) {
        denials.append(reason)
        denialPositions.append(warnings.count)
        warnings.append("not payable: " + reason)
    }

    /// The warnings without the denials, for a rejected claim (its denials are its reasons).
    var warningsWithoutDenials: [String] {
        guard !denialPositions.isEmpty else { return warnings }
        return warnings.indices.filter { !denialPositions.contains($0) }.map { warnings[$0] }
    }
}
