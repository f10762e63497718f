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
        let reasons = try Self.literalReasons()
        // Not vacuous: the scan finds the reasons it is about (about 180 in session 7).
        #expect(reasons.count > 150, "only \(reasons.count) literal reasons found: is the scanner broken?")
        let missing = try Self.untranslated(reasons, skipping: Self.notForPeople)
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

    // MARK: The database's own refusals (session 8)

    /// The database's refusals no door of the product can show a person, each with why. Keep it short: a text here
    /// prints English in Indonesian output if a door ever passes it on.
    static let databaseNotForPeople: [String: String] = [:]

    /// Every `RAISE EXCEPTION` text of Schema/*.sql reaches an Indonesian reader in Indonesian when a door passes it
    /// on: the money invariants are the database's, for every login, so its refusals are the reason of an
    /// `error: <field>: <reason>` line (a claim that does not exist, a payee that is not the claim's, the maker
    /// deciding their own batch, an amendment after approval).
    ///
    /// Every door keeps the server's message whole as the reason, never split at its first `: ` (PayoutService's
    /// `appError(_: PostgresError)`, `LedgerError(_: PostgresError)`, SubmissionStore's amendment refusals,
    /// SubmissionService's `--as` refusals, ClaimEvents, Migrator's "failed and was rolled back: …"), so the pattern
    /// must match the whole text, its `batch %: ` or `claim %: ` head included.
    @Test func everyRefusalTheDatabaseRaisesHasAnErrorsPatternAndItsTranslation() throws {
        let refusals = try Self.databaseRefusals()
        // Not vacuous: the scan finds the refusals it is about (102 distinct texts in session 8), and in each file
        // one text for each line that starts a RAISE EXCEPTION (a quote the scanner misread would lose some).
        #expect(refusals.count > 90, "only \(refusals.count) RAISE EXCEPTION texts found: is the scanner broken?")
        for (file, source) in try Self.schemaFiles() {
            let statements = source.split(separator: "\n").filter {
                $0.drop(while: \.isWhitespace).uppercased().hasPrefix("RAISE EXCEPTION")
            }
            let read = Self.raisedTexts(in: source).count
            #expect(read == statements.count, "\(file): \(statements.count) RAISE EXCEPTION statements, \(read) read")
        }
        let missing = try Self.untranslated(refusals, skipping: Self.databaseNotForPeople)
        let list = missing.joined(separator: "\n")
        #expect(missing.isEmpty, "refusals without an errors. pattern in en.catalog (or its id.catalog key):\n\(list)")
        for text in Self.databaseNotForPeople.keys.sorted() {
            #expect(refusals[text] != nil, "databaseNotForPeople lists \"\(text)\", which no migration raises any more")
        }
    }

    /// The refusals people meet most, as the doors pass them on (the whole message), read as Indonesian sentences;
    /// the words and states captured from them are translated as nested reasons.
    @Test func theDatabaseRefusalsPeopleMeetReadAsIndonesianSentences() throws {
        let english = try CatalogTests.load(.english)
        let indonesian = try CatalogTests.load(.indonesian)
        func translated(_ text: String) -> String? { indonesian.translate(text, from: english, prefix: "errors.") }
        #expect(
            translated(
                "batch PB-2024-0001: budi prepared this batch and cannot approve it; another approver must decide "
                    + "(maker-checker)")
                == "batch PB-2024-0001: budi menyiapkan batch ini dan tidak boleh menyetujui batch ini sendiri; "
                + "pemeriksa lain yang harus memutuskan (pembuat-pemeriksa)")
        #expect(
            translated("claim PMS-2099-9999: no such claim; list them with santunan claim list")
                == "klaim PMS-2099-9999: klaim ini tidak ada; lihat daftarnya dengan santunan claim list")
        #expect(
            translated("acting user: name the acting user (--as USER)")
                == "pengguna yang bertindak: sebutkan pengguna yang bertindak (--as PENGGUNA)")
        #expect(
            translated("batch PB-2024-0001: is exported, only a prepared batch can be decided")
                == "batch PB-2024-0001: sudah diekspor, hanya batch yang disiapkan yang dapat diputuskan")
        // English is only matched, never rewritten: the English catalog gives the text back unchanged.
        let text =
            "payout line PL-000001 of this claim is in approved batch PB-2024-0001; an approved claim is not amended"
        #expect(english.translate(text, from: english, prefix: "errors.") == text)
    }

    @Test func theSchemaScannerReadsContinuationsQuotesPercentsAndMessageOptions() {
        let source = """
            -- RAISE EXCEPTION 'a comment is not a refusal %', x;
            BEGIN
                RAISE EXCEPTION 'batch %: it''s 100%% %', p_batch, v_state USING ERRCODE = 'SR005';
                raise exception 'ledger entries must follow their header, inserted earlier in the same '
                    'database transaction (entry for transaction %)', NEW.transaction_id;
                RAISE EXCEPTION USING MESSAGE = 'a literal 5 % message', ERRCODE = 'SR001';
                RAISE EXCEPTION USING MESSAGE = format('claim %s: %I is 100%%', p_claim, p_name);
                RAISE NOTICE 'not a refusal %', x;
            END
            """
        let w = Self.wildcard
        #expect(
            Self.raisedTexts(in: source) == [
                "batch \(w): it's 100% \(w)",
                "ledger entries must follow their header, inserted earlier in the same database transaction (entry for "
                    + "transaction \(w))",
                "a literal 5 % message",
                "claim \(w): \(w) is 100%",
            ])
    }

    /// Every distinct `RAISE EXCEPTION` text of Schema/*.sql (``wildcard`` for each parameter), with one place it
    /// is raised.
    static func databaseRefusals() throws -> [String: String] {
        var refusals: [String: String] = [:]
        for (file, source) in try schemaFiles() {
            for text in raisedTexts(in: source) where refusals[text] == nil {
                refusals[text] = file
            }
        }
        return refusals
    }

    /// The migrations, `Schema/NNNN_name.sql` and their text, in order.
    static func schemaFiles() throws -> [(String, String)] {
        let directory = root.appendingPathComponent("Schema")
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { ("Schema/\($0.lastPathComponent)", try String(contentsOf: $0, encoding: .utf8)) }
    }

    /// The message texts of the `RAISE EXCEPTION` statements of `source` (PL/pgSQL, keywords in any case):
    ///
    /// - `RAISE EXCEPTION 'format', …`: the format string, its adjacent literals joined (SQL joins string constants
    ///   separated by a line break), `''` a quote, `%%` a percent sign, each other `%` a parameter (``wildcard``);
    /// - `RAISE EXCEPTION USING MESSAGE = 'text'`: the text as it is (no parameters);
    /// - `RAISE EXCEPTION USING MESSAGE = format('text', …)`: `%s`, `%I`, `%L` parameters, `%%` a percent sign.
    ///
    /// A `--` comment is skipped; a message computed otherwise (a variable) is not collected.
    static func raisedTexts(in source: String) -> [String] {
        let characters = Array(source)
        var found: [String] = []
        var index = 0
        var inComment = false
        while index < characters.count {
            let character = characters[index]
            if inComment {
                if character == "\n" { inComment = false }
                index += 1
                continue
            }
            if character == "-", index + 1 < characters.count, characters[index + 1] == "-" {
                inComment = true
                index += 2
                continue
            }
            if character == "'" {
                // A string constant elsewhere (an ERRCODE, a SELECT's text): skipped whole, so its words are not read.
                index = sqlLiteral(characters, at: index)?.end ?? characters.count
                continue
            }
            guard matchesWords(["RAISE", "EXCEPTION"], characters, at: &index) else {
                index += 1
                continue
            }
            var cursor = skipBlanks(characters, from: index)
            if cursor < characters.count, characters[cursor] == "'" {
                guard let (text, end) = joinedLiterals(characters, at: cursor) else { break }
                found.append(placeholders(text, format: false))
                index = end
                continue
            }
            guard matchesWords(["USING", "MESSAGE"], characters, at: &cursor) else { continue }
            cursor = skipBlanks(characters, from: cursor)
            guard cursor < characters.count, characters[cursor] == "=" || characters[cursor] == ":" else { continue }
            if characters[cursor] == ":" { cursor += 1 }  // `:=`
            cursor = skipBlanks(characters, from: cursor + 1)
            var isFormat = false
            if matchesWords(["FORMAT"], characters, at: &cursor) {
                cursor = skipBlanks(characters, from: cursor)
                guard cursor < characters.count, characters[cursor] == "(" else { continue }
                cursor = skipBlanks(characters, from: cursor + 1)
                isFormat = true
            }
            guard cursor < characters.count, characters[cursor] == "'",
                let (text, end) = joinedLiterals(characters, at: cursor)
            else { continue }
            found.append(isFormat ? placeholders(text, format: true) : text)
            index = end
        }
        return found
    }

    /// Whether `words` follow at `index`, in any letter case, separated by blanks and whole (not the start of a
    /// longer name); on a match `index` moves past them.
    static func matchesWords(_ words: [String], _ characters: [Character], at index: inout Int) -> Bool {
        if index > 0, characters[index - 1].isLetter || characters[index - 1] == "_" { return false }
        var position = index
        for (number, word) in words.enumerated() {
            if number > 0 {
                let next = skipBlanks(characters, from: position)
                guard next > position else { return false }
                position = next
            }
            for letter in word {
                guard position < characters.count, characters[position].uppercased() == String(letter) else {
                    return false
                }
                position += 1
            }
            if position < characters.count, characters[position].isLetter || characters[position] == "_" {
                return false
            }
        }
        index = position
        return true
    }

    /// The SQL string constant starting at `index` (its opening quote), `''` read as a quote, and the index after
    /// its closing quote; nil when it never closes.
    static func sqlLiteral(_ characters: [Character], at index: Int) -> (text: String, end: Int)? {
        var text = ""
        var position = index + 1
        while position < characters.count {
            if characters[position] == "'" {
                guard position + 1 < characters.count, characters[position + 1] == "'" else {
                    return (text, position + 1)
                }
                text.append("'")
                position += 2
                continue
            }
            text.append(characters[position])
            position += 1
        }
        return nil
    }

    /// The string constant at `index` and those that continue it: SQL joins constants separated only by blanks
    /// that include a line break.
    static func joinedLiterals(_ characters: [Character], at index: Int) -> (String, Int)? {
        guard var (text, end) = sqlLiteral(characters, at: index) else { return nil }
        while true {
            let next = skipBlanks(characters, from: end)
            guard next < characters.count, characters[next] == "'", characters[end..<next].contains("\n"),
                let (more, moreEnd) = sqlLiteral(characters, at: next)
            else { return (text, end) }
            text += more
            end = moreEnd
        }
    }

    /// `text` with its parameters as ``wildcard``: RAISE's `%` (`format` false) or format()'s `%s`, `%I`, `%L`
    /// (`format` true); `%%` is a percent sign in both.
    static func placeholders(_ text: String, format: Bool) -> String {
        let characters = Array(text)
        var out = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "%" else {
                out.append(character)
                index += 1
                continue
            }
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if next == "%" {
                out.append("%")
                index += 2
            } else if !format {
                out += wildcard
                index += 1
            } else if let next, "sIL".contains(next) {
                out += wildcard
                index += 2
            } else {
                out.append(character)
                index += 1
            }
        }
        return out
    }

    /// The texts of `found` (text → one place it is written) that no `errors.` pattern of en.catalog translates
    /// into id.catalog, as `place: text` lines in text order; those `skipping` lists are left out.
    static func untranslated(_ found: [String: String], skipping allowed: [String: String]) throws -> [String] {
        let english = try CatalogTests.load(.english)
        let indonesian = try CatalogTests.load(.indonesian)
        var missing: [String] = []
        for (text, place) in found.sorted(by: { $0.key < $1.key }) where allowed[text] == nil {
            // Every interpolation or parameter becomes a sample piece, which a placeholder of a pattern matches.
            let sample = text.replacingOccurrences(of: wildcard, with: "X")
            if indonesian.translate(sample, from: english, prefix: "errors.") == nil {
                missing.append("\(place): \(text.replacingOccurrences(of: wildcard, with: "{…}"))")
            }
        }
        return missing
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
