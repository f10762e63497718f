import Foundation
import SantunanTestSupport
import Testing

/// Choosing the language (issue 20): `--lang`, `SANTUNAN_LANG`, the locale; errors keep their shape and exit code in
/// both languages, only the reason is translated.
@Suite struct LanguageCLITests {
    let cli = CLIRunner()

    @Test func anInvalidCaseGivesTheSameFieldAndStatusInBothLanguages() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString).json")
        try Data(#"{"case_id": "A", "case_id": "B"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let english = try cli.run(["--lang", "en", "claim", "compute", file.path])
        let indonesian = try cli.run(["claim", "compute", file.path, "--lang=id"])
        let byLocale = try CLIRunner(environment: ["LANG": "id_ID.UTF-8"]).run(["claim", "compute", file.path])
        #expect(english.status == 65)
        #expect(indonesian.status == 65)
        #expect(english.stderr == "error: case_id: duplicate key\n")
        #expect(indonesian.stderr == "error: case_id: kunci ganda\n")
        #expect(byLocale.stderr == indonesian.stderr)
    }

    @Test func anUnknownLanguageIsAUsageErrorNamingWhereItCameFrom() throws {
        let flag = try cli.run(["--lang", "fr", "--version"])
        #expect(flag.status == 64)
        #expect(flag.stderr == "error: --lang: \"fr\" is not a language: use id or en\n")
        let environment = try CLIRunner(environment: ["SANTUNAN_LANG": "xx"]).run(["--version"])
        #expect(environment.status == 64)
        #expect(environment.stderr.hasPrefix("error: SANTUNAN_LANG: "))
        let missing = try cli.run(["claim", "compute", "--lang"])
        #expect(missing.status == 64)
        // Read before any catalog is installed: the shipped English text, not the key (docs/decisions/0021, session 7).
        #expect(missing.stderr == "error: --lang: give a language: id or en\n")
    }

    @Test func versionIsPrinted() throws {
        let outcome = try cli.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+\n/) != nil)
    }
}
