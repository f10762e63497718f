import BenefitRules
import ClaimStore
import HeirQueue
import Testing

/// The stored claim keeps what the payout path needs to pay a JP pension month by month (RULEBOOK §9.7 item 8).
@Suite struct PensionRowsTests {
    @Test func theJPMonthlyRowKeepsTheAmountBeforeTheClamp() throws {
        let text = QueueFixtures.sharedCase("old-age-jht-jp-monthly.case.json")
        let claim = try Case.parse(Array(text.utf8))
        let result = try QueueFixtures.calculator.compute(claim)
        let rows = result.rows(id: 1, case: claim).lines
        let monthly = try #require(rows.first { $0.item == "jp.monthly" })
        #expect(monthly.amount == 1_530_227)
        #expect(monthly.pensionComputed == 1_530_227)
        #expect(rows.filter { $0.item != "jp.monthly" }.allSatisfy { $0.pensionComputed == nil })
    }
}
