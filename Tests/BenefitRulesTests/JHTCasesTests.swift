import BenefitRules
import SantunanValues
import Testing

/// Every JHT figure of the shared cases, to the rupiah, with its formula, basis, parameters and warnings.
@Suite struct JHTCasesTests {
    static let cases = [
        "seed-sttc-composite-384jt", "pp44-jkk-death-48x-one-child", "old-age-jht-jp-monthly",
        "old-age-under-15-years-jp-lump-sum", "jht-resignation-one-month-wait", "jht-layoff-after-wait",
        "jht-partial-withdrawal", "jkm-two-memberships", "jkk-total-disability-scholarships",
        "jp-lump-sum-two-memberships-same-month", "jp-lump-sum-from-statement",
    ]

    @Test(arguments: cases)
    func jhtLineMatchesTheExpectedResult(_ name: String) throws {
        let fixture = try SavingsCase(name)
        let outcome = try #require(fixture.jhtOutcome())
        SavingsCase.check(outcome.line, against: fixture.expectedLine("JHT"))
        #expect(outcome.reasons.isEmpty)
        #expect(SavingsCase.isOrderedSubset(outcome.warnings, of: fixture.expectedWarnings), "\(outcome.warnings)")
        let regime = (fixture.expected["regime"] as! [[String: Any]]).first { ($0["program"] as! String) == "JHT" }
        #expect(outcome.regime.instrument == regime?["instrument"] as? String)
        #expect(outcome.regime.effectiveFrom.description == regime?["effective_from"] as? String)
    }

    @Test func jhtIsNotEvaluatedForAWorkAccidentWithoutTotalDisability() throws {
        let fixture = try SavingsCase("jkk-total-disability-scholarships")
        let outcome = SavingsCase.jht.compute(
            participant: fixture.participant, eventType: .workAccident, eventDate: fixture.eventDate,
            claimDate: fixture.claimDate, totalPermanent: false)
        #expect(outcome == nil)
    }
}
