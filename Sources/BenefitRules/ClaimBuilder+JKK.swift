import SantunanValues

extension ClaimBuilder {
    /// JKK of the membership in `event.membership` (RULEBOOK §5): treatment, transport, home care, STMB, disability
    /// and death lines, after the coverage (§2.1) and expiry (§5.4) checks.
    ///
    /// - Returns: whether JKK scholarships are due (a covered, unexpired death or total permanent disability).
    mutating func computeJKK(heirs: HeirResolution?) -> Bool {
        guard let kpj = claim.event.membership, let membership = claim.membership(kpj: kpj) else { return false }
        if let reason = Coverage.denial(membership, .jkk, on: eventDate) {
            deny(reason)
            return false
        }
        if let years = rules.expiryYears.value, claimDate > eventDate.adding(years: Int(years)) {
            deny(
                "JKK claim expired: filed \(claimDate), more than \(years) years after the accident on \(eventDate) "
                    + "(\(rules.expiryYears.basis))")
            return false
        }
        let wage = membership.reportedWage
        let isDeath = claim.event.type.isDeath
        let benefitPayee = heirs?.santunan ?? participantPayee
        let stmbPayee =
            membership.segment == .nonWageEarner
            ? participantPayee : Payee(role: .employer, nik: nil, npp: membership.employer.npp)
        var total = false
        if let accident = claim.event.accident {
            addTreatment(accident, payee: benefitPayee)
            if accident.incapacityMonths > 0 {
                addSTMB(months: accident.incapacityMonths, wage: wage, payee: stmbPayee)
            }
            if !isDeath && claim.event.type == .workAccident {
                if accident.totalPermanent {
                    total = true
                    addTotalDisability(wage: wage)
                    if !accident.injuries.isEmpty {
                        warn(
                            "injuries listed with total_permanent are not paid separately: the total disability "
                                + "benefit covers them (RULEBOOK §5.2)")
                    }
                } else if !accident.injuries.isEmpty {
                    addPartialDisability(accident, wage: wage)
                }
            }
        }
        if isDeath, let heirs { addDeath(wage: wage, heirs: heirs) }
        return isDeath || total
    }

    mutating func addTreatment(_ accident: Accident, payee: Payee) {
        if accident.medical > .zero {
            let cap = rules.medicalCap
            let amount = cap.value.map { min(accident.medical, Rupiah($0)) } ?? accident.medical
            addLumpSum(
                .jkk, "jkk.medical", amount: amount, payee: payee,
                formula: .medical(claimed: accident.medical, cap: cap.value.map { Rupiah($0) }), basis: cap.basis,
                parameters: cap.uses)
        }
        if !accident.transport.isEmpty {
            var parts: [LineFormula.TransportPart] = []
            var uses: [ParameterUse] = []
            var amount = Rupiah.zero
            for (index, mode) in TransportClaim.Mode.allCases.enumerated() {
                var claimed = Rupiah.zero
                var used = false
                for trip in accident.transport where trip.mode == mode {
                    claimed = claimed + trip.amount
                    used = true
                }
                guard used else { continue }
                let cap = rules.transportCaps[index]
                parts.append(LineFormula.TransportPart(mode: mode, claimed: claimed, cap: cap.rupiah))
                uses.append(cap.use)
                amount = amount + min(claimed, cap.rupiah)
            }
            addLumpSum(
                .jkk, "jkk.transport", amount: amount, payee: payee, formula: .transport(parts),
                basis: rules.transportCaps[0].basis, parameters: uses)
        }
        if accident.homeCare > .zero {
            let cap = rules.homeCareCap
            if let limit = cap.value {
                addLumpSum(
                    .jkk, "jkk.home_care", amount: min(accident.homeCare, Rupiah(limit)), payee: payee,
                    formula: .capped(claimed: accident.homeCare, cap: Rupiah(limit)), basis: cap.basis,
                    parameters: cap.uses)
            } else {
                warn(
                    "home care is not covered before PP 82/2019 (Lampiran III huruf A angka 1 huruf m): "
                        + "\(accident.homeCare) not paid")
            }
        }
    }

