import BenefitRules
import ClaimStore
import Foundation
import Postgres
import SantunanApp
import SantunanValues
import Testing

@Suite struct HistoryFromDatabaseTests {
    static let calculator: ClaimCalculator = {
        do {
            return try ClaimFiles.calculator(paths: ImportFixture.paths)
        } catch {
            fatalError("config/ does not load: \(error)")
        }
    }()

    static let cases = [
        "seed-sttc-composite-384jt", "seed-labusel-bpu-a-accident", "seed-labusel-bpu-c-after-window",
        "jkm-two-memberships", "old-age-jht-jp-monthly", "jp-lump-sum-two-memberships-same-month",
    ]

    @Test(arguments: cases)
    func aCaseWithoutEmbeddedHistoryComputesTheSameFromTheDatabase(_ name: String) throws {
        let directory = ImportFixture.repository.appendingPathComponent("cases")
        let claim = try ClaimFiles.readCase(at: directory.appendingPathComponent("\(name).case.json").path)
        let fixture = try ImportFixture()
        let files = CaseFiles(claim)
        try fixture.load(.employers, files.employers)
        try fixture.load(.participants, files.participants)
        try fixture.load(.contributions, files.contributions)
        try fixture.load(.sponsors, files.sponsors)

        var stripped = claim
        for index in stripped.participant.memberships.indices {
            stripped.participant.memberships[index].contributions = nil
            stripped.participant.memberships[index].sponsor = nil
        }
        #expect(DatabaseHistory.needsDatabase(stripped))
        let filled = try DatabaseHistory.fill(stripped, connection: fixture.connection)
        #expect(filled == claim)

        let embedded = try ClaimFiles.compute(claim, with: Self.calculator)
        let fromDatabase = try ClaimFiles.compute(filled, with: Self.calculator)
        #expect(fromDatabase.jsonBytes() == embedded.jsonBytes())
        let expected = try String(
            contentsOf: directory.appendingPathComponent("\(name).expected.json"), encoding: .utf8)
        let actual = String(decoding: fromDatabase.jsonBytes(), as: UTF8.self)
        #expect(
            actual.trimmingCharacters(in: .whitespacesAndNewlines)
                == expected.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func aKPJThatIsNotStoredIsInvalidInputNamingTheMembership() throws {
        let directory = ImportFixture.repository.appendingPathComponent("cases")
        var claim = try ClaimFiles.readCase(
            at: directory.appendingPathComponent("seed-sttc-composite-384jt.case.json").path)
        claim.participant.memberships[0].contributions = nil
        let fixture = try ImportFixture()
        let error = try #require(throws: AppError.self) {
            try DatabaseHistory.fill(claim, connection: fixture.connection)
        }
        #expect(error.status == .invalidData)
        #expect(error.field == "participant.memberships[0].kpj")
    }
}

/// The import files that hold one case's participant, employers, contributions and sponsor windows.
struct CaseFiles {
    var employers = ImportKind.employers.header + "\n"
    var participants = ImportKind.participants.header + "\n"
    var contributions = ImportKind.contributions.header + "\n"
    var sponsors = ImportKind.sponsors.header + "\n"

    init(_ claim: Case) {
        let person = claim.participant
        var seenEmployers = Set<String>()
        for membership in person.memberships {
            let employer = membership.employer
            if let npp = employer.npp, seenEmployers.insert(npp).inserted {
                employers += row([npp, employer.name, employer.kind.rawValue, "Test Branch", "Test Region"])
            }
            participants += row([
                person.nik, person.name, person.birthDate.description, person.sex?.rawValue ?? "", membership.kpj,
                membership.segment.rawValue, employer.npp ?? "", employer.npp == nil ? employer.name : "",
                membership.programs.map(\.rawValue).joined(separator: "+"), membership.riskGroup ?? "",
                membership.start.description, membership.end?.description ?? "", "Test Branch",
                membership.start.description, String(membership.reportedWage.value),
            ])
            for contribution in membership.contributions ?? [] {
                contributions += row([
                    membership.kpj, contribution.month.description, String(contribution.wage.value), "0", "0", "0", "0",
                    contribution.month.advanced(by: 1).firstDay.adding(days: 14).description,
                    contribution.paidOn?.description ?? "",
                ])
            }
            if let sponsor = membership.sponsor {
                sponsors += row([
                    sponsor.name, sponsor.kind.rawValue, sponsor.programs.map(\.rawValue).joined(separator: "+"),
                    sponsor.from.description, sponsor.to.description, membership.kpj,
                ])
            }
        }
    }

    func row(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }
}

@Suite struct JHTBalancesTests {
    /// The bulk balances (one binary COPY over the whole table) equal the rules' balance of each case's own history.
    @Test(arguments: ["old-age-jht-jp-monthly", "jkm-two-memberships", "jp-lump-sum-two-memberships-same-month"])
    func theBulkBalanceEqualsTheRulesBalanceOfTheEmbeddedHistory(_ name: String) throws {
        let directory = ImportFixture.repository.appendingPathComponent("cases")
        let claim = try ClaimFiles.readCase(at: directory.appendingPathComponent("\(name).case.json").path)
        let fixture = try ImportFixture()
        let files = CaseFiles(claim)
        try fixture.load(.employers, files.employers)
        try fixture.load(.participants, files.participants)
        try fixture.load(.contributions, files.contributions)
        try fixture.load(.sponsors, files.sponsors)

        let calculator = try JHTCalculator(parameters: try RuleConfig.load(from: ImportFixture.paths.config))
        let payout = try #require(CivilDate(iso: "2025-01-15"))
        let balances = try JHTBalances.compute(fixture.connection, calculator: calculator, payoutDate: payout)
        let id = try fixture.connection.execute("SELECT id FROM participant WHERE nik = \(claim.participant.nik)")
        let expected = calculator.balance(participant: claim.participant, payoutDate: payout).value
        #expect(expected > 0)
        #expect(balances == [try id.decode(Int64.self, row: 0, column: 0): expected])
        // Read in parallel over id ranges (three connections, one or two of them with nothing to read): the same.
        let parallel = try JHTBalances.compute(
            conninfo: fixture.conninfo, workers: 3, logger: ImportFixture.logger, calculator: calculator,
            payoutDate: payout)
        #expect(parallel == balances)
    }
}
