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

    /// Quotes a value for a message, shortened so a runaway field cannot flood the terminal.
    static func quoted(_ value: some StringProtocol) -> String {
        let text = value.count > 40 ? value.prefix(40) + "…" : Substring(value)
        return "\"" + text + "\""
    }
}
