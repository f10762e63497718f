/// A claim computation failed: the case is invalid (exit 65) or the configuration cannot answer it (exit 70).
public enum ClaimError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A check made during the computation (scholarship designation, payee, missing history; RULEBOOK §10 step 3).
    case invalidCase(CaseError)
    /// A parameter has no value for a date the claim needs.
    case configuration(ParameterError)

    public var description: String {
        switch self {
        case .invalidCase(let error): return error.description
        case .configuration(let error): return "error: config: \(error.description)"
        }
    }
}

/// Computes claim results from cases: pure, no IO, no clock (the claim date is in the case).
///
/// Build it once per ``ParameterSet``; it resolves the regime parameters into typed snapshots and the JHT and JP
/// tables up front, so ``compute(_:)`` does no string-keyed lookup.
///
/// ```swift
/// let parameters = try ConfigLoader.load(documents)
/// let calculator = try ClaimCalculator(parameters: parameters)
/// let result = try calculator.compute(try Case.parse(bytes))
/// let json = result.jsonBytes()     // people read it through SantunanApp's ClaimResultText
/// ```
public struct ClaimCalculator: Sendable {
    let timeline: RegimeTimeline
    let jht: JHTCalculator
    let savings: SavingsBridge
    /// The documents accepted in place of a required one (`config/documents.rules`); none unless set.
    public var documentSubstitutes: DocumentSubstitutes = .none

    /// Resolves every parameter the claim rules read; throws naming the parameter and date that is missing.
    public init(parameters: ParameterSet) throws(ParameterError) {
        timeline = try RegimeTimeline(parameters)
        jht = try JHTCalculator(parameters: parameters)
        savings = try SavingsBridge(parameters: parameters)
    }

    /// Computes `claim` with `parameters` in one call (resolves the parameters each time; reuse a calculator for
    /// bulk work).
    public static func compute(_ claim: Case, parameters: ParameterSet) throws(ClaimError) -> ClaimResult {
        let calculator: ClaimCalculator
        do {
            calculator = try ClaimCalculator(parameters: parameters)
        } catch {
            throw .configuration(error)
        }
        return try calculator.compute(claim)
    }

    /// Computes one claim (RULEBOOK §1–§11).
    public func compute(_ claim: Case) throws(ClaimError) -> ClaimResult {
        do {
            return try computeValidated(claim)
        } catch {
            throw .invalidCase(error)
        }
    }

    func computeValidated(_ claim: Case) throws(CaseError) -> ClaimResult {
        try withUnsafePointer(to: claim) { (casePointer) throws(CaseError) -> ClaimResult in
            try computeValidated(claim, at: casePointer)
        }
    }

    /// `claim` and a pointer to it for the builder, which reads the case in place.
    private func computeValidated(_ claim: Case, at casePointer: UnsafePointer<Case>) throws(CaseError) -> ClaimResult {
        let rules = timeline.rules(on: claim.event.date)
        var builder = ClaimBuilder(claim: casePointer, rules: rules)
        let type = claim.event.type
        let memberships = claim.participant.memberships
        let totalPermanent = claim.event.accident?.totalPermanent ?? false

        // Which programs this event evaluates (§1), for the regime array (§0.1).
        let evaluatesJKK = type.isWorkRelated
        let evaluatesJKM = type == .death && memberships.anyHas(.jkm)
        if evaluatesJKK { builder.regimePrograms.insert(.jkk) }
        if evaluatesJKM { builder.regimePrograms.insert(.jkm) }

        var heirs: HeirResolution?
        if type.isDeath {
            let resolution = try HeirResolution.resolve(claim.heirs, rules: rules)
            if let reason = resolution.notAHeir {
                return rejected(claim, builder: builder, reasons: [reason])
            }
            if let warning = resolution.warning { builder.warn(warning) }
            heirs = resolution
        }

        if evaluatesJKK {
            if builder.computeJKK(heirs: heirs) { try builder.computeScholarships(program: .jkk) }
        }
        if evaluatesJKM, let heirs { try builder.computeJKM(heirs: heirs) }

        try checkSavingsHistories(claim, totalPermanent: totalPermanent)
        builder.heirs = heirs
        if jht.evaluate(
            participant: claim.participant, eventType: type, eventDate: claim.event.date, claimDate: claim.claimDate,
            totalPermanent: totalPermanent, into: &builder)
        {
            builder.regimePrograms.insert(.jht)
        }
        savings.computeJP(claim, totalPermanent: totalPermanent, heirs: heirs, builder: &builder)

        return try ClaimCalculator.checkAmounts(assemble(claim, builder: builder, heirs: heirs))
    }

    /// §2.3: offline, JHT without a statement needs every JHT history, and JP without a JP statement every JP
    /// history (with a statement the JP calculator decides from the membership dates, R26).
    func checkSavingsHistories(_ claim: Case, totalPermanent: Bool) throws(CaseError) {
        let type = claim.event.type
        if JHTCalculator.isTriggered(by: type, totalPermanent: totalPermanent), claim.participant.jhtStatement == nil,
            let index = claim.participant.memberships.firstWithoutHistory(.jht)
        {
            throw CaseError(
                .missingHistory, path: "participant.memberships[\(index)].contributions",
                reason: "is required to compute the JHT balance offline (no database)")
        }
        if SavingsBridge.evaluatesJP(type, totalPermanent: totalPermanent), claim.participant.jpStatement == nil,
            let index = claim.participant.memberships.firstWithoutHistory(.jp)
        {
            throw CaseError(
                .missingHistory, path: "participant.memberships[\(index)].contributions",
                reason: "is required to compute the JP benefit offline (no database)")
        }
    }

