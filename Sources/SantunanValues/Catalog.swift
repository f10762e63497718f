/// The texts a person reads, as data: one catalog per language, loaded once (issue 20).
///
/// A catalog file (`config/messages/<language>.catalog`) holds one message per line, `key = text`; `#` starts a
/// comment line; a line ending in `\` continues on the next. A text names its arguments with a type,
/// `{count:number}`, so a key rendered with an argument of another type (or none) is a fault the catalog test
/// finds, not a garbled sentence in a branch office. Types:
///
/// | type | argument | id | en |
/// |---|---|---|---|
/// | `text` | a string, printed as given | | |
/// | `number` | an integer | `21.669` | `21,669` |
/// | `rupiah` | integer rupiah | `Rp 42.000.000` | `Rp 42.000.000` |
/// | `percent` | basis points | `5,63 %` | `5.63%` |
/// | `date` | a calendar date | `10 Maret 2024` | `2024-03-10` |
/// | `month` | a calendar month | `Maret 2024` | `2024-03` |
///
/// Plural forms, where the languages differ: `key[one] = …` and `key[other] = …`, chosen by the argument named
/// `count`; Indonesian does not inflect for number and writes only `key = …`. `{{` and `}}` are literal braces.
public struct Catalog: Sendable {
    public let language: Language
    /// key → forms (`""` for the only form, else `one` / `other`).
    let entries: [String: [String: [Piece]]]

    /// Every key the catalog holds.
    public var keys: Set<String> { Set(entries.keys) }

    /// An empty catalog: every message renders as its key and arguments, so a missing file shows what is missing.
    public init(language: Language) {
        self.language = language
        self.entries = [:]
    }

