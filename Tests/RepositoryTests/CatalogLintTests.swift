import Foundation
import Testing

/// Every text a person reads comes from the message catalogs (issue 20): a string literal with words in a
/// user-facing position of the CLI — printed (`say`, `warn`), an error's reason, a command's abstract, discussion or
/// a help text — fails this test. Keys (`t("claims.list.empty")`), option names and machine formats are not
/// user-facing text and pass.
@Suite struct CatalogLintTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Files whose texts are not in the catalogs yet. Shrinks to nothing; a listed file that has become clean fails
    /// the test, so the list never outlives its reason.
    static let notYetConverted: Set<String> = []

    /// A user-facing position followed by a string literal (`"` or `"""`).
    static var position: Regex<(Substring, Substring)> { #/(?:\b(?:say|warn|print)\(\s*|\b(?:reason|abstract|discussion|help|usage):\s*)("(?:""\n)?)/# }

    /// The user-facing literals of `source`: (line, literal).
    static func findings(in source: String) -> [(Int, String)] {
        var findings: [(Int, String)] = []
        for match in source.matches(of: position) {
            let start = match.range.upperBound
            let multiline = match.output.1.count > 1
            let end =
                multiline
                ? source[start...].firstRange(of: "\"\"\"")?.lowerBound
                : source[start...].firstIndex(where: { $0 == "\"" || $0 == "\n" })
            guard let end else { continue }
            var literal = String(source[start..<end])
            // Interpolations are arguments, not text.
            literal.replace(#/\\\([^)]*\)/#, with: "")
            // A JSON document written by hand is machine output, the same in every language.
            let trimmed = literal.drop { $0 == " " || $0 == "\n" }
            guard literal.contains(/[A-Za-z]{2,}/), !trimmed.hasPrefix("{"), !trimmed.hasPrefix("[") else { continue }
            let line = source[..<match.range.lowerBound].filter { $0 == "\n" }.count + 1
            findings.append((line, String(literal.prefix(60))))
        }
        return findings
    }

    @Test func theCLIPrintsNoTextOutsideTheCatalogs() throws {
        let directory = Self.root.appendingPathComponent("Sources/santunan")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
        for file in files.sorted() {
            let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let findings = Self.findings(in: source)
            if Self.notYetConverted.contains(file) {
                #expect(!findings.isEmpty, "\(file) prints only catalog texts now: take it off notYetConverted")
            } else {
                for (line, literal) in findings {
                    Issue.record("Sources/santunan/\(file):\(line): \"\(literal)\" is text for people: put it in config/messages/*.catalog and print t(\"key\")")
                }
            }
        }
    }

    @Test func theLintSeesTheTextsItMustSee() {
        #expect(Self.findings(in: #"say("Claim \(id) stored")"#).count == 1)
        #expect(Self.findings(in: #"throw AppError(.usage, field: "--on", reason: "not a date")"#).count == 1)
        #expect(Self.findings(in: "discussion: \"\"\"\n    Examples:\n    \"\"\"").count == 1)
        #expect(Self.findings(in: #"say(t("claims.list.empty"))"#).isEmpty)
        #expect(Self.findings(in: #"say("\(a)  \(b)")"#).isEmpty)
        #expect(Self.findings(in: "say(\"\"\"\n    {\"paid\": \\(n)}\n    \"\"\")").isEmpty)
        #expect(Self.findings(in: #"reason: t("x", ["n": .number(1)])"#).isEmpty)
    }
}