    /// STMB: `rhu(U × Σ pct(m) / 10000)` over the regime schedule (§5.2).
    mutating func addSTMB(months: Int, wage: Rupiah, payee: Payee) {
        var remaining = months
        var steps: [LineFormula.StmbStep] = []
        var sum: Int64 = 0
        for step in rules.stmbSteps where remaining > 0 {
            let taken = min(remaining, step.months ?? remaining)
            steps.append(LineFormula.StmbStep(months: taken, bp: step.bp))
            sum += Int64(taken) * step.bp
            remaining -= taken
        }
        let amount = Rounding.halfUp(Int128(wage.value) * Int128(sum), 10_000)
        addLumpSum(
            .jkk, "jkk.stmb", amount: Rupiah(amount), payee: payee, formula: .stmb(steps: steps, wage: wage),
            basis: rules.stmb.basis, parameters: rules.stmb.uses)
    }

    mutating func addTotalDisability(wage: Rupiah) {
        let pct = rules.totalPct
        let months = rules.wageMonths
        let amount = Rounding.halfUp(Int128(wage.value) * Int128(months.value) * Int128(pct.value), 10_000)
        addLumpSum(
            .jkk, "jkk.disability_total", amount: Rupiah(amount), payee: participantPayee,
            formula: .disabilityTotal(bp: pct.value, wageMonths: months.value, wage: wage), basis: pct.basis,
            parameters: rules.totalDisabilityUses)
        let periodic = rules.disabilityPeriodic
        addLumpSum(
            .jkk, "jkk.disability_periodic", amount: periodic.rupiah, payee: participantPayee,
            formula: .paidAtOnce(periodic.rupiah), basis: periodic.basis, parameters: periodic.uses)
    }

    /// Partial disability: `rhu(min(Σ p_i, cap) × 80 × U / 10000)` with `p_i` = table bp × function loss (§5.2, R1).
    mutating func addPartialDisability(_ accident: Accident, wage: Rupiah) {
        let months = rules.wageMonths
        var uses: [ParameterUse] = [months.use]
        var parts: [LineFormula.InjuryPart] = []
        // Percentages × 100 so that a function loss stays an exact integer.
        var sum: Int64 = 0
        for injury in accident.injuries {
            let code = accident.leftHanded ? InjuryTable.leftHandedCode(injury.code) : injury.code
            guard let rated = rules.table[code] else { continue }
            if !uses.contains(where: { $0.key == rated.use.key }) { uses.append(rated.use) }
            sum += rated.value * Int64(injury.functionLossPercent ?? 100)
            parts.append(
                LineFormula.InjuryPart(
                    code: code, bp: rated.value, functionLossPercent: injury.functionLossPercent,
                    leftHanded: code != injury.code))
        }
        var cap: Int64?
        if sum > rules.partialCap.value * 100 {
            sum = rules.partialCap.value * 100
            cap = rules.partialCap.value
            uses.append(rules.partialCap.use)
        }
        let amount = Rounding.halfUp(Int128(sum) * Int128(months.value) * Int128(wage.value), 1_000_000)
        addLumpSum(
            .jkk, "jkk.disability_partial", amount: Rupiah(amount), payee: participantPayee,
            formula: .disabilityPartial(parts: parts, cap: cap, wageMonths: months.value, wage: wage),
            basis: months.basis, parameters: uses)
    }

    mutating func addDeath(wage: Rupiah, heirs: HeirResolution) {
        let multiplier = rules.deathMultiplier
        let minimum = rules.deathMinimum
        let amount = rules.workAccidentDeathBenefit(wage: wage)
        addLumpSum(
            .jkk, "jkk.death", amount: amount, payee: heirs.santunan,
            formula: .jkkDeath(multiplier: multiplier.value, wage: wage, minimum: minimum.rupiah),
            basis: multiplier.basis, parameters: rules.deathUses)
        let funeral = rules.jkkFuneral
        addLumpSum(
            .jkk, "jkk.funeral", amount: funeral.rupiah, payee: heirs.funeral, formula: .fixed(funeral.rupiah),
            basis: funeral.basis, parameters: funeral.uses)
        let periodic = rules.jkkDeathPeriodic
        addLumpSum(
            .jkk, "jkk.death_periodic", amount: periodic.rupiah, payee: heirs.santunan,
            formula: .paidAtOnce(periodic.rupiah), basis: periodic.basis, parameters: periodic.uses)
    }
}
