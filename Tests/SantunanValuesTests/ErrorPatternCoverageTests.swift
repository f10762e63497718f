import Foundation
import SantunanValues
import Testing

/// Every reason the modules above the rules core write in English reaches an Indonesian reader in Indonesian
/// (issue 20's standing rule, session 7): each literal reason of their sources has an `errors.` pattern in
/// en.catalog and its translation in id.catalog (docs/decisions/0021-bahasa-indonesia.md).
///
/// The modules keep writing English (they know no catalogs); the CLI's `main` translates the reason through the
/// patterns (`Faults.localized`). So a reason added or reworded without its pattern would print English in an
/// Indonesian branch office with no test noticing: this one reads the sources and notices.
@Suite struct ErrorPatternCoverageTests {
    /// The repository, found from this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The modules whose reasons are English patterns (the rules core's are covered by the corpus tests that run the
    /// mutated cases in Indonesian).
    static let modules = ["Payouts", "Ledger", "ClaimStore", "HeirQueue", "SantunanApp", "SantunanServer"]

    /// Where a literal reason starts: the `reason:` argument of every error type (AppError, PayoutError,
    /// LedgerError, ImportError, SubmissionError, MigrationError, QueueError, Problem, the XML reader's Failure),
    /// and the helpers that take a reason first (`JobFailure("…")`, the documents rules' `fail("…")`, the JWT
    /// verifier's `refused("…")`).
    static let openers = ["reason:", "JobFailure(", "fail(", "refused("]

    /// Texts that are not for people, each with why. Keep it short: a text here prints English in Indonesian output.
    static let notForPeople: [String: String] = [
        "write": "OutputFile: the failing system call's name, an argument of the catalogued ops.out.cannot-write",
        "fsync": "OutputFile: the failing system call's name, an argument of the catalogued ops.out.cannot-write",
        "close": "OutputFile: the failing system call's name, an argument of the catalogued ops.out.cannot-write",
        "rename": "OutputFile: the failing system call's name, an argument of the catalogued ops.out.cannot-write",
        "JSON": "the server's body of a content type the generated API never hands over (only JSON is declared)",
        "no request scope": "the server's wiring fault (a handler outside its middleware): a 500, never a person's",
    ]

    /// Openers whose text never leaves the process: JobStateMachine's `.ignore(reason:)` says why the state machine
    /// ignored an event (a lost lease, a job already taken), for the worker's own decision; nothing prints it.
    static let internalOpeners = [".ignore(reason:"]