    /// Parses a catalog's text; `name` is the file name errors cite.
    public init(language: Language, text: String, name: String) throws(CatalogError) {
        self.language = language
        var entries: [String: [String: [Piece]]] = [:]
        var lineNumber = 0
        var pending = ""
        var pendingStart = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if pending.isEmpty {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                pendingStart = lineNumber
            }
            if line.hasSuffix("\\") {
                line.removeLast()
                pending += line
                continue
            }
            pending += line
            let entryLine = pending
            pending = ""
            guard let equals = entryLine.firstIndex(of: "=") else {
                throw CatalogError(file: name, line: pendingStart, reason: "expected `key = text`")
            }
            var key = Self.trimmed(entryLine[..<equals])
            var form = ""
            if key.hasSuffix("]"), let open = key.lastIndex(of: "[") {
                form = String(key[key.index(after: open)..<key.index(before: key.endIndex)])
                key = String(key[..<open])
                guard form == "one" || form == "other" else {
                    throw CatalogError(file: name, line: pendingStart, reason: "plural form `\(form)`: use one or other")
                }
            }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" })
            else {
                throw CatalogError(file: name, line: pendingStart, reason: "key `\(key)`: letters, digits, . _ - only")
            }
            if entries[key]?[form] != nil {
                throw CatalogError(file: name, line: pendingStart, reason: "key `\(key)` appears twice")
            }
            let value = Self.trimmed(entryLine[entryLine.index(after: equals)...])
            entries[key, default: [:]][form] = try Self.pieces(value, file: name, line: pendingStart)
        }
        if !pending.isEmpty {
            throw CatalogError(file: name, line: pendingStart, reason: "the file ends inside a continued line")
        }
        for (key, forms) in entries where forms.count > 1 || forms[""] == nil {
            guard forms["other"] != nil, forms[""] == nil else {
                throw CatalogError(
                    file: name, line: 0, reason: "key `\(key)`: plural forms need [other], and no plain form beside them")
            }
        }
        self.entries = entries
    }

    /// The message in this catalog's language. A key the catalog lacks, or arguments of the wrong type, render
    /// visibly (`⟦key⟧`), never crash: the catalog tests catch both before a release.
    public func render(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        guard let forms = entries[key] else { return Self.fallback(key, arguments) }
        let pieces: [Piece]
        if let only = forms[""] {
            pieces = only
        } else if case .number(let count)? = arguments["count"], count == 1, let one = forms["one"] {
            pieces = one
        } else {
            pieces = forms["other"] ?? []
        }
        let format = LocaleFormat(language)
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .argument(let name, let type):
                guard let value = arguments[name], let text = value.text(as: type, format: format) else {
                    return Self.fallback(key, arguments)
                }
                out += text
            }
        }
        return out
    }

    /// The message as ``render(_:_:)`` writes it, or nil where that would show `⟦key⟧` (a key this catalog lacks, an
    /// argument missing or mistyped): for texts with a fallback of their own — a stored code shown as stored, an HTTP
    /// status's code.
    public func message(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String? {
        let rendered = render(key, arguments)
        return rendered.hasPrefix("⟦") ? nil : rendered
    }

    /// The problems of rendering `key` with `arguments`: a missing key, a missing or mistyped argument, an argument
    /// the text does not use. Empty when the message renders. The catalog tests call it for every key.
    public func problems(_ key: String, _ arguments: [String: MessageArgument]) -> [String] {
        guard let forms = entries[key] else { return ["\(language.rawValue): key `\(key)` is missing"] }
        var problems: [String] = []
        for (form, pieces) in forms {
            var used: Set<String> = []
            for case .argument(let name, let type) in pieces {
                used.insert(name)
                guard let value = arguments[name] else {
                    problems.append("\(language.rawValue): `\(key)`\(form.isEmpty ? "" : "[\(form)]") uses {\(name)}, not given")
                    continue
                }
                if value.text(as: type, format: LocaleFormat(language)) == nil {
                    problems.append("\(language.rawValue): `\(key)` {\(name):\(type.rawValue)} given \(value.typeName)")
                }
            }
            for name in arguments.keys where !used.contains(name) && name != "count" {
                problems.append("\(language.rawValue): `\(key)`\(form.isEmpty ? "" : "[\(form)]") never uses {\(name)}")
            }
        }
        return problems
    }

    /// The placeholders of `key` with their types (from the first form), for tests that build sample arguments.
    public func placeholders(_ key: String) -> [String: ArgumentType] {
        var out: [String: ArgumentType] = [:]
        for pieces in entries[key]?.values ?? [:].values {
            for case .argument(let name, let type) in pieces { out[name] = type }
        }
        return out
    }

    /// Whether `key` has plural forms.
    public func isPlural(_ key: String) -> Bool { entries[key]?["other"] != nil }

    /// `text` in this catalog's language, when it is a message of `source` under `prefix` (the English a lower module
    /// wrote): the first `source` message whose pattern matches the whole text gives the key and the arguments (each
    /// placeholder matches any text and is passed on as that text), and this catalog renders them. Nil when no message
    /// matches or this catalog lacks the key.
    ///
    /// This is how the rules core's errors reach people in Indonesian without the core knowing of catalogs: it keeps
    /// writing its English reason (every English output unchanged), and the catalogs hold that English as a pattern
    /// beside its translation (docs/decisions/0021-bahasa-indonesia.md).
    public func translate(_ text: String, from source: Catalog, prefix: String) -> String? {
        // The most specific pattern first (the most literal text): "{date} is before start" must not be taken by
        // "{date} is before {year}".
        let candidates = source.entries.compactMap { key, forms -> (String, [Piece], Int)? in
            guard key.hasPrefix(prefix), let pieces = forms[""] else { return nil }
            let literal = pieces.reduce(0) { count, piece in
                if case .literal(let text) = piece { return count + text.count }
                return count
            }
            return (key, pieces, literal)
        }.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
        for (key, pieces, _) in candidates {
            guard let values = Self.match(pieces[...], text[...]) else { continue }
            guard let forms = entries[key], forms[""] != nil else { return nil }
            var arguments: [String: MessageArgument] = [:]
            // A captured piece may itself be a known reason ("…: unexpected character"): translated too.
            for (name, value) in values {
                let inner = value.count < text.count ? translate(value, from: source, prefix: prefix) : nil
                arguments[name] = .text(inner ?? value)
            }
            return message(key, arguments)
        }
        return nil
    }

    /// Matches `text` against `pieces`, each placeholder taking the shortest text that lets the rest match.
    static func match(_ pieces: ArraySlice<Piece>, _ text: Substring) -> [String: String]? {
        guard let first = pieces.first else { return text.isEmpty ? [:] : nil }
        switch first {
        case .literal(let literal):
            guard text.hasPrefix(literal) else { return nil }
            return match(pieces.dropFirst(), text.dropFirst(literal.count))
        case .argument(let name, _):
            var end = text.startIndex
            while true {
                if end > text.startIndex || pieces.count == 1, var rest = match(pieces.dropFirst(), text[end...]) {
                    if let earlier = rest[name], earlier != String(text[..<end]) { return nil }
                    rest[name] = String(text[..<end])
                    return rest
                }
                guard end < text.endIndex else { return nil }
                end = text.index(after: end)
            }
        }
    }

    static func fallback(_ key: String, _ arguments: [String: MessageArgument]) -> String {
        let shown = arguments.keys.sorted().map { "\($0)=\(arguments[$0]!.plain)" }
        return "⟦" + ([key] + shown).joined(separator: " ") + "⟧"
    }

    static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    static func pieces(_ text: String, file: String, line: Int) throws(CatalogError) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
                continue
            }
            if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
                continue
            }
            if character == "{" {
                guard let close = text[next...].firstIndex(of: "}") else {
                    throw CatalogError(file: file, line: line, reason: "a `{` without its `}`")
                }
                let inside = text[next..<close].split(separator: ":", omittingEmptySubsequences: false)
                guard inside.count == 2, !inside[0].isEmpty, let type = ArgumentType(rawValue: String(inside[1])) else {
                    throw CatalogError(
                        file: file, line: line,
                        reason: "placeholder `{\(text[next..<close])}`: write {name:type}, type one of "
                            + ArgumentType.allCases.map(\.rawValue).joined(separator: ", "))
                }
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.argument(String(inside[0]), type))
                index = text.index(after: close)
                continue
            }
            if character == "}" {
                throw CatalogError(file: file, line: line, reason: "a `}` without its `{` (write }} for a brace)")
            }
            literal.append(character)
            index = next
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    enum Piece: Sendable {
        case literal(String)
        case argument(String, ArgumentType)
    }
}

