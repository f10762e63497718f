/// Why an import file was rejected; nothing of the file was written.
///
/// ``description`` is the contract's form without the `error: ` prefix:
/// `line 1234, column wage: "12.5" is not a whole rupiah amount`.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; extensible, compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case fileUnreadable, invalidCSV, invalidHeader, invalidValue
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The file is missing or cannot be read (exit 66).
        public static let fileUnreadable = Code(.fileUnreadable)
        /// The bytes are not RFC 4180 CSV, or a record has the wrong number of fields (exit 65).
        public static let invalidCSV = Code(.invalidCSV)
        /// The header line is missing or names other columns (exit 65).
        public static let invalidHeader = Code(.invalidHeader)
        /// A field's value is wrong: type, range, unknown reference or duplicate (exit 65).
        public static let invalidValue = Code(.invalidValue)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The file line on which the bad record starts (1 = the header), or nil for the whole file.
    public var line: Int?
    /// The column, by its header name.
    public var column: String?
    /// Why, naming the value where that helps the user fix it.
    public var reason: String

    public init(code: Code, line: Int? = nil, column: String? = nil, reason: String) {
        self.code = code
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// Where the problem is: `line 1234, column wage`, `line 7` or empty.
    public var location: String {
        switch (line, column) {
        case (let line?, let column?): return "line \(line), column \(column)"
        case (let line?, nil): return "line \(line)"
        case (nil, let column?): return "column \(column)"
        case (nil, nil): return ""
        }
    }

    public var description: String { location.isEmpty ? reason : "\(location): \(reason)" }

    /// Quotes a value for a message, shortened so a runaway field cannot flood the terminal, with control
    /// characters escaped (`\n`, `\u{1B}`) so a value cannot break the one-line message or drive the terminal.
    static func quoted(_ value: some StringProtocol, limit: Int = 40) -> String {
        let shortened = value.count > limit ? value.prefix(limit) + "…" : Substring(value)
        return "\"" + MessageText.escaped(shortened) + "\""
    }
}

/// Text from an input (a file, a bank report, a flag) made safe to print in a one-line message.
public enum MessageText {
    /// `text` with C0 and C1 control characters, DEL, the line and paragraph separators, backslash and the double
    /// quote written as escapes (`\n`, `\u{1B}`), so a value can neither break the one-line `error:` form nor drive
    /// the terminal; cut after `limit` characters (with `…`) so a runaway value cannot flood it.
    public static func escaped(_ text: some StringProtocol, limit: Int = .max) -> String {
        escape(text, limit: limit, quotes: true)
    }

    /// Like ``escaped(_:limit:)`` but leaves the double quote and backslash alone: for a whole message that already
    /// quotes its values, where only control characters must go.
    public static func controlsEscaped(_ text: some StringProtocol, limit: Int = .max) -> String {
        escape(text, limit: limit, quotes: false)
    }

    private static func escape(_ text: some StringProtocol, limit: Int, quotes: Bool) -> String {
        var escaped = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                escaped += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x0A: escaped += "\\n"
            case 0x0D: escaped += "\\r"
            case 0x09: escaped += "\\t"
            case 0x5C where quotes: escaped += "\\\\"
            case 0x22 where quotes: escaped += "\\\""
            case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029:
                escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
