import BenefitRules
import PropertyBased
import SantunanValues
import Testing

/// The figures a generated case is built from; integers only, so that a failing case shrinks to a small one.
struct CaseSpec: Sendable, CustomStringConvertible {
    enum Kind: Int, CaseIterable, Sendable {
        case death, workAccidentDeath, workAccident, oldAge, resignation
    }

    var kind: Kind
    /// The monthly wage in rupiah (reported wage and every contribution row).
    var wage: Int64
    /// Days after 2013-01-01 of the event.
    var eventDay: Int
    /// Contribution rows before the event month.
    var months: Int
    /// Days from the event to the claim.
    var claimDelay: Int
    /// Months of STMB incapacity, an injury (table index) and total permanent disability, for a work accident.
    var incapacityMonths: Int
    var injury: Int
    var totalPermanent: Bool
    /// Age of the child heir, in years (scholarships).
    var childAge: Int

    static let origin = CivilDate(year: 2013, month: 1, day: 1)!

    var eventDate: CivilDate { CaseSpec.origin.adding(days: eventDay) }

    var description: String {
        "\(kind) wage \(wage) event \(eventDate) months \(months) delay \(claimDelay) incapacity \(incapacityMonths) "
            + "injury \(injury) total \(totalPermanent) child \(childAge)"
    }

    /// A valid case of this kind: one PU membership with every program and a paid monthly history up to the month
    /// before the event; a spouse (payee) and a schooled child for a death; every required document.
    func makeCase(wage: Int64? = nil, eventDate: CivilDate? = nil) -> Case {
        let wage = Rupiah(wage ?? self.wage)
        let event = eventDate ?? self.eventDate
        let claimDate = event.adding(days: claimDelay)
        let start = event.yearMonth.advanced(by: -months).firstDay
        var rows: [ContributionRow] = []
        var month = start.yearMonth
        while month < event.yearMonth {
            rows.append(
                ContributionRow(month: month, wage: wage, paidOn: month.advanced(by: 1).firstDay.adding(days: 9)))
            month = month.advanced(by: 1)
        }
        let birth: CivilDate
        switch kind {
        case .oldAge: birth = CivilDate(year: event.year - 60, month: 1, day: 1)!
        default: birth = CivilDate(year: event.year - 40, month: 5, day: 17)!
        }
        let membership = Membership(
            kpj: "10000000001", segment: .wageEarner,
            employer: Employer(npp: "NN000001", name: "PT Contoh", kind: .company), start: start,
            end: kind == .resignation ? event : nil, programs: [.jkk, .jkm, .jht, .jp], riskGroup: "II",
            reportedWage: wage, contributions: rows, sponsor: nil)
        let participant = Participant(
            nik: "3200000000000001", name: "Budi", birthDate: birth, sex: .male, maritalStatus: .married,
            memberships: [membership], jhtStatement: nil, jpStatement: nil)
        var heirs: [Heir] = []
        let type: EventType
        var accident: Accident?
        var eventMembership: String?
        switch kind {
        case .death: type = .death
        case .workAccidentDeath:
            type = .workAccidentDeath
            eventMembership = membership.kpj
        case .workAccident:
            type = .workAccident
            eventMembership = membership.kpj
            let injuries = injury < 0 ? [] : [Injury(code: InjuryTable.codes[injury % InjuryTable.codes.count])]
            accident = Accident(
                incapacityMonths: incapacityMonths, injuries: totalPermanent ? [] : injuries,
                medical: Rupiah(2_000_000), totalPermanent: totalPermanent)
        case .oldAge: type = .oldAge
        case .resignation: type = .resignation
        }
        if type.isDeath {
            heirs.append(
                Heir(
                    nik: "3200000000000002", name: "Sari", relation: .spouse,
                    birthDate: CivilDate(year: birth.year + 2, month: 1, day: 1), payee: true,
                    documents: Document.allCases))
            let level: Education.Level = childAge < 7 ? .kindergarten : childAge < 13 ? .primary : .seniorSecondary
            heirs.append(
                Heir(
                    nik: "3200000000000003", name: "Anak", relation: .child,
                    birthDate: CivilDate(year: event.year - childAge, month: 3, day: 1),
                    education: Education(level: level, grade: 1)))
        }
        return Case(
            caseID: "P-1", claimDate: claimDate, participant: participant,
            event: Event(type: type, date: event, membership: eventMembership, accident: accident), heirs: heirs)
    }
}

/// Generators of valid cases (JKM death, JKK death and accident, old age, resignation) with random wages, dates and
/// histories.
enum CaseGen {
    /// Event dates from 2013-01-01 to 2029-12-31.
    static let eventDays = 0...6_208

    static var spec: Generator<CaseSpec, some SendableSequenceType> {
        zip(
            Gen.int(in: 0...(CaseSpec.Kind.allCases.count - 1)), Gen.int64(in: 1_000_000...40_000_000),
            Gen.int(in: eventDays), Gen.int(in: 0...240), Gen.int(in: 0...120), Gen.int(in: 0...18),
            Gen.int(in: -1...46), Gen.int(in: 0...5), Gen.int(in: 1...22)
        ).map { kind, wage, day, months, delay, incapacity, injury, total, childAge in
            CaseSpec(
                kind: CaseSpec.Kind(rawValue: kind)!, wage: wage, eventDay: day, months: months, claimDelay: delay,
                incapacityMonths: incapacity, injury: injury, totalPermanent: total == 0, childAge: childAge)
        }
    }
}

/// Invariants of the claim calculator over generated cases (RULEBOOK §11, D14).
@Suite struct ClaimPropertyTests {
    let calculator = RulesFixtures.calculator

