import Foundation
import Ledger
import Postgres
import SantunanApp
import SantunanValues
import Testing

@testable import BenefitRules

@Suite struct DevelopmentPostingTests {
    @Test func eachMonthCreditsTheRulesDevelopmentOnTheBookedBalanceAndCompounds() throws {
        let calculator = try JHTCalculator(parameters: JHTStatementTests.parameters)
        let development = try SavingsDevelopment.jht(JHTStatementTests.parameters)
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        for (kpj, amount) in [("14000000001", Int64(12_000_000)), ("14000000002", Int64(3_500_000))] {
            try Ledger.post(
                .contributionDue(
                    employer: "NN010203", participant: kpj, month: "2024-01",
                    effectiveDate: CivilDate(iso: "2024-01-15")!, shares: [ProgramAmount(.jht, amount)],
                    recordedBy: "test"), on: connection)
        }
        let january = try #require(YearMonth(iso: "2024-01"))
        let february = try #require(YearMonth(iso: "2024-02"))
        let march = try #require(YearMonth(iso: "2024-03"))

        // Nothing was booked before January: no development for January.
        let none = try LedgerDevelopment.post(development, month: january, on: connection, recordedBy: "test")
        #expect(none.accounts == 0 && none.posted == 0 && none.total == 0)
        #expect(none.warnings.isEmpty)

        // The ledger's step is the rules' own (the calculator's year table and the flow read the same row).
        let first = calculator.development(onBalance: 12_000_000, in: february)
        let second = calculator.development(onBalance: 3_500_000, in: february)
        #expect(first > 0 && second > 0)
        let feb = try LedgerDevelopment.post(development, month: february, on: connection, recordedBy: "test")
        #expect(feb.program == .jht)
        #expect(feb.accounts == 2)
        #expect(feb.posted == 2)
        #expect(feb.total == first + second)
        #expect(feb.rate.key == "jht.crediting_rate_bp")
        // Again: the same figures, nothing new written.
        let again = try LedgerDevelopment.post(development, month: february, on: connection, recordedBy: "test")
        #expect(again.posted == 0)
        #expect(again.total == feb.total)

        // March earns on January's deposit plus February's development.
        let mar = try LedgerDevelopment.post(development, month: march, on: connection, recordedBy: "test")
        let compounded = calculator.development(onBalance: 12_000_000 + first, in: march)
        let balance = try Ledger.balances(
            .account(.jht(participant: "14000000001")), at: CivilDate(iso: "2024-03-31")!, on: connection)
        #expect(balance.first?.balance == 12_000_000 + first + compounded)
        #expect(mar.posted == 2)
        let statement = try Ledger.jhtStatement(participant: "14000000001", on: connection)
        #expect(statement.development == first + compounded)
        let expense = try Ledger.balances(.account(.development(.jht)), on: connection)
        #expect(expense.first?.balance == mar.total + feb.total)

        // The memo cites the rate and its basis.
        let key = "development.credited:JHT:14000000001:2024-03"
        let memo = try connection.execute("SELECT memo FROM ledger_transaction WHERE idempotency_key = \(key)")
        let text: String = try memo[0, 0]
        #expect(text == "development 2024-03 at \(mar.rate.citation)")
        #expect(text.hasPrefix("development 2024-03 at jht.crediting_rate_bp "))
        #expect(try Ledger.verify(on: connection).isValid)
    }

