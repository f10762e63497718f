import BenefitRules
import SantunanValues
import Testing

/// Small hand-made participants for the JHT and JP rule tests.
enum SavingsBuilder {
    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    static func row(_ month: String, _ wage: Int64, paid: String?) -> ContributionRow {
        ContributionRow(month: YearMonth(iso: month)!, wage: Rupiah(wage), paidOn: paid.map(date))
    }

    /// Rows for every month of `from...to`, each paid on the 14th of the next month.
    static func rows(_ from: String, _ to: String, wage: Int64) -> [ContributionRow] {
        let first = YearMonth(iso: from)!
        let last = YearMonth(iso: to)!
        return (first...last).map { month in
            ContributionRow(
                month: month, wage: Rupiah(wage),
                paidOn: CivilDate(year: month.advanced(by: 1).year, month: month.advanced(by: 1).month, day: 14))
        }
    }

    static func membership(
        _ kpj: String = "11000000001", start: String, end: String? = nil,
        programs: [Program] = [.jkk, .jkm, .jht, .jp], rows: [ContributionRow]?
    ) -> Membership {
        Membership(
            kpj: kpj, segment: .wageEarner, employer: Employer(npp: "NN000001", name: "PT Contoh", kind: .company),
            start: date(start), end: end.map(date), programs: programs, riskGroup: nil, reportedWage: 3_000_000,
            contributions: rows, sponsor: nil)
    }

    static func participant(
        born: String, _ memberships: [Membership], jht: BalanceStatement? = nil, jp: BalanceStatement? = nil
    ) -> Participant {
        Participant(
            nik: "3174010101800001", name: "Peserta", birthDate: date(born), sex: nil, maritalStatus: nil,
            memberships: memberships, jhtStatement: jht, jpStatement: jp)
    }
}

/// JHT rules of RULEBOOK §8 beyond the shared cases: the §13 worked example and the edges of §8.3–§8.5.
@Suite struct JHTRulesTests {
    let jht = SavingsCase.jht
    typealias B = SavingsBuilder

    /// RULEBOOK §13 "JHT, small history".
    var smallHistory: Participant {
        B.participant(
            born: "1990-01-01",
            [
                B.membership(
                    start: "2023-01-01", end: "2023-03-31",
                    rows: [
                        B.row("2023-01", 1_000_000, paid: "2023-02-10"),
                        B.row("2023-02", 1_000_000, paid: "2023-03-10"),
                    ])
            ])
    }

