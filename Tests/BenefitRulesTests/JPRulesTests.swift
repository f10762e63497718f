import BenefitRules
import SantunanValues
import Testing

/// JP rules of RULEBOOK §9 beyond the shared cases: the §13 survivor example, the pension age and the edges of
/// §9.6–§9.8.
@Suite struct JPRulesTests {
    let jp = SavingsCase.jp
    typealias B = SavingsBuilder

    static let widower = JPSurvivorCandidate(
        relation: .spouse, nik: "3374010101780002", birthDate: B.date("1978-01-01"))

    /// An average indexed wage of exactly 3.186.943 over 12 JP months (5 in 2023, indexed by 2,61 %, and 7 in 2024),
    /// membership 13 months to the death on 2024-08-07: density 12/13 ≥ 80 %, so 15 years are deemed.
    var annaDianSavitri: Participant {
        var rows = B.rows("2023-08", "2023-12", wage: 3_100_000)
        rows += B.rows("2024-01", "2024-06", wage: 3_191_252)
        rows += B.rows("2024-07", "2024-07", wage: 3_191_254)
        return B.participant(born: "1984-03-03", [B.membership(start: "2023-08-01", rows: rows)])
    }

    @Test func survivorWorkedExampleIsRaisedToTheAwardYearMinimum393500() throws {
        let outcome = try #require(
            jp.compute(
                participant: annaDianSavitri, eventType: .death, eventDate: B.date("2024-08-07"),
                claimDate: B.date("2024-08-20"), survivors: [Self.widower]))
        let line = try #require(outcome.line)
        #expect(line.amount == 393_500)
        #expect(line.due == B.date("2024-09-01"))
        #expect(line.payee == .jpSurvivor(nik: Self.widower.nik))
        #expect(
            line.formula.hasPrefix("1 % x 15 years (deemed) x average indexed wage Rp 3.186.943 x 50 % = Rp 239.021"))
        #expect(
            outcome.monthlyPension
                == MonthlyPension(
                    amount: 393_500, startMonth: YearMonth(year: 2024, month: 9)!, recipient: Self.widower.nik,
                    kind: .widow))
        #expect(outcome.warnings.contains("jp.survivor.widow_pct_bp is unconfirmed (confirmed: false)"))
        #expect(outcome.warnings.contains("jp.inflation.2023 is unconfirmed (confirmed: false)") == false)
    }

    @Test(arguments: [
        ("1966-05-10", "2024-05-10", 58), ("1970-09-15", "2030-09-15", 60), ("1968-02-29", "2027-02-28", 59),
        ("1950-01-01", "2006-01-01", 56), ("1990-06-30", "2055-06-30", 65),
    ])
    func pensionDateIsTheFirstBirthdayReachingThePensionAgeOfItsYear(_ born: String, _ date: String, _ age: Int) {
        let pension = jp.pensionAge.pensionDate(birthDate: B.date(born))
        #expect(pension.date == B.date(date))
        #expect(pension.age == age)
    }

    @Test func oldAgeBeforeThePensionDateIsDenied() throws {
        let person = B.participant(
            born: "1966-05-10", [B.membership(start: "2016-01-01", rows: B.rows("2016-01", "2024-03", wage: 4_000_000))]
        )
        let outcome = try #require(
            jp.compute(
                participant: person, eventType: .oldAge, eventDate: B.date("2024-05-09"),
                claimDate: B.date("2024-06-03")))
        #expect(outcome.line == nil)
        #expect(outcome.reasons == ["JP old-age pension from 2024-05-10 (pension age 58, PP 45/2015 Pasal 15)"])
    }

    @Test func aDeathWithoutSpouseChildOrParentGivesNoJPLine() throws {
        let sibling = JPSurvivorCandidate(relation: .other, nik: "3374010101780009", birthDate: nil)
        let outcome = try #require(
            jp.compute(
                participant: annaDianSavitri, eventType: .death, eventDate: B.date("2024-08-07"),
                claimDate: B.date("2024-08-20"), survivors: [sibling]))
        #expect(outcome.line == nil)
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings[0].hasPrefix("no JP survivor"))
    }

    @Test func theEldestEligibleChildIsTheSurvivorWhenNoSpouseRemains() throws {
        let remarried = JPSurvivorCandidate(relation: .spouse, nik: "1", birthDate: nil, married: true)
        let working = JPSurvivorCandidate(relation: .child, nik: "2", birthDate: B.date("2004-01-01"), working: true)
        let tooOld = JPSurvivorCandidate(relation: .child, nik: "3", birthDate: B.date("2001-08-07"))
        let younger = JPSurvivorCandidate(relation: .child, nik: "4", birthDate: B.date("2010-01-01"))
        let elder = JPSurvivorCandidate(relation: .child, nik: "5", birthDate: B.date("2006-01-01"))
        let parent = JPSurvivorCandidate(relation: .parent, nik: "6", birthDate: nil)
        let found = JPCalculator.survivor(
            among: [remarried, working, tooOld, younger, elder, parent], deathDate: B.date("2024-08-07"))
        #expect(found?.candidate.nik == "5")
        #expect(found?.kind == .child)
        #expect(
            JPCalculator.survivor(among: [remarried, tooOld, parent], deathDate: B.date("2024-08-07"))?.kind == .parent)
    }

    @Test func aParentReceivesTwentyPercentFlooredAtTheMinimum() throws {
        let parent = JPSurvivorCandidate(relation: .parent, nik: "6", birthDate: nil)
        let outcome = try #require(
            jp.compute(
                participant: annaDianSavitri, eventType: .death, eventDate: B.date("2024-08-07"),
                claimDate: B.date("2024-08-20"), survivors: [parent]))
        #expect(outcome.monthlyPension?.kind == .parent)
        #expect(outcome.monthlyPension?.amount == 393_500)
        #expect(outcome.line?.parameters.contains { $0.key == "jp.survivor.parent_pct_bp" } == true)
    }

    @Test func aLowDensityDeathBeforeThePensionDateIsALumpSumWithItsWarning() throws {
        var person = annaDianSavitri
        for index in 0..<3 { person.memberships[0].contributions![index].paidOn = nil }
        let outcome = try #require(
            jp.compute(
                participant: person, eventType: .death, eventDate: B.date("2024-08-07"),
                claimDate: B.date("2024-08-20"),
                survivors: [Self.widower]))
        #expect(outcome.line?.item == "jp.lump_sum")
        #expect(
            outcome.warnings.first
                == "JP paid as a lump sum: membership 13 months, density 9/13 = 69,23 % (needs >= 12 months and >= 80 %, "
                + "Permenaker 29/2015 Pasal 26)")
    }

    @Test func aJPStatementDatedTheLastDayBeforeTheClaimMonthIsPaidExactly() throws {
        let person = B.participant(
            born: "1988-10-21", [B.membership(start: "2023-07-01", rows: nil)],
            jp: BalanceStatement(asOf: B.date("2024-06-30"), amount: 1_221_474))
        let outcome = try #require(
            jp.compute(
                participant: person, eventType: .death, eventDate: B.date("2024-03-10"),
                claimDate: B.date("2024-07-15"),
                survivors: [Self.widower]))
        #expect(outcome.line?.amount == 1_221_474)
    }

    @Test func aStatementWithoutHistoryAndTwentySevenMonthsOfMembershipIsNotDecided() throws {
        let person = B.participant(
            born: "1988-10-21", [B.membership("23088800431", start: "2022-01-01", rows: nil)],
            jp: BalanceStatement(asOf: B.date("2024-04-30"), amount: 1_221_474))
        let outcome = try #require(
            jp.compute(
                participant: person, eventType: .death, eventDate: B.date("2024-03-10"),
                claimDate: B.date("2024-07-15"),
                survivors: [Self.widower]))
        #expect(outcome.line == nil)
        #expect(
            outcome.reasons.first?.hasPrefix(
                "JP benefit not computed: the contribution history of membership 23088800431 is absent, and the choice "
                    + "between the monthly pension and the lump sum cannot be decided from the membership dates "
                    + "(membership 27 months, up to 27 JP months") == true)
    }

    @Test func aStatementWithoutHistoryAtOldAgeIsDecidedBelow180PossibleMonths() throws {
        let person = B.participant(
            born: "1966-05-10", [B.membership("12000000001", start: "2020-01-01", rows: nil)],
            jp: BalanceStatement(asOf: B.date("2024-05-31"), amount: 5_000_000))
        let outcome = try #require(
            jp.compute(
                participant: person, eventType: .oldAge, eventDate: B.date("2024-05-10"),
                claimDate: B.date("2024-06-03")))
        #expect(outcome.line?.amount == 5_000_000)
        #expect(
            outcome.warnings.first
                == "JP paid as a lump sum from jp_balance_statement: up to 53 JP months < 180, decided from the "
                + "membership dates because the contribution history of membership 12000000001 is absent (RULEBOOK §9.8)"
        )
    }

    @Test func noPossibleJPMonthGivesNoJPBenefit() throws {
        let person = B.participant(
            born: "1980-01-01", [B.membership(start: "2015-01-01", rows: nil)],
            jp: BalanceStatement(asOf: B.date("2015-06-30"), amount: 0))
        let outcome = try #require(
            jp.compute(
                participant: person, eventType: .death, eventDate: B.date("2015-05-10"),
                claimDate: B.date("2015-07-15"),
                survivors: [Self.widower]))
        #expect(outcome.reasons == ["no paid JP month: no JP benefit"])
    }

    @Test func aMonthlyPensionLeavesTheStatementUnused() throws {
        var person = annaDianSavitri
        person.jpStatement = BalanceStatement(asOf: B.date("2024-06-30"), amount: 1_000_000)
        let outcome = try #require(
            jp.compute(
                participant: person, eventType: .death, eventDate: B.date("2024-08-07"),
                claimDate: B.date("2024-08-20"),
                survivors: [Self.widower]))
        #expect(outcome.line?.item == "jp.monthly")
        #expect(outcome.warnings.first?.hasPrefix("jp_balance_statement not used") == true)
    }

    @Test func thirtyYearsOfIndexationStayExact() throws {
        // 2015-07 … 2045-08: indexation over 30 years needs a denominator of 10000^30, far beyond Int128.
        let person = B.participant(
            born: "1980-09-01", [B.membership(start: "2015-07-01", rows: B.rows("2015-07", "2045-07", wage: 5_000_000))]
        )
        let outcome = try #require(
            jp.compute(
                participant: person, eventType: .oldAge, eventDate: B.date("2045-09-01"),
                claimDate: B.date("2045-09-10")))
        let pension = try #require(outcome.monthlyPension)
        #expect(pension.startMonth == YearMonth(year: 2045, month: 10)!)
        // Checked with exact fractions outside the engine: S / 1200 = 2.378.498,6… over 361 months.
        #expect(pension.amount == 2_378_499)
        #expect(outcome.line?.formula.contains("361/12 years x average indexed wage Rp 7.906.367") == true)
        #expect(outcome.warnings.contains("jp.inflation.2044 is unconfirmed (confirmed: false)"))
    }
}
