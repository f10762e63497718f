import BenefitRules
import SantunanValues
import Testing

/// Every JP figure of the shared cases, to the rupiah, with its formula, basis, parameters and warnings.
@Suite struct JPCasesTests {
    static let cases = [
        "seed-sttc-composite-384jt", "old-age-jht-jp-monthly", "old-age-under-15-years-jp-lump-sum",
        "jkk-total-disability-scholarships", "jp-lump-sum-two-memberships-same-month", "jp-lump-sum-from-statement",
        "jkm-two-memberships", "pp44-jkk-death-48x-one-child", "jht-resignation-one-month-wait",
    ]

    @Test(arguments: cases)
    func jpLineMatchesTheExpectedResult(_ name: String) throws {
        let fixture = try SavingsCase(name)
        guard let outcome = fixture.jpOutcome() else {
            #expect(fixture.expectedLine("JP") == nil)
            let regime = (fixture.expected["regime"] as! [[String: Any]]).first { ($0["program"] as! String) == "JP" }
            #expect(regime == nil)
            return
        }
        SavingsCase.check(outcome.line, against: fixture.expectedLine("JP"))
        #expect(outcome.reasons.isEmpty)
        #expect(SavingsCase.isOrderedSubset(outcome.warnings, of: fixture.expectedWarnings), "\(outcome.warnings)")
        let monthly = fixture.expected["monthly_pension"] as? [String: Any]
        #expect(outcome.monthlyPension?.amount.value == monthly.map { SavingsCase.integer($0["amount"]) })
        #expect(outcome.monthlyPension?.startMonth.description == monthly?["start_month"] as? String)
        #expect(outcome.monthlyPension?.recipient == monthly?["recipient"] as? String)
        #expect(outcome.monthlyPension?.kind.rawValue == monthly?["kind"] as? String)
    }
}

/// Every JHT/JP warning of the shared cases comes from the savings calculators, in the expected order.
@Suite struct JPWarningCoverageTests {
    @Test(arguments: JHTCasesTests.cases)
    func everyExpectedSavingsWarningIsProduced(_ name: String) throws {
        let fixture = try SavingsCase(name)
        let produced = (fixture.jhtOutcome()?.warnings ?? []) + (fixture.jpOutcome()?.warnings ?? [])
        let savings = fixture.expectedWarnings.filter { warning in
            ["jht", "JHT", "jp.", "JP ", "jp_"].contains { warning.hasPrefix($0) }
        }
        var deduplicated: [String] = []
        for warning in produced where !deduplicated.contains(warning) { deduplicated.append(warning) }
        #expect(deduplicated == savings)
    }
}