    func compute(_ claim: Case) -> ClaimResult? {
        do {
            return try calculator.compute(claim)
        } catch {
            Issue.record("a generated case failed: \(error)")
            return nil
        }
    }

    @Test func totalIsTheLumpSumsPlusTheYearlyScholarshipCommitments() async {
        await propertyCheck(count: 300, input: CaseGen.spec) { spec in
            guard let result = compute(spec.makeCase()) else { return }
            let lumpSums = result.lines.filter { $0.schedule == .lumpSum }.reduce(Rupiah.zero) { $0 + $1.amount }
            let yearly = result.lines.filter { $0.schedule == .yearly }
            let commitments = result.scholarships.filter { award in
                yearly.contains { $0.idSuffix == award.childNIK }
            }.reduce(Rupiah.zero) { $0 + $1.commitment }
            #expect(yearly.reduce(Rupiah.zero) { $0 + $1.amount } == commitments, "\(spec)")
            #expect(result.total == lumpSums + commitments, "\(spec)")
        }
    }

    @Test func payableNowNeverExceedsTheTotalAndNoAmountIsNegative() async {
        await propertyCheck(count: 300, input: CaseGen.spec) { spec in
            guard let result = compute(spec.makeCase()) else { return }
            #expect(result.payableNow <= result.total, "\(spec)")
            #expect(result.payableNow >= .zero && result.total >= .zero, "\(spec)")
            for line in result.lines { #expect(line.amount >= .zero, "\(spec): \(line.item)") }
            for award in result.scholarships {
                #expect(award.commitment >= .zero, "\(spec)")
                for installment in award.installments { #expect(installment.amount >= .zero, "\(spec)") }
            }
            if let pension = result.monthlyPension { #expect(pension.amount >= .zero, "\(spec)") }
        }
    }

    /// The wage-based items: JKK death, STMB, disability, JP (and the JHT balance, whose deposits follow the wage).
    static let wageBasedItems: Set<String> = [
        "jkk.death", "jkk.stmb", "jkk.disability_total", "jkk.disability_partial", "jp.monthly", "jp.lump_sum",
        "jht.balance",
    ]

    @Test func aHigherWageNeverLowersAWageBasedBenefit() async {
        await propertyCheck(count: 300, input: CaseGen.spec, Gen.int64(in: 1...20_000_000)) { spec, raise in
            guard let lower = compute(spec.makeCase()),
                let higher = compute(spec.makeCase(wage: spec.wage + raise))
            else { return }
            for line in lower.lines where ClaimPropertyTests.wageBasedItems.contains(line.item) {
                let other = higher.lines.first { $0.item == line.item && $0.idSuffix == line.idSuffix }
                #expect(other != nil, "\(spec) +\(raise): \(line.item) disappeared")
                if let other { #expect(other.amount >= line.amount, "\(spec) +\(raise): \(line.item)") }
            }
        }
    }

    /// PP 44/2015 and PP 82/2019 start dates.
    static let regimeStarts = [CivilDate(year: 2015, month: 7, day: 1)!, CivilDate(year: 2019, month: 12, day: 2)!]

    @Test func anEventTheDayBeforeARegimeStartsUsesTheOldRegimeAndOnItsStartTheNewOne() async {
        let deaths = CaseGen.spec.map { spec in
            var spec = spec
            spec.kind = spec.totalPermanent ? .workAccidentDeath : .death
            return spec
        }
        await propertyCheck(count: 200, input: deaths, Gen.int(in: 0...1)) { spec, which in
            let start = ClaimPropertyTests.regimeStarts[which]
            guard let before = compute(spec.makeCase(eventDate: start.adding(days: -1))),
                let on = compute(spec.makeCase(eventDate: start))
            else { return }
            let program: Program = spec.kind == .death ? .jkm : .jkk
            let item = spec.kind == .death ? "jkm.death" : "jkk.death"
            let oldEntry = before.regime.first { $0.program == program }
            let newEntry = on.regime.first { $0.program == program }
            #expect(oldEntry != nil && newEntry != nil, "\(spec)")
            #expect(newEntry?.effectiveFrom == start, "\(spec)")
            #expect((oldEntry?.effectiveFrom ?? start) < start, "\(spec)")
            #expect(oldEntry?.instrument != newEntry?.instrument, "\(spec)")
            let oldLine = before.lines.first { $0.item == item }
            let newLine = on.lines.first { $0.item == item }
            #expect(oldLine != nil && newLine != nil, "\(spec)")
            for use in oldLine?.parameters ?? [] { #expect(use.effectiveFrom < start, "\(spec): \(use.key)") }
            #expect(newLine?.parameters.contains { $0.effectiveFrom == start } == true, "\(spec)")
        }
    }

    @Test func theJSONOutputReparsesAndItsLineAmountsSumToTheTotal() async {
        await propertyCheck(count: 300, input: CaseGen.spec) { spec in
            guard let result = compute(spec.makeCase()) else { return }
            let document: JSONValue
            do {
                document = try JSONReader.parse(result.jsonBytes())
            } catch {
                Issue.record("\(spec): the output is not JSON: \(error)")
                return
            }
            guard case .array(let lines)? = document["lines"], case .number(let total)? = document["total"] else {
                Issue.record("\(spec): no lines or total")
                return
            }
            var sum: Int64 = 0
            for line in lines {
                guard case .number(let amount)? = line["amount"], case .string(let schedule)? = line["schedule"],
                    let value = Int64(amount)
                else {
                    Issue.record("\(spec): a line without amount or schedule")
                    continue
                }
                if schedule != "monthly" { sum += value }
            }
            #expect(Int64(total) == sum, "\(spec)")
            #expect(document["case_id"] == .string(result.caseID), "\(spec)")
        }
    }
}