    func rejected(_ claim: Case, builder: ClaimBuilder, reasons: [String]) -> ClaimResult {
        return ClaimResult(
            caseID: claim.caseID, status: .rejected, reasons: reasons, regime: builder.regime, lines: [],
            scholarships: [], monthlyPension: nil, total: .zero, payableNow: .zero,
            warnings: builder.warningsWithoutDenials)
    }

    /// Refuses a result with a line, an installment, a monthly pension or a total above
    /// ``CaseBounds/largestAmount`` (or below zero), naming the line's item (`jht.balance`) or `total`.
    ///
    /// The case bounds keep every realistic claim far below it; a result beyond it comes from inputs at the edge of
    /// the bounds, and the balances hold at `Int64.max` rather than wrap (``JHTCalculator/saturating(_:_:)``), so
    /// this one check stands between an absurd amount and a payment (issue 15).
    static func checkAmounts(_ result: ClaimResult) throws(CaseError) -> ClaimResult {
        func check(_ amount: Rupiah, _ path: String) throws(CaseError) {
            guard amount.value >= 0, amount.value <= CaseBounds.largestAmount else {
                throw CaseError(
                    .outOfRange, path: path,
                    reason: amount.value < 0
                        ? "\(amount) is negative"
                        : "\(amount) exceeds \(Rupiah(CaseBounds.largestAmount)), the largest amount a claim may pay")
            }
        }
        for line in result.lines { try check(line.amount, line.item) }
        for award in result.scholarships {
            for installment in award.installments { try check(installment.amount, "scholarship") }
            try check(award.commitment, "scholarship")
        }
        if let pension = result.monthlyPension { try check(pension.amount, "jp.monthly") }
        try check(result.total, "total")
        try check(result.payableNow, "payable_now")
        return result
    }

    /// §11.3–§11.5: totals, status and warnings.
    func assemble(_ claim: Case, builder: consuming ClaimBuilder, heirs: HeirResolution?) -> ClaimResult {
        guard !builder.lines.isEmpty else {
            let reasons =
                builder.denials.isEmpty
                ? ["no benefit: the event gives no payable line (RULEBOOK §1)"] : builder.denials
            return rejected(claim, builder: builder, reasons: reasons)
        }
        var total = Rupiah.zero
        var payableNow = Rupiah.zero
        builder.lines.withUnsafeBufferPointer { lines in
            for index in lines.indices {
                let amount = lines[index].amount
                switch lines[index].schedule {
                case .lumpSum:
                    total = Rupiah(JHTCalculator.saturating(total.value, amount.value))
                    if lines[index].due <= claim.claimDate {
                        payableNow = Rupiah(JHTCalculator.saturating(payableNow.value, amount.value))
                    }
                case .yearly:
                    total = Rupiah(JHTCalculator.saturating(total.value, amount.value))
                case .monthly:
                    break
                }
            }
        }
        for award in builder.scholarships {
            // A PP 44 one-off scholarship is already counted by its lump-sum line.
            guard builder.rules.scheme == .pp82Yearly else { break }
            for installment in award.installments where installment.due <= claim.claimDate {
                payableNow = Rupiah(JHTCalculator.saturating(payableNow.value, installment.amount.value))
            }
        }
        var reasons: [String] = []
        if claim.event.type.isDeath, let heirs {
            let wageList =
                claim.event.membership.flatMap { claim.membership(kpj: $0) }.map { $0.segment != .nonWageEarner }
                ?? false
            let spouseEntitled =
                heirs.entitledClass == 1 && claim.heirs.indices.contains { claim.heirs[$0].relation == .spouse }
            let required = DocumentChecklist.required(
                for: claim.event.type, spouseEntitled: spouseEntitled, noHeir: heirs.entitledClass == nil,
                wageListSegment: wageList)
            for document in DocumentChecklist.missing(required, heirs: claim.heirs, substitutes: documentSubstitutes) {
                reasons.append("missing document: " + document.rawValue)
            }
        }
        return ClaimResult(
            caseID: claim.caseID, status: reasons.isEmpty ? .payable : .incomplete, reasons: reasons,
            regime: builder.regime, lines: builder.lines, scholarships: builder.scholarships,
            monthlyPension: builder.monthlyPension, total: total, payableNow: payableNow,
            warnings: builder.warnings)
    }
}

extension ClaimBuilder: SavingsOutput {
    /// Adds a JHT or JP line from the savings calculators, with their warnings (already in result order, including
    /// the unconfirmed-parameter ones) and denial reasons.
    mutating func addSavings(_ line: SavingsLine?, warnings: [String], reasons: [String]) {
        for reason in reasons { deny(reason) }
        if let line { add(line) }
        for warning in warnings { warn(warning) }
    }

    /// Adds a JHT or JP line, paid to the participant, the heirs' payee or the JP survivor.
    mutating func add(_ line: SavingsLine) {
        let payee: Payee
        switch line.payee {
        case .participant: payee = participantPayee
        case .heirs: payee = heirs?.santunan ?? participantPayee
        case .jpSurvivor(let nik): payee = Payee(role: .jpSurvivor, nik: nik)
        }
        let schedule: Schedule = line.schedule == .monthly ? .monthly : .lumpSum
        lines.append(
            ClaimLine(
                caseID: claim.caseID, program: line.program, item: line.item, amount: line.amount, payee: payee,
                schedule: schedule, due: line.due, formula: .savings(line.formulaParts), basis: line.basis,
                parameters: line.parameters))
    }
}
