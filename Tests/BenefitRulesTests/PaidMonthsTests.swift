import BenefitRules
import SantunanValues
import Testing

/// The paid-month test of RULEBOOK §2.2 (R3, R18).
@Suite struct PaidMonthsTests {
    static let claim = CivilDate(year: 2023, month: 10, day: 9)!
    static let eventMonth = YearMonth(year: 2023, month: 9)!

    static func row(_ month: String, paid: String?) -> ContributionRow {
        ContributionRow(month: YearMonth(iso: month)!, wage: 3_000_000, paidOn: paid.flatMap { CivilDate(iso: $0) })
    }

    static func membership(
        _ kpj: String, segment: Segment = .wageEarner, start: String, end: String? = nil,
        programs: [Program] = [.jkk, .jkm], rows: [ContributionRow]?, sponsor: SponsorWindow? = nil
    ) -> Membership {
        Membership(
            kpj: kpj, segment: segment, employer: Employer(npp: nil, name: "PT Contoh", kind: .company),
            start: CivilDate(iso: start)!, end: end.flatMap { CivilDate(iso: $0) }, programs: programs,
            riskGroup: nil, reportedWage: 3_000_000, contributions: rows, sponsor: sponsor)
    }

    @Test func endedMembershipsCountAndAMonthPaidInTwoMembershipsCountsOnce() {
        let ended = Self.membership(
            "A", start: "2019-01-01", end: "2020-12-31",
            rows: [Self.row("2020-11", paid: "2020-12-14"), Self.row("2020-12", paid: "2021-01-14")])
        let current = Self.membership(
            "B", start: "2020-12-01",
            rows: [Self.row("2020-12", paid: "2021-01-10"), Self.row("2023-08", paid: "2023-09-14")])
        let count = PaidMonths.count(
            of: .jkm, memberships: [ended, current], eventMonth: Self.eventMonth, claimDate: Self.claim)
        #expect(count == 3)
    }

    @Test func unpaidRowsRowsPaidAfterTheClaimDateAndMonthsAfterTheEventDoNotCount() {
        let member = Self.membership(
            "A", start: "2023-01-01",
            rows: [
                Self.row("2023-06", paid: nil), Self.row("2023-07", paid: "2023-10-10"),
                Self.row("2023-10", paid: "2023-10-01"), Self.row("2023-08", paid: "2023-10-09"),
            ])
        let months = PaidMonths.months(
            of: .jkm, memberships: [member], eventMonth: Self.eventMonth, claimDate: Self.claim)
        #expect(months == [YearMonth(year: 2023, month: 8)!])
    }

    @Test func membershipsWithoutTheProgramAreIgnored() {
        let member = Self.membership(
            "A", start: "2023-01-01", programs: [.jkk], rows: [Self.row("2023-08", paid: "2023-09-14")])
        #expect(
            PaidMonths.count(of: .jkm, memberships: [member], eventMonth: Self.eventMonth, claimDate: Self.claim) == 0)
    }

    @Test func sponsoredBPUMonthsCountWithOrWithoutARowUpToTheEventMonth() {
        let sponsor = SponsorWindow(
            name: "Pemerintah Kabupaten Labuhanbatu Selatan", kind: .localGovernment,
            from: CivilDate(year: 2022, month: 10, day: 1)!, to: CivilDate(year: 2022, month: 12, day: 31)!,
            programs: [.jkk, .jkm])
        let member = Self.membership(
            "A", segment: .nonWageEarner, start: "2022-10-01", rows: [Self.row("2022-10", paid: "2022-10-05")],
            sponsor: sponsor)
        let count = PaidMonths.count(
            of: .jkm, memberships: [member], eventMonth: YearMonth(year: 2022, month: 11)!,
            claimDate: CivilDate(year: 2022, month: 12, day: 12)!)
        #expect(count == 2)
        #expect(
            PaidMonths.count(of: .jht, memberships: [member], eventMonth: Self.eventMonth, claimDate: Self.claim) == 0)
    }

    @Test func aMissingHistoryCountsNoRows() {
        let member = Self.membership("A", start: "2020-01-01", rows: nil)
        #expect(
            PaidMonths.count(of: .jkm, memberships: [member], eventMonth: Self.eventMonth, claimDate: Self.claim) == 0)
    }

    @Test func monthsFarApartAreCountedExactly() {
        let member = Self.membership(
            "A", start: "2013-01-01",
            rows: [Self.row("2013-01", paid: "2013-02-14"), Self.row("2023-09", paid: "2023-10-01")])
        let months = PaidMonths.months(
            of: .jkm, memberships: [member], eventMonth: Self.eventMonth, claimDate: Self.claim)
        #expect(months == [YearMonth(year: 2013, month: 1)!, YearMonth(year: 2023, month: 9)!])
    }
}

/// The seed and shared cases' JKM masa iur, through the same function the JKM scholarship uses.
@Suite struct PaidMonthsCaseTests {
    @Test(arguments: [
        ("jkm-masa-iur-ended-membership", 42), ("seed-honorer-jkm-42jt-a", 22), ("seed-honorer-jkm-42jt-b", 13),
        ("pp44-jkm-death-24jt", 37), ("jkm-3-years-scholarships", 81),
    ])
    func masaIurOfTheSharedCases(_ name: String, _ months: Int) throws {
        let fixture = try SavingsCase(name)
        let count = PaidMonths.count(
            of: .jkm, memberships: fixture.participant.memberships, eventMonth: fixture.eventDate.yearMonth,
            claimDate: fixture.claimDate)
        #expect(count == months)
    }
}
