import BenefitRules
import Foundation
import SantunanValues
import Testing

/// RULEBOOK §9.7 item 8: a JP pension in payment, month by month, against the repository's `config/jp.yaml`.
@Suite struct PensionInPaymentTests {
    let rules = try! PensionInPayment(parameters: RulesFixtures.parameters)

    static func month(_ text: String) -> YearMonth { YearMonth(iso: text)! }
    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    static let widow = "6371014505850272"
    static let elder = "6371010206030273"
    static let younger = "6371015212080274"

    /// A widow's pension awarded in September 2024 below the 2024 floor (Rp 393.500).
    static let floorWidow = PensionInPayment.Award(
        kind: .widow, computed: Rupiah(312_345), firstMonth: Rupiah(393_500), startMonth: month("2024-09"),
        recipient: widow)

    @Test func aFloorPensionFollowsTheFloorOfEachAwardYear() {
        let paid = ["2024-09", "2025-02", "2025-03", "2026-02", "2026-03"].map {
            rules.month(Self.month($0), of: Self.floorWidow)
        }
        #expect(paid.map(\.amount.value) == [393_500, 393_500, 399_700, 399_700, 411_400])
        #expect(paid.map { $0.shares.map(\.nik) } == Array(repeating: [Self.widow], count: 5))
        #expect(
            paid[2].shares[0].basis
                == "Rp 312.345 before the clamp, raised to the minimum Rp 399.700 of the award year from 2025-03-01 "
                + "(PP 45/2015 Pasal 18(3); RULEBOOK §9.7 item 8)")
        // The 2026 floor is confirmed: no warning; a pension at the floor relies on no indexation.
        #expect(paid.allSatisfy { $0.warnings.isEmpty })
        // From March 2027 the 2026 floor is carried, unconfirmed (R23).
        let carried = rules.month(Self.month("2027-03"), of: Self.floorWidow)
        #expect(carried.amount.value == 411_400)
        #expect(carried.warnings == ["jp.benefit_min is unconfirmed (confirmed: false)"])
    }

    @Test func aPensionBetweenTheBoundsKeepsItsAmountWithTheIndexationWarning() {
        let award = PensionInPayment.Award(
            kind: .oldAge, computed: Rupiah(1_530_227), firstMonth: Rupiah(1_530_227),
            startMonth: Self.month("2024-09"),
            recipient: "3174011509700181")
        let first = rules.month(Self.month("2024-10"), of: award)
        #expect(first.amount.value == 1_530_227)
        #expect(first.warnings.isEmpty)  // the award year of the claim: nothing to index yet
        let later = rules.month(Self.month("2026-03"), of: award)
        #expect(later.amount.value == 1_530_227)
        #expect(later.warnings == ["jp.in_payment_indexation is unconfirmed (confirmed: false)"])
        #expect(later.shares[0].basis.contains("kept (jp.in_payment_indexation: none)"))
    }

    @Test func aConfirmedIndexationRateChangesDataNotCode() throws {
        var parameters = RulesFixtures.parameters.parameters.values.filter { $0.key != "jp.in_payment_indexation" }
        parameters.append(
            Parameter(
                key: "jp.in_payment_indexation", program: "JP", unit: "bp", description: "test",
                values: [
                    DatedValue(
                        from: Self.date("2015-07-01"), to: Self.date("2025-02-28"), value: .null, basis: "none",
                        confirmed: true),
                    DatedValue(
                        from: Self.date("2025-03-01"), to: nil, value: .integer(300), basis: "test", confirmed: true),
                ]))
        let indexed = try PensionInPayment(parameters: ParameterSet(parameters))
        let award = PensionInPayment.Award(
            kind: .oldAge, computed: Rupiah(1_000_000), firstMonth: Rupiah(1_000_000),
            startMonth: Self.month("2024-09"),
            recipient: "3174011509700181")
        #expect(indexed.month(Self.month("2025-02"), of: award).amount.value == 1_000_000)
        #expect(indexed.month(Self.month("2025-03"), of: award).amount.value == 1_030_000)
        let twice = indexed.month(Self.month("2026-03"), of: award)
        #expect(twice.amount.value == 1_060_900)
        #expect(twice.warnings.isEmpty)
    }

    @Test func aChildPensionIsSharedByTwoChildrenAndMovesToTheYoungerAtTwentyThree() {
        let children = [
            JPSurvivorCandidate(relation: .child, nik: Self.younger, birthDate: Self.date("2008-12-12")),
            JPSurvivorCandidate(relation: .child, nik: Self.elder, birthDate: Self.date("2003-06-02")),
            JPSurvivorCandidate(relation: .child, nik: "6371010101010275", birthDate: Self.date("2001-01-01")),
        ]
        // Death on 2024-08-10: the third child is already 23; the elder turns 23 on 2026-06-02.
        let sharing = PensionInPayment.sharingChildren(among: children, deathDate: Self.date("2024-08-10"))
        #expect(sharing.map(\.nik) == [Self.elder, Self.younger])
        let award = PensionInPayment.Award(
            kind: .child, computed: Rupiah(600_001), firstMonth: Rupiah(600_001), startMonth: Self.month("2024-09"),
            recipient: Self.elder, children: sharing)
        let shared = rules.month(Self.month("2026-06"), of: award)
        #expect(shared.shares.map(\.nik) == [Self.elder, Self.younger])
        #expect(shared.shares.map(\.amount.value) == [300_001, 300_000])
        #expect(shared.shares[1].basis.hasPrefix("1/2 of Rp 600.001 shared equally by 2 children (RULEBOOK §9.7); "))
        let moved = rules.month(Self.month("2026-07"), of: award)
        #expect(moved.shares.map(\.nik) == [Self.younger])
        #expect(moved.shares.map(\.amount.value) == [600_001])
    }

    @Test func eventsStopAShareFromTheMonthAfter() {
        let children = [
            JPSurvivorCandidate(relation: .child, nik: Self.elder, birthDate: Self.date("2005-06-02")),
            JPSurvivorCandidate(relation: .child, nik: Self.younger, birthDate: Self.date("2008-12-12")),
        ]
        let award = PensionInPayment.Award(
            kind: .child, computed: Rupiah(500_000), firstMonth: Rupiah(500_000), startMonth: Self.month("2024-09"),
            recipient: Self.elder, children: children,
            events: [.init(kind: .childWorking, nik: Self.younger, date: Self.date("2025-05-20"))])
        #expect(rules.month(Self.month("2025-05"), of: award).shares.map(\.amount.value) == [250_000, 250_000])
        #expect(rules.month(Self.month("2025-06"), of: award).shares.map(\.nik) == [Self.elder])

        var widow = Self.floorWidow
        widow.events = [.init(kind: .remarried, nik: Self.widow, date: Self.date("2025-06-01"))]
        #expect(rules.month(Self.month("2025-05"), of: widow).shares.count == 1)
        #expect(rules.month(Self.month("2025-06"), of: widow).shares.isEmpty)
    }

    @Test func aClaimWithoutTheAmountBeforeTheClampUsesItsFirstMonth() {
        // Computed before Schema 0013: at the floor, it follows the floor.
        var legacy = Self.floorWidow
        legacy.computed = nil
        #expect(rules.month(Self.month("2026-03"), of: legacy).amount.value == 411_400)
        // At the maximum it is kept there, with a warning to recompute.
        let capped = PensionInPayment.Award(
            kind: .oldAge, computed: nil, firstMonth: Rupiah(4_718_200), startMonth: Self.month("2024-09"),
            recipient: "3174011509700181")
        let month = rules.month(Self.month("2025-03"), of: capped)
        #expect(month.amount.value == 4_718_200)
        #expect(month.warnings.first?.hasPrefix("jp.monthly: the amount before the clamp is not kept") == true)
    }

    @Test func theJPMonthlyLineKeepsItsAmountBeforeTheClamp() throws {
        let result = try RulesFixtures.calculator.compute(
            Case.parse(Array(RulesFixtures.data("old-age-jht-jp-monthly", ".case.json"))))
        let line = try #require(result.lines.first { $0.item == "jp.monthly" })
        #expect(line.pensionBeforeClamp == Rupiah(1_530_227))
        #expect(result.lines.first { $0.item != "jp.monthly" }?.pensionBeforeClamp == nil)
    }
}
