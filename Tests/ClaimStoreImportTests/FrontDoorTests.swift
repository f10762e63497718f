import BenefitRules
import ClaimStore
import Foundation
import Postgres
import SantunanApp
import SantunanValues
import Testing

/// `claim new` and `participant show` in-process, against worked cases loaded into the database (issue 18).
@Suite struct FrontDoorTests {
    static let cases = [
        "seed-sttc-composite-384jt", "seed-labusel-bpu-a-accident", "seed-labusel-bpu-c-after-window",
        "jkm-two-memberships", "old-age-jht-jp-monthly", "jp-lump-sum-two-memberships-same-month",
    ]

    static func loaded(_ name: String) throws -> (Case, ImportFixture) {
        let directory = ImportFixture.repository.appendingPathComponent("cases")
        let claim = try ClaimFiles.readCase(at: directory.appendingPathComponent("\(name).case.json").path)
        let fixture = try ImportFixture()
        let files = CaseFiles(claim)
        try fixture.load(.employers, files.employers)
        try fixture.load(.participants, files.participants)
        try fixture.load(.contributions, files.contributions)
        try fixture.load(.sponsors, files.sponsors)
        return (claim, fixture)
    }

    /// A worked case rebuilt by `claim new`'s builder from the database and what the officer supplies (event, heirs,
    /// accident, statements aside) computes to the same result as the hand-written file.
    @Test(arguments: cases)
    func theBuilderRebuildsAWorkedCaseFromTheDatabase(_ name: String) throws {
        let (claim, fixture) = try Self.loaded(name)
        var draft = ClaimDraft()
        draft.participant = claim.event.membership ?? claim.participant.nik
        draft.eventType = claim.event.type
        draft.eventDate = claim.event.date
        draft.claimDate = claim.claimDate
        draft.heirs = claim.heirs
        draft.accident = claim.event.accident
        draft.caseID = claim.caseID
        let stored = try ParticipantLookup.stored(draft.participant!, field: "--participant", on: fixture.connection)
        var (built, file) = try ClaimDraftBuilder.build(draft, stored: stored, today: claim.claimDate)
        // Balance statements come from paper, not from the database: carried over as the officer would type them.
        built.participant.jhtStatement = claim.participant.jhtStatement
        built.participant.jpStatement = claim.participant.jpStatement
        #expect(try Case.parse(file) == (try Case.parse(CaseFileWriter.json(try Case.parse(file)))))
        let calculator = HistoryFromDatabaseTests.calculator
        let expected = try ClaimFiles.compute(claim, with: calculator)
        let rebuilt = try ClaimFiles.compute(built, with: calculator)
        #expect(rebuilt.jsonBytes() == expected.jsonBytes(), "\(name)")
    }

    /// The JHT balance on the participant's page is the rules' balance of the stored history, the same as the bulk
    /// computation and as the case's own history gives.
    @Test(arguments: ["old-age-jht-jp-monthly", "jkm-two-memberships"])
    func theJHTBalanceOnThePageIsTheRulesBalance(_ name: String) throws {
        let (claim, fixture) = try Self.loaded(name)
        let parameters = try RuleConfig.load(from: ImportFixture.paths.config)
        let today = try #require(CivilDate(iso: "2025-01-15"))
        let profile = try ParticipantLookup.profile(
            claim.participant.nik, today: today, parameters: parameters, on: fixture.connection)
        let calculator = try JHTCalculator(parameters: parameters)
        let expected = calculator.balance(participant: claim.participant, payoutDate: today).value
        #expect(expected > 0)
        #expect(profile.jhtBalance == expected)
        let bulk = try JHTBalances.compute(fixture.connection, calculator: calculator, payoutDate: today)
        #expect(bulk.values.first == expected)
        #expect(profile.memberships.count == claim.participant.memberships.count)
        #expect(
            profile.memberships.map(\.months)
                == claim.participant.memberships.map { $0.contributions?.count ?? 0 })
    }

    /// A name search treats `%` and `_` as text: they match nothing here, rather than every participant.
    @Test func aNameSearchIsNotAPattern() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        #expect(try ParticipantLookup.find("%", on: fixture.connection).isEmpty)
        #expect(try ParticipantLookup.find("_", on: fixture.connection).isEmpty)
        #expect(try ParticipantLookup.find("rudi", on: fixture.connection).map(\.nik) == ["1272011204820031"])
        #expect(try ParticipantLookup.find("22109900411", on: fixture.connection).map(\.name) == ["Ponijan"])
    }
}
