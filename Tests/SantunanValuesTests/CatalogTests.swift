import Foundation
import SantunanValues
import Testing

/// The message catalogs (issue 20): every key in both languages, rendered with sample arguments of its types.
@Suite struct CatalogTests {
    /// The repository's root, found from this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func load(_ language: Language) throws -> Catalog {
        try Texts.load(language, root: root)
    }

    static func sample(_ type: ArgumentType) -> MessageArgument {
        switch type {
        case .text: .text("X")
        case .number: .number(21669)
        case .rupiah: .rupiah(42_000_000)
        case .percent: .percent(563)
        case .date: .date(year: 2024, month: 3, day: 10)
        case .month: .month(year: 2024, month: 3)
        }
    }

    @Test func everyKeyIsInBothLanguagesAndRendersWithItsArguments() throws {
        let indonesian = try Self.load(.indonesian)
        let english = try Self.load(.english)
        let missingInIndonesian = english.keys.subtracting(indonesian.keys).sorted()
        let missingInEnglish = indonesian.keys.subtracting(english.keys).sorted()
        #expect(missingInIndonesian.isEmpty, "keys missing in id.catalog: \(missingInIndonesian)")
        #expect(missingInEnglish.isEmpty, "keys missing in en.catalog: \(missingInEnglish)")
        for key in english.keys.union(indonesian.keys).sorted() {
            // The two languages take the same arguments: a placeholder in one is given in the other.
            var arguments: [String: MessageArgument] = [:]
            for (name, type) in english.placeholders(key).merging(indonesian.placeholders(key), uniquingKeysWith: { a, _ in a }) {
                arguments[name] = Self.sample(type)
            }
            for catalog in [english, indonesian] {
                #expect(catalog.problems(key, arguments).isEmpty, "\(catalog.problems(key, arguments))")
                let text = catalog.render(key, arguments)
                #expect(!text.contains("⟦"), "\(catalog.language.rawValue) \(key) renders as \(text)")
                #expect(!text.isEmpty, "\(catalog.language.rawValue) \(key) is empty")
            }
        }
    }

    @Test func placeholdersArePluralsAndTypesAreChecked() throws {
        let english = try Catalog(
            language: .english,
            text: "lines[one] = {count:number} line of {total:rupiah}\nlines[other] = {count:number} lines of {total:rupiah}\n"
                + "due = due {on:date}, {rate:percent}\nbrace = {{literal}}\n",
            name: "t")
        let indonesian = try Catalog(
            language: .indonesian,
            text: "lines = {count:number} baris senilai {total:rupiah}\ndue = jatuh tempo {on:date}, {rate:percent}\n",
            name: "t")
        #expect(english.render("lines", ["count": .number(1), "total": .rupiah(42_000_000)]) == "1 line of Rp 42.000.000")
        #expect(english.render("lines", ["count": .number(21669), "total": .rupiah(5)]) == "21,669 lines of Rp 5")
        #expect(indonesian.render("lines", ["count": .number(21669), "total": .rupiah(5)]) == "21.669 baris senilai Rp 5")
        let due: [String: MessageArgument] = ["on": .date(year: 2024, month: 3, day: 10), "rate": .percent(563)]
        #expect(indonesian.render("due", due) == "jatuh tempo 10 Maret 2024, 5,63 %")
        #expect(english.render("due", due) == "due 2024-03-10, 5.63%")
        #expect(english.render("brace") == "{literal}")
        // A mistyped or missing argument renders visibly and is reported, never crashes.
        #expect(english.render("due", ["on": .text("today"), "rate": .percent(1)]).hasPrefix("⟦due"))
        #expect(!english.problems("due", ["on": .text("today")]).isEmpty)
        #expect(english.render("absent") == "⟦absent⟧")
    }

    /// SantunanValues reads the shipped catalogs itself (docs/decisions/0021, session 7): from the root
    /// `ProjectRoot` finds; a file it cannot read is refused naming it; and before any door installs a catalog, `t`
    /// renders the shipped English one (nothing in this test process installs one), not `⟦key⟧`.
    @Test func textsReadsTheShippedCatalogsItself() throws {
        let home = ProjectRoot.search(environment: ["SANTUNAN_HOME": Self.root.path])
        guard case .root(let found) = home else {
            Issue.record("SANTUNAN_HOME=\(Self.root.path) not taken: \(home)")
            return
        }
        #expect(found.standardizedFileURL.path == Self.root.standardizedFileURL.path)
        #expect(try Texts.load(.indonesian, root: found).render("ops.error.lang-missing") == "sebutkan bahasa: id atau en")
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("no-root-\(UUID().uuidString)")
        #expect(ProjectRoot.search(environment: ["SANTUNAN_HOME": nowhere.path]) == .badHome(nowhere.path))
        #expect(throws: CatalogError(file: "config/messages/id.catalog", line: 0, reason: "cannot read it")) {
            try Texts.load(.indonesian, root: nowhere)
        }
        #expect(t("ops.error.lang-missing") == "give a language: id or en")
        #expect(Texts.english.render("ops.error.lang-missing") == "give a language: id or en")
    }

    @Test func malformedCatalogsAreRefusedWithTheirLine() {
        #expect(throws: CatalogError(file: "t", line: 2, reason: "key `a` appears twice")) {
            try Catalog(language: .english, text: "a = x\na = y\n", name: "t")
        }
        #expect(throws: CatalogError.self) { try Catalog(language: .english, text: "a = {n}\n", name: "t") }
        #expect(throws: CatalogError.self) { try Catalog(language: .english, text: "a = {n:money}\n", name: "t") }
        #expect(throws: CatalogError.self) { try Catalog(language: .english, text: "no equals sign\n", name: "t") }
        #expect(throws: CatalogError.self) { try Catalog(language: .english, text: "a[few] = x\n", name: "t") }
    }

    @Test func languageFollowsFlagThenSantunanLangThenLocale() {
        func resolve(_ flag: String?, _ environment: [String: String]) -> Language? {
            try? Language.resolve(flag: flag, environment: environment).get()
        }
        #expect(resolve(nil, ["LANG": "id_ID.UTF-8"]) == .indonesian)
        #expect(resolve(nil, ["LC_ALL": "en_US.UTF-8", "LANG": "id_ID.UTF-8"]) == .english)
        #expect(resolve(nil, ["LC_MESSAGES": "id_ID", "LANG": "C"]) == .indonesian)
        #expect(resolve(nil, ["SANTUNAN_LANG": "en", "LANG": "id_ID.UTF-8"]) == .english)
        #expect(resolve("id", ["SANTUNAN_LANG": "en"]) == .indonesian)
        #expect(resolve(nil, ["LANG": "C"]) == .english)
        #expect(resolve(nil, [:]) == .english)
        #expect(resolve("fr", [:]) == nil)
        #expect(resolve(nil, ["SANTUNAN_LANG": "xx"]) == nil)
    }

    @Test func formatsInBothLanguages() {
        let id = LocaleFormat(.indonesian)
        let en = LocaleFormat(.english)
        #expect(id.number(21669) == "21.669")
        #expect(en.number(-1_234_567) == "-1,234,567")
        #expect(id.rupiah(42_000_000) == "Rp 42.000.000")
        #expect(en.rupiah(-1500) == "-Rp 1.500")
        #expect(id.percent(basisPoints: 563) == "5,63 %")
        #expect(id.percent(basisPoints: 400) == "4 %")
        #expect(en.percent(basisPoints: 570) == "5.7%")
        #expect(id.date(year: 2024, month: 3, day: 10) == "10 Maret 2024")
        #expect(en.date(year: 2024, month: 3, day: 10) == "2024-03-10")
        #expect(id.month(year: 2024, month: 12) == "Desember 2024")
        #expect(CSVText(separator: ";").row(["a;b", "c,d", "e\"f"]) == "\"a;b\";c,d;\"e\"\"f\"")
        #expect(JSONText.quote("a\"b\\c\n\u{1}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }

    @Test func lowerModulesEnglishReasonsAreTranslatedThroughTheirPatterns() throws {
        let english = try Catalog(
            language: .english,
            text: "errors.0 = {date:text} is before {year:text}\nerrors.z = {date:text} is before start\n"
                + "errors.a = {text:text} is not a date\nerrors.b = {number:text} is not between {low:text} and {high:text}\n"
                + "errors.c = must not be empty\n",
            name: "en")
        let indonesian = try Catalog(
            language: .indonesian,
            text: "errors.0 = {date:text} sebelum {year:text}\nerrors.z = {date:text} sebelum start\n"
                + "errors.a = {text:text} bukan tanggal\nerrors.b = {number:text} tidak di antara {low:text} dan {high:text}\n",
            name: "id")
        #expect(indonesian.translate("\"2024-02-30\" is not a date", from: english, prefix: "errors.")
            == "\"2024-02-30\" bukan tanggal")
        #expect(indonesian.translate("13 is not between 1 and 12", from: english, prefix: "errors.")
            == "13 tidak di antara 1 dan 12")
        // The most specific pattern wins, whatever the keys' order.
        #expect(indonesian.translate("\"2020-01-01\" is before start", from: english, prefix: "errors.")
            == "\"2020-01-01\" sebelum start")
        #expect(indonesian.translate("\"1970-01-01\" is before 1977-01-01", from: english, prefix: "errors.")
            == "\"1970-01-01\" sebelum 1977-01-01")
        // No pattern, or no translation: nil, and the English stays.
        #expect(indonesian.translate("something else", from: english, prefix: "errors.") == nil)
        #expect(indonesian.translate("must not be empty", from: english, prefix: "errors.") == nil)
        // The whole text must match, not a prefix.
        #expect(indonesian.translate("x is not a date, really", from: english, prefix: "errors.") == nil)
    }
}
