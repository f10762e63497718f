import SantunanValues

extension ClaimBuilder {
    /// The programme order of school years: TK 1–2, SD 1–6, SMP 1–3, SMA 1–3, PT 1–5 (RULEBOOK §7.1).
    static let programme: [Education.Level] = Education.Level.allCases.filter { $0 != .none }.flatMap { level in
        Array(repeating: level, count: level.grades)
    }

    /// The age at which a child not yet in school starts TK (R13).
    static let schoolStartAge = 4

    /// Scholarships of the regime for the children among the heirs (RULEBOOK §7): PP 82 yearly installments for up to
    /// two children, or the PP 44 lump sum for one; none under PP 53.
    mutating func computeScholarships(program: Program) throws(CaseError) {
        switch rules.scheme {
        case .none: return
        case .pp44OneChild: try computeOneChildScholarship(program: program)
        case .pp82Yearly: try computeYearlyScholarships(program: program)
        }
    }

    func age(_ heir: Heir, on date: CivilDate) -> Int {
        guard let birth = heir.birthDate else { return Int.max }
        return birth.age(on: date)
    }

    mutating func computeYearlyScholarships(program: Program) throws(CaseError) {
        let limit = Int(rules.ageLimit.value ?? 23)
        let maximum = Int(rules.maxChildren.value ?? 2)
        var candidates: [Int] = []
        var excluded: [Int: String] = [:]
        for (index, heir) in claim.heirs.enumerated() where heir.relation == .child {
            if age(heir, on: eventDate) >= limit || heir.married || heir.working {
                excluded[index] =
                    "heirs[\(index)] receives no scholarship installment (age limit 23, married or working)"
            } else if heir.education == nil {
                excluded[index] = "heirs[\(index)] has no education: no scholarship (RULEBOOK R13)"
            } else {
                candidates.append(index)
            }
        }
        let designated = claim.heirs.indices.filter {
            claim.heirs[$0].relation == .child && claim.heirs[$0].scholarship == true
        }
        var chosen: [Int]
        if !designated.isEmpty {
            if designated.count > maximum {
                throw CaseError(
                    .scholarshipDesignation, path: "heirs[\(designated[maximum])].scholarship",
                    reason: "at most \(maximum) children can be designated for a scholarship")
            }
            chosen = designated
        } else {
            let pool = candidates.filter { claim.heirs[$0].scholarship != false }
            if pool.count > maximum {
                throw CaseError(
                    .scholarshipDesignation, path: "heirs[\(pool[0])].scholarship",
                    reason: "\(pool.count) children are eligible for a scholarship and none is designated; mark at "
                        + "most \(maximum) with \"scholarship\": true")
            }
            chosen = pool
        }
        for index in claim.heirs.indices where excluded[index] != nil {
            // Only children who could have been chosen are worth a warning.
            if designated.isEmpty ? claim.heirs[index].scholarship != false : designated.contains(index) {
                warn(excluded[index]!)
            }
        }
        chosen = chosen.filter { excluded[$0] == nil }
        for index in chosen {
            let heir = claim.heirs[index]
            guard let award = yearlyAward(heir, limit: limit) else {
                warn("heirs[\(index)] receives no scholarship installment (age limit 23, married or working)")
                continue
            }
            var parts: [LineFormula.ScholarshipPart] = []
            var uses: [ParameterUse] = [rules.maxChildren.use]
            for installment in award.installments {
                if let last = parts.last, last.level == installment.level {
                    parts[parts.count - 1].count += 1
                } else {
                    parts.append(
                        LineFormula.ScholarshipPart(count: 1, rate: installment.amount, level: installment.level))
                    uses.append(rules.rates[installment.level.order].use)
                }
            }
            uses.append(rules.ageLimit.use)
            if let payable = rules.payableFrom { uses.append(payable.use) }
            add(
                ClaimLine(
                    caseID: claim.caseID, program: program, item: "scholarship", idSuffix: heir.nik,
                    amount: award.commitment, payee: Payee(role: .child, nik: heir.nik), schedule: .yearly,
                    due: award.installments[0].due, formula: .scholarship(parts),
                    basis: rules.maxChildren.basis, parameters: uses))
            scholarships.append(award)
        }
    }

    /// The installments of one child (D5): from the stated grade up to PT 5, one a year from the event date, moved
    /// to `payable_from` when earlier, stopping at the first unshifted anniversary on which the child is 23 (R19).
    func yearlyAward(_ heir: Heir, limit: Int) -> ScholarshipAward? {
        guard let education = heir.education, let birth = heir.birthDate else { return nil }
        var start = 0
        var offset = 0
        if education.level == .none {
            while birth.age(on: eventDate.adding(years: offset)) < ClaimBuilder.schoolStartAge { offset += 1 }
        } else {
            start = ClaimBuilder.programme.firstIndex(of: education.level)! + (education.grade ?? 1) - 1
        }
        var installments: [ScholarshipAward.Installment] = []
        var commitment = Rupiah.zero
        for (step, level) in ClaimBuilder.programme[start...].enumerated() {
            let anniversary = eventDate.adding(years: offset + step)
            if birth.age(on: anniversary) >= limit { break }
            let due = rules.payableFrom.map { max(anniversary, $0.date) } ?? anniversary
            let amount = Rupiah(rules.rates[level.order].value ?? 0)
            installments.append(ScholarshipAward.Installment(due: due, level: level, amount: amount))
            commitment = commitment + amount
        }
        guard !installments.isEmpty else { return nil }
        return ScholarshipAward(childNIK: heir.nik, commitment: commitment, installments: installments)
    }

    /// PP 44: 12.000.000 once for one child, the designated one or else the youngest candidate (§7.2, R24).
    mutating func computeOneChildScholarship(program: Program) throws(CaseError) {
        let limit = Int(rules.ageLimit.value ?? 23)
        func isCandidate(_ heir: Heir) -> Bool {
            heir.relation == .child && age(heir, on: eventDate) < limit && !heir.married && !heir.working
        }
        let designated = claim.heirs.indices.filter {
            claim.heirs[$0].relation == .child && claim.heirs[$0].scholarship == true
        }
        var chosen: Int?
        if !designated.isEmpty {
            if designated.count > 1 {
                throw CaseError(
                    .scholarshipDesignation, path: "heirs[\(designated[1])].scholarship",
                    reason: "at most 1 child can be designated for a scholarship")
            }
            if isCandidate(claim.heirs[designated[0]]) {
                chosen = designated[0]
            } else {
                warn("heirs[\(designated[0])] receives no scholarship installment (age limit 23, married or working)")
            }
        } else {
            for (index, heir) in claim.heirs.enumerated() where isCandidate(heir) && heir.scholarship != false {
                if let current = chosen, let best = claim.heirs[current].birthDate, let birth = heir.birthDate,
                    birth <= best
                {
                    continue
                }
                chosen = index
            }
        }
        guard let chosen, let amount = rules.pp44Amount.value else { return }
        let heir = claim.heirs[chosen]
        let payee = Payee(role: .child, nik: heir.nik)
        addLumpSum(
            program, "scholarship", suffix: heir.nik, amount: Rupiah(amount), payee: payee,
            formula: .oneChildScholarship(Rupiah(amount)), basis: rules.pp44Amount.basis,
            parameters: [rules.pp44Amount.use, rules.maxChildren.use])
        let installment = ScholarshipAward.Installment(
            due: claimDate, level: heir.education?.level ?? .none, amount: Rupiah(amount))
        scholarships.append(
            ScholarshipAward(childNIK: heir.nik, commitment: Rupiah(amount), installments: [installment]))
    }
}
