import BenefitRules
import Foundation
import Testing

/// Every worked case of `cases/` (and `cases/extra/`) computes to its `.expected.json`, to the rupiah.
@Suite struct WorkedCasesTests {
    @Test(arguments: RulesFixtures.caseNames())
    func sharedCaseComputesToItsExpectedResult(_ name: String) throws {
        try check(name)
    }

    @Test(arguments: RulesFixtures.caseNames(in: "extra"))
    func extraCaseComputesToItsExpectedResult(_ name: String) throws {
        try check(name)
    }

    func check(_ name: String) throws {
        let expected = try RulesFixtures.expectedJSON(name)
        let actual = try RulesFixtures.actualJSON(name)
        let difference = RulesFixtures.firstDifference(expected, actual)
        #expect(difference == nil, "\(name): \(difference ?? "")")
    }
}
