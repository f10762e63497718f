public import SantunanValues

extension RegimeRules {
    /// The JKK death benefit `max(multiplier × U, minimum)` (RULEBOOK §5.1), as the `jkk.death` line computes it.
    @inline(__always)
    func workAccidentDeathBenefit(wage: Rupiah) -> Rupiah {
        max(wage * deathMultiplier.value, deathMinimum.rupiah)
    }

    /// The JKK death lump sums of a death from a work accident: death benefit + funeral + periodic paid at once.
    @inline(__always)
    func workAccidentDeathLumpSums(wage: Rupiah) -> Rupiah {
        workAccidentDeathBenefit(wage: wage) + jkkFuneral.rupiah + jkkDeathPeriodic.rupiah
    }

    /// The full JKM benefit of one membership: death + funeral + periodic paid at once (RULEBOOK §6.1).
    var deathLumpSums: Rupiah { jkmDeath.rupiah + jkmFuneral.rupiah + jkmPeriodic.rupiah }
}

extension ClaimCalculator {
    /// The JKK (*Jaminan Kecelakaan Kerja*) death lump sums for a monthly wage `U` under the regime in force on
    /// `eventDate`: `max(multiplier × U, minimum) + funeral + periodic` — the sum of the `jkk.death`,
    /// `jkk.funeral` and `jkk.death_periodic` lines of a work-accident death claim, read from the same regime snapshot.
    ///
    /// The figure the OpenFisca peer benchmark computes (`work_accident_death_benefit`).
    public func workAccidentDeathLumpSums(wage: Rupiah, eventDate: CivilDate) -> Rupiah {
        timeline.rules(on: eventDate).workAccidentDeathLumpSums(wage: wage)
    }

    /// The JKM (*Jaminan Kematian*) lump sums of one membership under the regime in force on `eventDate`:
    /// `death + funeral + periodic` — the sum of the `jkm.death`, `jkm.funeral` and `jkm.periodic` lines.
    public func deathLumpSums(eventDate: CivilDate) -> Rupiah {
        timeline.rules(on: eventDate).deathLumpSums
    }

    /// The JKK death and JKM lump sums of many participants whose events fall on one date, in one pass: resolves
    /// the regime once and writes `workAccidentDeath[i]` for `wages[i]` and the (wage-independent) JKM sum to
    /// `death[i]`.
    ///
    /// - Precondition: the three buffers have the same count.
    public func deathLumpSums(
        wages: UnsafeBufferPointer<Int64>, eventDate: CivilDate, workAccidentDeath: UnsafeMutableBufferPointer<Int64>,
        death: UnsafeMutableBufferPointer<Int64>
    ) {
        precondition(wages.count == workAccidentDeath.count && wages.count == death.count, "buffers differ in size")
        let rules = timeline.rules(on: eventDate)
        let multiplier = rules.deathMultiplier.value
        let minimum = rules.deathMinimum.value
        let fixed = rules.jkkFuneral.value + rules.jkkDeathPeriodic.value
        let jkm = rules.deathLumpSums.value
        for index in 0..<wages.count {
            workAccidentDeath[index] = max(wages[index] * multiplier, minimum) + fixed
            death[index] = jkm
        }
    }
}