    @Test func everyLiteralReasonOfTheLowerModulesHasAnErrorsPatternAndItsTranslation() throws {
        let english = try CatalogTests.load(.english)
        let indonesian = try CatalogTests.load(.indonesian)
        let reasons = try Self.literalReasons()
        // Not vacuous: the scan finds the reasons it is about (about 180 in session 7).
        #expect(reasons.count > 150, "only \(reasons.count) literal reasons found: is the scanner broken?")
        var missing: [String] = []
        for (text, place) in reasons.sorted(by: { $0.key < $1.key }) {
            if Self.notForPeople[text] != nil { continue }
            // Every interpolation becomes a sample piece, which a placeholder of a pattern matches.
            let sample = text.replacingOccurrences(of: Self.wildcard, with: "X")
            if indonesian.translate(sample, from: english, prefix: "errors.") == nil {
                missing.append("\(place): \(text.replacingOccurrences(of: Self.wildcard, with: "{…}"))")
            }
        }
        #expect(
            missing.isEmpty,
            "reasons without an errors. pattern in en.catalog (or its id.catalog key):\n\(missing.joined(separator: "\n"))")
        // The allow-list names only texts the scan still finds.
        for text in Self.notForPeople.keys.sorted() {
            #expect(reasons[text] != nil, "notForPeople lists \"\(text)\", which no module writes any more")
        }
    }

    /// A batch's state and the step refused are words the reason is built from: translated as nested reasons
    /// (`errors.word.`), so the maker-checker refusal reads as one Indonesian sentence.
    @Test func theWordsABatchReasonIsBuiltFromAreTranslatedToo() throws {
        let english = try CatalogTests.load(.english)
        let indonesian = try CatalogTests.load(.indonesian)
        func translated(_ text: String) -> String? { indonesian.translate(text, from: english, prefix: "errors.") }
        #expect(
            translated("ani prepared this batch and cannot approve it; another approver must decide (maker-checker)")
                == "ani menyiapkan batch ini dan tidak boleh menyetujui batch ini sendiri; pemeriksa lain yang harus "
                + "memutuskan (pembuat-pemeriksa)")
        #expect(
            translated("is reconciled, only a prepared batch can be rejected")
                == "sudah direkonsiliasi, hanya batch yang disiapkan yang dapat ditolak")
        #expect(
            translated("is 2, not 1: this report is for another file; check the batch id")
                == "berisi 2, bukan 1: laporan ini untuk berkas lain; periksa nomor batch")
    }

    @Test func theScannerReadsConcatenationsInterpolationsAndEscapes() {
        let source = #"""
            throw AppError(.usage, field: "x", reason: "is \(state.rawValue); only a \(flag ? "prepared" : "new") batch "
                + "can \"go\"")
            return .ignore(reason: "the lease was lost")
            throw JobFailure("case cannot be computed: \(error.path): \(error.reason)")
            guard ok else { throw fail("\(key) appears twice") }
            throw AppError(.usage, field: "y", reason: t("ops.error.as-missing"))
            """#
        let found = Self.literals(in: source)
        let w = Self.wildcard
        #expect(
            found == ["is \(w); only a \(w) batch can \"go\"", "case cannot be computed: \(w): \(w)", "\(w) appears twice"])
    }

    /// What an interpolation `\(…)` becomes in a collected text.
    static let wildcard = "\u{1}"

    /// Every literal reason of ``modules`` (with letters in it: a reason made only of interpolations and punctuation,
    /// `"\(path): \(error.reason)"`, passes on texts translated on their own), with one place it is written.
    static func literalReasons() throws -> [String: String] {
        var reasons: [String: String] = [:]
        let manager = FileManager.default
        for module in modules {
            let directory = root.appendingPathComponent("Sources/\(module)")
            guard let files = manager.enumerator(at: directory, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let source = try String(contentsOf: file, encoding: .utf8)
                for text in literals(in: source) where text.contains(where: \.isLetter) && reasons[text] == nil {
                    reasons[text] = "\(module)/\(file.lastPathComponent)"
                }
            }
        }
        return reasons
    }

    /// The literal texts that follow an opener in `source`: one string literal, or several joined by `+`;
    /// interpolations become ``wildcard``, escapes their character.
    static func literals(in source: String) -> [String] {
        let characters = Array(source)
        var found: [String] = []
        var index = 0
        while index < characters.count {
            guard let opener = openers.first(where: { matches($0, characters, at: index) }) else {
                index += 1
                continue
            }
            // `fail(` and `refused(` are whole names, not the end of another (`XCTFail(`).
            if opener.first!.isLetter, index > 0, characters[index - 1].isLetter || characters[index - 1].isNumber {
                index += 1
                continue
            }
            let isInternal = internalOpeners.contains { internalOpener in
                let start = index - (internalOpener.count - opener.count)
                return start >= 0 && matches(internalOpener, characters, at: start)
            }
            var cursor = skipBlanks(characters, from: index + opener.count)
            var text = ""
            var complete = false
            while cursor < characters.count, characters[cursor] == "\"",
                case let (piece, end)? = stringLiteral(characters, at: cursor)
            {
                text += piece
                complete = true
                let next = skipBlanks(characters, from: end)
                guard next < characters.count, characters[next] == "+" else {
                    cursor = end
                    break
                }
                cursor = skipBlanks(characters, from: next + 1)
            }
            if complete && !isInternal { found.append(text) }
            index = max(cursor, index + opener.count)
        }
        return found
    }

    static func matches(_ word: String, _ characters: [Character], at index: Int) -> Bool {
        var position = index
        for character in word {
            guard position < characters.count, characters[position] == character else { return false }
            position += 1
        }
        return true
    }

    static func skipBlanks(_ characters: [Character], from index: Int) -> Int {
        var index = index
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        return index
    }

    /// The single-line string literal starting at `index` (its opening quote): its text and the index after its
    /// closing quote. Nil for a multi-line literal (`"""`), which no reason uses.
    static func stringLiteral(_ characters: [Character], at index: Int) -> (String, Int)? {
        guard !matches("\"\"\"", characters, at: index) else { return nil }
        var text = ""
        var position = index + 1
        while position < characters.count {
            let character = characters[position]
            if character == "\"" { return (text, position + 1) }
            if character == "\n" { return nil }
            if character == "\\", position + 1 < characters.count {
                let escaped = characters[position + 1]
                if escaped == "(" {
                    guard let end = interpolationEnd(characters, from: position + 2) else { return nil }
                    text += wildcard
                    position = end
                    continue
                }
                switch escaped {
                case "n": text += "\n"
                case "t": text += "\t"
                default: text.append(escaped)
                }
                position += 2
                continue
            }
            text.append(character)
            position += 1
        }
        return nil
    }

    /// The index after the `)` closing an interpolation whose contents start at `index`; string literals inside it
    /// (`\(flag ? "approve" : "reject")`) are skipped whole.
    static func interpolationEnd(_ characters: [Character], from index: Int) -> Int? {
        var depth = 1
        var position = index
        while position < characters.count {
            let character = characters[position]
            if character == "\"" {
                guard case let (_, end)? = stringLiteral(characters, at: position) else { return nil }
                position = end
                continue
            }
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0 { return position + 1 }
            }
            position += 1
        }
        return nil
    }
}
