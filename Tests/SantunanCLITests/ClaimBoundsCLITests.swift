import Foundation
import Testing
import SantunanTestSupport

/// Issue 15 through the binary: `claim compute` bounds the case's dates by today (the system clock, or
/// `SANTUNAN_FIXED_CLOCK`), and a far-future case is one error line and exit 65 — on 6a4971f 2512-01-01 crashed
/// (SIGILL) and 2500-12-31 exited 0 with a JHT of Rp 5.005.241.897.857.284.969.
@Suite struct ClaimBoundsCLITests {
    let cli = CLIRunner(environment: ["SANTUNAN_FIXED_CLOCK": "2026-12-06T09:00:00+07:00"])

    /// A shipped JHT case with its claim and event dates moved to `date`, in a scratch file.
    func farCase(_ date: String) throws -> URL {
        var text = try String(
            contentsOf: CLIRunner.repository.appendingPathComponent("cases/jht-layoff-after-wait.case.json"),
            encoding: .utf8)
        let claim = try #require(text.range(of: #""claim_date": ""#))
        text.replaceSubrange(claim.upperBound..<text.index(claim.upperBound, offsetBy: 10), with: date)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "santunan-far-\(date)-\(getpid()).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test(arguments: ["2512-01-01", "2500-12-31"])
    func aFarFutureClaimDateExits65NamingTheField(date: String) throws {
        let file = try farCase(date)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try cli.run(["claim", "compute", file.path])
        #expect(outcome.status == 65)
        #expect(outcome.stderr == "error: claim_date: \"\(date)\" is after 2027-12-06, a year after today\n")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func theCaseDated2030ComputesOnlyWithAClockThatAllowsIt() throws {
        let refused = try cli.run(["claim", "compute", "cases/old-age-jht-jp-monthly.case.json"])
        #expect(refused.status == 65)
        #expect(refused.stderr == "error: claim_date: \"2030-10-06\" is after 2027-12-06, a year after today\n")
        let later = CLIRunner(environment: ["SANTUNAN_FIXED_CLOCK": "2030-10-06T09:00:00+07:00"])
        let computed = try later.run(["claim", "compute", "cases/old-age-jht-jp-monthly.case.json", "--json"])
        #expect(computed.status == 0)
        #expect(computed.stdout.contains("\"amount\": 189618180"))
    }
}
