import Foundation
import Ledger
import Postgres
import SantunanTestSupport
import SantunanValues
import Testing

@testable import BenefitRules

@Suite struct JHTStatementTests {
    static let parameters: ParameterSet = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let documents = names.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            ConfigLoader.Document(
                name: "config/\(name)",
                text: (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "")
        }
        return try! ConfigLoader.load(documents)
    }()

    /// A wage earner's JHT history 2016-01…2021-12 with rising wages, some months paid late and some unpaid.
    static func participant() -> Participant {
        var rows: [ContributionRow] = []
        for ordinal in (2016 * 12)...(2021 * 12 + 11) {
            let month = YearMonth(ordinal: ordinal)
            let wage = Rupiah(Int64(3_000_000 + (ordinal - 2016 * 12) * 25_000))
            let paid: CivilDate? =
                ordinal % 17 == 0
                ? nil
                : ordinal % 5 == 0
                    ? month.advanced(by: 2).firstDay.adding(days: 3) : month.advanced(by: 1).firstDay.adding(days: 9)
            rows.append(ContributionRow(month: month, wage: wage, paidOn: paid))
        }
        let membership = Membership(
            kpj: "18012345678", segment: .wageEarner,
            employer: Employer(npp: "NN010203", name: "PT Contoh", kind: .company),
            start: CivilDate(year: 2016, month: 1, day: 1)!, end: nil, programs: [.jkk, .jkm, .jht, .jp],
            riskGroup: "III", reportedWage: Rupiah(4_800_000), contributions: rows, sponsor: nil)
        return Participant(
            nik: "1272010101850001", name: "Budi", birthDate: CivilDate(year: 1985, month: 1, day: 1)!, sex: .male,
            maritalStatus: .married, memberships: [membership], jhtStatement: nil, jpStatement: nil)
    }

    @Test func theJHTStatementEqualsTheRulesBalanceForTheSameHistory() throws {
        let calculator = try JHTCalculator(parameters: Self.parameters)
        let participant = Self.participant()
        let payoutDate = CivilDate(year: 2022, month: 3, day: 10)!
        let expected = calculator.balance(participant: participant, payoutDate: payoutDate)

        // Post the same history through the builders: each month first its development (on the balance so far,
        // at the year's crediting rate), then the JHT share of the rows paid that month.
        let connection = try LedgerFixtures.connect(try LedgerFixtures.database())
        let kpj = participant.memberships[0].kpj
        let rows = participant.memberships[0].contributions!.filter { $0.paidOn != nil }
        let rate = calculator.puRate.value(on: payoutDate)
        let last = payoutDate.yearMonth.ordinal - 1
        let first = rows.map { $0.paidOn!.yearMonth.ordinal }.min()!
        var balance: Int64 = 0
        for ordinal in first...last {
            let month = YearMonth(ordinal: ordinal)
            let development = JHTCalculator.development(balance, calculator.crediting.value(ordinal / 12))
            if development > 0 {
                try Ledger.post(
                    .developmentCredited(
                        program: .jht, participant: kpj, month: month.description, amount: development,
                        effectiveDate: CivilDate(iso: month.lastDay.description)!, recordedBy: "test"),
                    on: connection)
                balance += development
            }
            for row in rows where row.paidOn!.yearMonth.ordinal == ordinal {
                let share = SavingsMath.share(row.wage.value, basisPoints: rate)
                try Ledger.post(
                    .contributionDue(
                        employer: "NN010203", participant: kpj, month: row.month.description,
                        effectiveDate: CivilDate(iso: row.paidOn!.description)!,
                        shares: [ProgramAmount(.jht, share)], recordedBy: "test"),
                    on: connection)
                balance += share
            }
        }
        // A withdrawal after the statement period does not change the balance at its end.
        try Ledger.post(
            .claimApproved(
                claimID: "JHT-1", participant: kpj, lines: [ProgramAmount(.jht, 1_000)],
                effectiveDate: CivilDate(iso: payoutDate.description)!, recordedBy: "test"), on: connection)

        let end = CivilDate(iso: YearMonth(ordinal: last).lastDay.description)!
        let statement = try Ledger.jhtStatement(participant: kpj, to: end, on: connection)
        #expect(statement.closingBalance == expected.value)
        #expect(statement.contributions + statement.development - statement.withdrawals == expected.value)
        #expect(statement.withdrawals == 0)
        let balanceAtEnd = try Ledger.balances(.account(.jht(participant: kpj)), at: end, on: connection)
        #expect(balanceAtEnd.first?.balance == expected.value)

        let full = try Ledger.jhtStatement(participant: kpj, on: connection)
        #expect(full.withdrawals == 1_000)
        #expect(full.closingBalance == expected.value - 1_000)
        let later = try Ledger.jhtStatement(participant: kpj, from: CivilDate(iso: "2020-01-01")!, on: connection)
        #expect(later.closingBalance == full.closingBalance)
        #expect(later.openingBalance > 0)
        #expect(try Ledger.verify(on: connection).isValid)
    }
}
