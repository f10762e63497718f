/// JSON string literals for the documents the product writes by hand (the fast result writer has its own, measured
/// in docs/benchmarks.md; this one serves everything else).
public enum JSONText {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
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
        guard text.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    /// One record: the fields quoted as needed and joined by the separator (no line end).
    public func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: String(separator))
    }
}
