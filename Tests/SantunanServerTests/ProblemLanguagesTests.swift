import SantunanTestSupport
import SantunanValues
import Testing

@testable import SantunanServer

/// How a request's `Accept-Language` chooses the language of its problem+json (RFC 9110 §12.5.4 weights).
@Suite struct ProblemLanguagesTests {
    @Test(arguments: [
        (nil, Language.english),
        ("", .english),
        ("id", .indonesian),
        ("ID-id", .indonesian),
        ("in_ID", .indonesian),
        ("en-US", .english),
        ("fr, de", .english),
        ("*", .english),
        ("fr, id;q=0.1", .indonesian),
        ("id;q=0.5, en;q=0.8", .english),
        ("en;q=0.8, id;q=0.8", .english),
        ("id;q=0.8, en;q=0.8", .indonesian),
        ("en;q=0, id;q=0.001", .indonesian),
        ("id;q=0", .english),
        ("id;q=1.5, en;q=0.2", .english),
        ("id;q=abc", .english),
        ("id;q=0.1234", .english),
        ("id ; q=0.9 , en ; q=0.4", .indonesian),
        ("id;level=1;q=1.000", .indonesian),
        (",,;;,id", .indonesian),
        ("en-GB;q=0.7,id-ID;q=0.9", .indonesian),
    ] as [(String?, Language)])
    func theHighestWeightedSupportedLanguageWins(header: String?, expected: Language) {
        #expect(ProblemLanguages.preferred(header) == expected)
    }

    @Test func anOverlongHeaderIsNotRead() {
        #expect(ProblemLanguages.preferred(String(repeating: "x-y, ", count: 200) + "id") == .english)
    }

    @Test func weightsAreRead() {
        #expect(ProblemLanguages.weight("1") == 1000)
        #expect(ProblemLanguages.weight("1.000") == 1000)
        #expect(ProblemLanguages.weight("0.8") == 800)
        #expect(ProblemLanguages.weight("0.125") == 125)
        #expect(ProblemLanguages.weight("0") == 0)
        #expect(ProblemLanguages.weight("1.5") == nil)
        #expect(ProblemLanguages.weight("0.") == 0)
        #expect(ProblemLanguages.weight("") == nil)
        #expect(ProblemLanguages.weight("-0.5") == nil)
        #expect(ProblemLanguages.weight("0.-5") == nil)
    }

    /// Every status the service answers with a problem has a title in both catalogs.
    @Test func everyProblemStatusHasATitleInBothLanguages() throws {
        let languages = ProblemLanguages.shipped(root: CLIRunner.repository)
        for status in [400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503] {
            let english = languages.english.render("ops.serve.problem.title.\(status)")
            let indonesian = languages.indonesian.render("ops.serve.problem.title.\(status)")
            #expect(!english.hasPrefix("⟦") && !indonesian.hasPrefix("⟦") && english != indonesian, "\(status)")
        }
        // A status without a key reads its code.
        #expect(ProblemLanguages.title(for: 599, in: languages.indonesian) == "HTTP 599")
    }
}
