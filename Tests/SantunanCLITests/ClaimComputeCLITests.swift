import Foundation
import Testing
import SantunanTestSupport

/// `santunan claim compute` as a claims officer runs it: output, exit codes and error lines (CONTRACT §1–3).
@Suite struct ClaimComputeCLITests {
    let cli = CLIRunner()

    static func json(_ text: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    @Test(arguments: ["seed-honorer-jkm-42jt-a", "seed-labusel-bpu-c-after-window", "jkk-transport-several-modes"])
    func computeJSONPrintsTheExpectedResult(name: String) throws {
        let outcome = try cli.run(["claim", "compute", "cases/\(name).case.json", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let expected = try Data(contentsOf: CLIRunner.repository.appendingPathComponent("cases/\(name).expected.json"))
        let expectedObject = try #require(JSONSerialization.jsonObject(with: expected) as? NSDictionary)
        #expect(try Self.json(outcome.stdout) == expectedObject)
    }

    @Test func humanOutputShowsRupiahAndTheLegalBasis() throws {
        let outcome = try cli.run(["claim", "compute", "cases/seed-honorer-jkm-42jt-a.case.json"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("Rp 42.000.000"))
        #expect(outcome.stdout.contains("Rp 20.000.000"))
        #expect(outcome.stdout.contains("PP 82/2019 Pasal 34"))
        #expect(outcome.stderr.isEmpty)
    }

    @Test func anInvalidCaseExits65WithTheFieldAndReason() throws {
        let outcome = try cli.run(["claim", "compute", "cases/invalid-three-children-undesignated.case.json"])
        #expect(outcome.status == 65)
        let expected = try Self.json(
            String(
                contentsOf: CLIRunner.repository.appendingPathComponent(
                    "cases/invalid-three-children-undesignated.expected.json"), encoding: .utf8))
        #expect(outcome.stderr == "\(expected["error"] as? String ?? "?")\n")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func aMissingCaseFileExits66() throws {
        let outcome = try cli.run(["claim", "compute", "cases/no-such-case.json"])
        #expect(outcome.status == 66)
        #expect(outcome.stderr.hasPrefix("error: cases/no-such-case.json: cannot read the case file"))
    }

    @Test func aMissingArgumentIsAUsageError() throws {
        let outcome = try cli.run(["claim", "compute"])
        #expect(outcome.status == 64)
    }

    @Test func rulesShowListsTheParametersInForceWithTheirCitation() throws {
        let outcome = try cli.run(["rules", "show", "--program", "JKM", "--on", "2022-01-18", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [NSDictionary])
        let death = try #require(rows.first { $0["key"] as? String == "jkm.death" })
        #expect(death["value"] as? Int == 20_000_000)
        #expect(death["effective_from"] as? String == "2019-12-02")
        #expect(death["basis"] as? String == "PP 82/2019 Pasal 34")
        #expect(death["confirmed"] as? Bool == true)
    }

    @Test func rulesShowRefusesABadDate() throws {
        let outcome = try cli.run(["rules", "show", "--on", "2022-02-30"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr == "error: --on: \"2022-02-30\" is not a day of the calendar: 2022-02 has 28 days\n")
    }
}
