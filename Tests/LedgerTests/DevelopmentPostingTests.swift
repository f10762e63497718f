import BenefitRules
import Ledger
import Postgres
import SantunanApp
import Testing

@Suite struct DevelopmentPostingTests {
    @Test func eachMonthCreditsTheRulesDevelopmentOnTheBookedBalanceAndCompounds() throws {
        let calculator = try JHTCalculator(parameters: JHTStatementTests.parameters)
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        for (kpj, amount) in [("14000000001", Int64(12_000_000)), ("14000000002", Int64(3_500_000))] {
            try Ledger.post(
                .contributionDue(
                    employer: "NN010203", participant: kpj, month: "2024-01",
                    effectiveDate: LedgerDate(iso: "2024-01-15")!, shares: [ProgramAmount(.jht, amount)],
                    recordedBy: "test"), on: connection)
        }
        let january = try #require(YearMonth(iso: "2024-01"))
        let february = try #require(YearMonth(iso: "2024-02"))
        let march = try #require(YearMonth(iso: "2024-03"))

        // Nothing was booked before January: no development for January.
        let none = try LedgerDevelopment.postJHT(
            month: january, calculator: calculator, on: connection, recordedBy: "test")
        #expect(none.accounts == 0 && none.posted == 0 && none.total == 0)

        let first = calculator.development(onBalance: 12_000_000, in: february)
        let second = calculator.development(onBalance: 3_500_000, in: february)
        #expect(first > 0 && second > 0)
        let feb = try LedgerDevelopment.postJHT(
            month: february, calculator: calculator, on: connection, recordedBy: "test")
        #expect(feb.accounts == 2)
        #expect(feb.posted == 2)
        #expect(feb.total == first + second)
        // Again: the same figures, nothing new written.
        let again = try LedgerDevelopment.postJHT(
            month: february, calculator: calculator, on: connection, recordedBy: "test")
        #expect(again.posted == 0)
        #expect(again.total == feb.total)

        // March earns on January's deposit plus February's development.
        let mar = try LedgerDevelopment.postJHT(
            month: march, calculator: calculator, on: connection, recordedBy: "test")
        let compounded = calculator.development(onBalance: 12_000_000 + first, in: march)
        let balance = try Ledger.balances(
            .account(.jht(participant: "14000000001")), at: LedgerDate(iso: "2024-03-31")!, on: connection)
        #expect(balance.first?.balance == 12_000_000 + first + compounded)
        #expect(mar.posted == 2)
        let statement = try Ledger.jhtStatement(participant: "14000000001", on: connection)
        #expect(statement.development == first + compounded)
        let expense = try Ledger.balances(.account(.development(.jht)), on: connection)
        #expect(expense.first?.balance == mar.total + feb.total)
    }
}