/// The type a placeholder declares.
public enum ArgumentType: String, Sendable, CaseIterable {
    case text, number, rupiah, percent, date, month
}

/// A value given to a message.
public enum MessageArgument: Sendable, Hashable {
    case text(String)
    case number(Int64)
    case rupiah(Int64)
    /// Hundredths of a percent.
    case percent(Int64)
    case date(year: Int, month: Int, day: Int)
    case month(year: Int, month: Int)

    /// A ``CivilDate`` as a `date` argument.
    public static func date(_ date: CivilDate) -> MessageArgument {
        .date(year: date.year, month: date.month, day: date.day)
    }

    /// A ``YearMonth`` as a `month` argument.
    public static func month(_ month: YearMonth) -> MessageArgument {
        .month(year: month.year, month: month.month)
    }

    /// A number from an `Int`.
    public static func number(_ value: Int) -> MessageArgument { .number(Int64(value)) }

    func text(as type: ArgumentType, format: LocaleFormat) -> String? {
        switch (type, self) {
        case (.text, .text(let value)): value
        case (.number, .number(let value)): format.number(value)
        case (.rupiah, .rupiah(let value)): format.rupiah(value)
        case (.percent, .percent(let value)): format.percent(basisPoints: value)
        case (.date, .date(let year, let month, let day)): format.date(year: year, month: month, day: day)
        case (.month, .month(let year, let month)): format.month(year: year, month: month)
        default: nil
        }
    }

    var typeName: String {
        switch self {
        case .text: "text"
        case .number: "number"
        case .rupiah: "rupiah"
        case .percent: "percent"
        case .date: "date"
        case .month: "month"
        }
    }

    var plain: String {
        switch self {
        case .text(let value): value
        case .number(let value), .rupiah(let value), .percent(let value): String(value)
        case .date(let year, let month, let day): LocaleFormat.isoDate(year: year, month: month, day: day)
        case .month(let year, let month): LocaleFormat.pad(year, 4) + "-" + LocaleFormat.pad(month, 2)
        }
    }
}

/// A catalog file that cannot be read: `file`, line and why.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
}