    /// The JP individual account, booked from a history and credited by the monthly flow, ends at the rules' JP lump
    /// sum for the same history (RULEBOOK §9.8): the shared case of a participant under 15 years of JP.
    @Test func theJPAccountCreditedMonthByMonthEqualsTheRulesLumpSum() throws {
        let parameters = JHTStatementTests.parameters
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("cases/old-age-under-15-years-jp-lump-sum.case.json")
        let claim = try Case.parse(Array(try Data(contentsOf: url)))
        let result = try ClaimCalculator(parameters: parameters).compute(claim)
        let lumpSum = try #require(result.lines.first { $0.item == "jp.lump_sum" }).amount.value
        #expect(lumpSum == 10_161_664)

        // Book each JP month's deposit `rhu(min(wage, cap) × 3 %)` in the month it was paid (as §9.8 credits it).
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        let membership = claim.participant.memberships[0]
        let kpj = membership.kpj
        let lastMonth = claim.claimDate.yearMonth.ordinal - 1
        let jpStart = try #require(YearMonth(iso: "2015-07"))
        var firstPaid = Int.max
        for row in membership.contributions ?? [] {
            guard let paidOn = row.paidOn, row.month >= jpStart, row.month <= claim.event.date.yearMonth,
                paidOn <= claim.claimDate, paidOn.yearMonth.ordinal <= lastMonth
            else { continue }
            let (cap, _) = try parameters.integer("jp.wage_cap", on: row.month.firstDay)
            let (rate, _) = try parameters.integer("jp.contribution_bp", on: claim.event.date)
            try Ledger.post(
                .contributionDue(
                    employer: try #require(membership.employer.npp), participant: kpj,
                    month: row.month.description, effectiveDate: CivilDate(iso: paidOn.description)!,
                    shares: [ProgramAmount(.jp, SavingsMath.share(min(row.wage.value, cap), basisPoints: rate))],
                    recordedBy: "test"), on: connection)
            firstPaid = min(firstPaid, paidOn.yearMonth.ordinal)
        }
        #expect(firstPaid < lastMonth)

        // The month-end flow, month after month, up to the month before the claim month.
        let development = try SavingsDevelopment.jp(parameters)
        var warnings: Set<String> = []
        for ordinal in (firstPaid + 1)...lastMonth {
            let summary = try LedgerDevelopment.post(
                development, month: YearMonth(ordinal: ordinal), on: connection, recordedBy: "test")
            #expect(summary.program == .jp)
            #expect(summary.accounts == 1)
            warnings.formUnion(summary.warnings)
        }
        let end = CivilDate(iso: YearMonth(ordinal: lastMonth).lastDay.description)!
        let booked = try Ledger.balances(.account(.jp(participant: kpj)), at: end, on: connection)
        #expect(booked.first?.balance == lumpSum)
        // The rate before 2025 is carried back (R15): the run says so, as the claim's result does.
        #expect(warnings == ["jp.development_rate_bp is unconfirmed (confirmed: false)"])
        #expect(result.warnings.contains("jp.development_rate_bp is unconfirmed (confirmed: false)"))
        #expect(try Ledger.verify(on: connection).isValid)
    }

    @Test func aMonthTheRateDoesNotCoverIsRefusedNamingTheParameter() throws {
        let development = try SavingsDevelopment.jp(JHTStatementTests.parameters)
        #expect(throws: ParameterError.self) { try development.rate(for: YearMonth(iso: "2014-12")!) }
        let rate2025 = try development.rate(for: YearMonth(iso: "2025-06")!)
        #expect(rate2025.basisPoints == 647 && rate2025.confirmed && rate2025.warning == nil)
        let rate2015 = try development.rate(for: YearMonth(iso: "2015-08")!)
        #expect(!rate2015.confirmed)
        #expect(
            rate2015.citation
                == "jp.development_rate_bp 6,47 %/yr (2025 JP lump-sum rate carried back (R15); unconfirmed)")
        #expect(rate2015.amount(onBalance: 1_200_000) == 1_200_000 * 647 / 120_000)
        #expect(rate2015.amount(onBalance: -5) == 0)

        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        #expect(throws: LedgerError.self) {
            try LedgerDevelopment.post(
                development, month: YearMonth(iso: "2015-01")!, on: connection, recordedBy: "test")
        }

        // Both programs in one run (the CLI's default): JHT has a balance to credit and a rate for 2015-01, JP has
        // no rate; the run is refused naming JP's parameter and credits nothing, not even JHT.
        try Ledger.post(
            .contributionDue(
                employer: "NN010203", participant: "14000000001", month: "2014-12",
                effectiveDate: CivilDate(iso: "2014-12-15")!, shares: [ProgramAmount(.jht, 5_000_000)],
                recordedBy: "test"), on: connection)
        let jht = try SavingsDevelopment.jht(JHTStatementTests.parameters)
        let refused = #expect(throws: LedgerError.self) {
            try LedgerDevelopment.post(
                [jht, development], month: YearMonth(iso: "2015-01")!, on: connection, recordedBy: "test")
        }
        #expect(refused?.field == "month")
        #expect(refused?.reason.hasPrefix("jp.development_rate_bp ") == true)
        let credited = try connection.execute(
            "SELECT count(*) FROM ledger_transaction WHERE kind = 'development.credited'")
        #expect(try credited[0, 0] as Int64 == 0)
        // JHT alone credits that month.
        let alone = try LedgerDevelopment.post(
            jht, month: YearMonth(iso: "2015-01")!, on: connection, recordedBy: "test")
        #expect(alone.posted == 1)
    }
}