    @Test func smallHistoryWorkedExamplePays114803() throws {
        let outcome = try #require(
            jht.compute(
                participant: smallHistory, eventType: .resignation, eventDate: B.date("2023-03-31"),
                claimDate: B.date("2023-05-02")))
        let line = try #require(outcome.line)
        #expect(line.amount == 114_803)
        #expect(line.due == B.date("2023-05-02"))
        #expect(!outcome.warnings.contains { $0.hasPrefix("JHT payable after the one-month wait") })
    }

    @Test func resignationOnTheLastDayOfJanuaryWaitsToTheLastDayOfFebruaryInALeapYear() throws {
        let outcome = try #require(
            jht.compute(
                participant: smallHistory, eventType: .resignation, eventDate: B.date("2024-01-31"),
                claimDate: B.date("2024-02-05")))
        let line = try #require(outcome.line)
        #expect(line.due == B.date("2024-02-29"))
        #expect(outcome.warnings.first == "JHT payable after the one-month wait, on 2024-02-29 (Permenaker 4/2022)")
    }

    @Test func aResignationBeforePermenaker4Of2022CitesPermenaker19Of2015() throws {
        let outcome = try #require(
            jht.compute(
                participant: smallHistory, eventType: .resignation, eventDate: B.date("2022-03-31"),
                claimDate: B.date("2022-04-05")))
        #expect(outcome.warnings.first == "JHT payable after the one-month wait, on 2022-04-30 (Permenaker 19/2015)")
        #expect(outcome.regime.instrument == "PP 46/2015 jo. PP 60/2015; Permenaker 19/2015")
    }

    @Test func aStatementDatedTheLastDayBeforeThePayoutMonthIsPaidExactly() throws {
        var person = smallHistory
        person.jhtStatement = BalanceStatement(asOf: B.date("2023-04-30"), amount: 2_613_255)
        let outcome = try #require(
            jht.compute(
                participant: person, eventType: .death, eventDate: B.date("2023-04-20"), claimDate: B.date("2023-05-02")
            ))
        let line = try #require(outcome.line)
        #expect(line.amount == 2_613_255)
        #expect(line.payee == .heirs)
        #expect(line.formula.hasPrefix("statement Rp 2.613.255 as of 2023-04-30 + 0 monthly deposits"))
    }

    @Test func aStatementReplacesTheRowsPaidUpToItsDateAndLaterRowsOfItsMonthJoinTheOpening() throws {
        var person = smallHistory
        // Row 2023-01 (paid 02-10) is in the statement; row 2023-02 (paid 03-10) comes after it in its month.
        person.jhtStatement = BalanceStatement(asOf: B.date("2023-03-05"), amount: 57_000)
        let balance = jht.balance(participant: person, payoutDate: B.date("2023-05-02"))
        // Opening 57.000 + 57.000; development only from April (the month after as_of): + floor(114.000 x 563/120000).
        #expect(balance == 114_534)
    }

    @Test func oldAgeBefore56IsDeniedAndAt56Paid() throws {
        let person = B.participant(born: "1967-06-15", smallHistory.memberships)
        let early = try #require(
            jht.compute(
                participant: person, eventType: .oldAge, eventDate: B.date("2023-06-14"),
                claimDate: B.date("2023-07-03")))
        #expect(early.line == nil)
        #expect(early.reasons.first?.hasPrefix("JHT old-age benefit from age 56") == true)
        let onTime = try #require(
            jht.compute(
                participant: person, eventType: .oldAge, eventDate: B.date("2023-06-15"),
                claimDate: B.date("2023-07-03")))
        #expect(onTime.line?.parameters.first?.key == "jht.age")
    }

    @Test func totalDisabilityIsDueOnTheFirstOfTheNextMonthAtTheEarliest() throws {
        let outcome = try #require(
            jht.compute(
                participant: smallHistory, eventType: .totalPermanentDisability, eventDate: B.date("2023-04-20"),
                claimDate: B.date("2023-04-25")))
        #expect(outcome.line?.due == B.date("2023-05-01"))
    }

    @Test func partialWithdrawalBeforeTenYearsIsDenied() throws {
        let outcome = try #require(
            jht.compute(
                participant: smallHistory, eventType: .jhtPartialWithdrawal, eventDate: B.date("2024-03-05"),
                claimDate: B.date("2024-03-05")))
        #expect(outcome.line == nil)
        #expect(outcome.reasons.first?.hasPrefix("JHT partial withdrawal requires 10 years of membership") == true)
    }

    @Test func aZeroBalanceGivesNoLineAndAWarning() throws {
        let person = B.participant(
            born: "1990-01-01", [B.membership(start: "2023-01-01", rows: [B.row("2023-01", 1_000_000, paid: nil)])])
        let outcome = try #require(
            jht.compute(
                participant: person, eventType: .leaveIndonesia, eventDate: B.date("2023-03-31"),
                claimDate: B.date("2023-05-02")))
        #expect(outcome.line == nil)
        #expect(outcome.warnings == ["JHT balance is zero: no JHT line"])
    }

    @Test func aRowPaidInThePayoutMonthIsNotCreditedWhateverItsContributionMonth() throws {
        var person = smallHistory
        person.memberships[0].contributions?.append(B.row("2023-03", 1_000_000, paid: "2023-05-01"))
        let balance = jht.balance(participant: person, payoutDate: B.date("2023-05-02"))
        #expect(balance == 114_803)
    }

    @Test func noMembershipWithJHTMeansJHTIsNotEvaluated() {
        let person = B.participant(
            born: "1990-01-01", [B.membership(start: "2023-01-01", programs: [.jkk, .jkm], rows: [])])
        #expect(
            jht.compute(
                participant: person, eventType: .death, eventDate: B.date("2023-03-31"), claimDate: B.date("2023-05-02")
            ) == nil)
    }
}
