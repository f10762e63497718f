import SantunanValues

extension ClaimBuilder {
    /// JKM for every membership with JKM covered on the death date (RULEBOOK §6, D6, D7), then the one set of JKM
    /// scholarships when the masa iur reaches the regime threshold (§6.2, R18).
    mutating func computeJKM(heirs: HeirResolution) throws(CaseError) {
        let memberships = claim.participant.memberships
        var paying: [Int] = []
        for index in memberships.indices where memberships[index].has(.jkm) {
            if let reason = Coverage.denial(memberships[index], .jkm, on: eventDate) {
                deny(reason)
            } else {
                paying.append(index)
            }
        }
        if paying.count > 1 { warn("\(paying.count) active memberships: one JKM benefit per membership (D6)") }
        var fullBenefit = false
        for index in paying {
            let membership = memberships[index]
            let suffix = paying.count > 1 ? membership.kpj : nil
            if let months = rules.bpuLimitedMonths.value, membership.segment == .nonWageEarner,
                eventDate < membership.start.adding(months: Int(months)),
                let death = rules.bpuLimitedDeath.value, let funeral = rules.bpuLimitedFuneral.value
            {
                let monthsUse = rules.bpuLimitedMonths.use
                addLumpSum(
                    .jkm, "jkm.death", suffix: suffix, amount: Rupiah(death), payee: heirs.santunan,
                    formula: .bpuLimited(Rupiah(death), since: membership.start, months: months),
                    basis: rules.bpuLimitedDeath.basis, parameters: [monthsUse, rules.bpuLimitedDeath.use])
                addLumpSum(
                    .jkm, "jkm.funeral", suffix: suffix, amount: Rupiah(funeral), payee: heirs.funeral,
                    formula: .fixed(Rupiah(funeral)), basis: rules.bpuLimitedFuneral.basis,
                    parameters: [monthsUse, rules.bpuLimitedFuneral.use])
                warn(
                    "BPU membership \(membership.kpj) shorter than \(months) months: limited JKM, no periodic "
                        + "benefit, no scholarship (D7)")
                continue
            }
            fullBenefit = true
            let death = rules.jkmDeath
            addLumpSum(
                .jkm, "jkm.death", suffix: suffix, amount: death.rupiah, payee: heirs.santunan,
                formula: .fixed(death.rupiah), basis: death.basis, parameters: death.uses)
            let funeral = rules.jkmFuneral
            addLumpSum(
                .jkm, "jkm.funeral", suffix: suffix, amount: funeral.rupiah, payee: heirs.funeral,
                formula: .fixed(funeral.rupiah), basis: funeral.basis, parameters: funeral.uses)
            let periodic = rules.jkmPeriodic
            addLumpSum(
                .jkm, "jkm.periodic", suffix: suffix, amount: periodic.rupiah, payee: heirs.santunan,
                formula: .paidAtOnce(periodic.rupiah), basis: periodic.basis, parameters: periodic.uses)
        }
        guard fullBenefit, let threshold = rules.jkmScholarshipMonths.value,
            claim.heirs.contains(where: { $0.relation == .child })
        else { return }
        // The masa iur needs every JKM history offline (§2.3).
        for index in memberships.indices where memberships[index].has(.jkm) && memberships[index].contributions == nil {
            throw CaseError(
                .missingHistory, path: "participant.memberships[\(index)].contributions",
                reason: "is required to compute the JKM scholarship masa iur offline (no database)")
        }
        let masaIur = PaidMonths.count(
            of: .jkm, memberships: claim.participant.memberships, eventMonth: eventDate.yearMonth,
            claimDate: claimDate)
        if masaIur < threshold {
            warn(
                "no JKM scholarship: masa iur \(masaIur) months < \(threshold) months "
                    + "(\(rules.jkmScholarshipMonths.basis))")
            return
        }
        try computeScholarships(program: .jkm)
    }
}
