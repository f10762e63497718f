/// JSON string literals for the documents the product writes by hand (the fast result writer has its own, measured
/// in docs/benchmarks.md; this one serves everything else, in text or in bytes).
public enum JSONText {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` as a JSON string literal, or `null` when there is none.
    public static func quoteOrNull(_ text: String?) -> String {
        text.map { quote($0) } ?? "null"
    }

    /// The strings as a JSON array on one line: `["a", "b"]`.
    public static func array(_ values: [String]) -> String {
        "[" + values.map { quote($0) }.joined(separator: ", ") + "]"
    }

    /// Appends `text` as a JSON string literal to a byte buffer (UTF-8): `"`, `\\`, LF, CR and tab as their short
    /// escapes, the other control characters as `\u00xx`. Only ASCII bytes are escaped, so working on UTF-8 bytes
    /// gives the same text as working on characters.
    public static func append(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case UInt8(ascii: "\n"): out.append(contentsOf: [0x5C, 0x6E])
            case UInt8(ascii: "\r"): out.append(contentsOf: [0x5C, 0x72])
            case UInt8(ascii: "\t"): out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// CSV as RFC 4180 writes it, with a chosen separator: `,` by default, `;` for a spreadsheet set to the
/// Indonesian locale, which reads the comma as the decimal mark and opens comma-separated files as one column.
public struct CSVText: Sendable, Hashable {
    public var separator: Character

    public init(separator: Character = ",") {
        self.separator = separator
    }

    /// A field, quoted when it holds the separator, a quote or a line break.
    public func field(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One record: the fields quoted as needed and joined by the separator (no line end).
    public func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: String(separator))
    }

    /// Appends `text` as a field to a byte buffer (UTF-8), enclosed in double quotes (inner quotes doubled) when it
    /// holds the separator, a quote, CR or LF: for the writers that build a file in bytes (the bank's transfer CSV,
    /// the sample generator's millions of rows).
    public func append(_ text: String, to out: inout [UInt8]) {
        guard needsQuotes(text) else {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends one record to a byte buffer: the fields quoted as needed and joined by the separator (no line end).
    public func appendRow(_ fields: [String], to out: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(contentsOf: String(separator).utf8) }
            append(field, to: &out)
        }
    }

    /// Whether `text` must be quoted. Checked on UTF-8 bytes, not characters: `\r\n` is one `Character`, equal to
    /// neither `\r` nor `\n`, and a quote followed by a combining mark is another.
    func needsQuotes(_ text: String) -> Bool {
        if let mark = separator.asciiValue {
            return text.utf8.contains {
                $0 == mark || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
            }
        }
        return text.contains(separator)
            || text.utf8.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }
}
