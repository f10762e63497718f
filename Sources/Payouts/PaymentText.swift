import Foundation

/// Cleaning and checking the text that goes into payment files (PAYMENT-FILES.md §3).
///
/// Banks accept only the SWIFT "x" character set, `A-Z a-z 0-9 / ? : ( ) . , ' + -` and space. Names and references
/// are cleaned once, here, and the XML and the CSV carry the same cleaned value.
public enum PaymentText {
    /// The EPC practice length for names and references (the XSD allows 140).
    public static let maximumTextLength = 70
    /// Identifiers (line ids, batch ids, MsgId) are Max35Text.
    public static let maximumIdentifierLength = 35
    /// Account numbers are Max34Text.
    public static let maximumAccountLength = 34

    /// Cleans a name or reference: NFKD, combining marks dropped (`é`→`e`), any other character outside the set
    /// turned into a space, spaces collapsed, trimmed, leading `+`/`-` dropped, then cut to 70 characters.
    ///
    /// - Parameter field: the field path for the error, e.g. `PL-000102.payee_name`; never the value itself.
    /// - Throws: ``PayoutError/Code/invalidValue`` naming `field` when no exportable character is left.
    public static func clean(_ text: String, field: String) throws(PayoutError) -> String {
        let cleaned = cleaned(text)
        guard !cleaned.isEmpty else {
            throw PayoutError(.invalidValue, field: field, reason: "no exportable characters")
        }
        return cleaned
    }

    /// The cleaned text, possibly empty.
    public static func cleaned(_ text: String) -> String {
        var scalars: [UInt8] = []
        scalars.reserveCapacity(text.utf8.count)
        let source: String
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            source = text
        } else {
            source = text.decomposedStringWithCompatibilityMapping
        }
        var pendingSpace = false
        for scalar in source.unicodeScalars {
            if scalar.value < 0x80, isAllowed(UInt8(scalar.value)), scalar != " " {
                if pendingSpace, !scalars.isEmpty { scalars.append(UInt8(ascii: " ")) }
                pendingSpace = false
                scalars.append(UInt8(scalar.value))
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue  // the accent of a decomposed letter
            default:
                pendingSpace = true
            }
        }
        // A leading sign would read as an amount to some bank systems (PAYMENT-FILES.md §3).
        while let first = scalars.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == 0x20 {
            scalars.removeFirst()
        }
        if scalars.count > maximumTextLength {
            scalars.removeLast(scalars.count - maximumTextLength)
            while scalars.last == 0x20 { scalars.removeLast() }
        }
        return String(decoding: scalars, as: UTF8.self)
    }

    /// Whether `byte` is in the SWIFT "x" set `A-Za-z0-9/?:().,'+ -`.
    @inline(__always)
    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "'"), UInt8(ascii: "+"), UInt8(ascii: " "),
            UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Whether `text` matches `^[A-Za-z0-9/?:().,'+ -]+$`.
    public static func isInCharacterSet(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isAllowed)
    }

    /// Whether `text` is a valid identifier: `^[A-Za-z0-9][A-Za-z0-9-]{0,34}$`.
    public static func isIdentifier(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= maximumIdentifierLength, isAlphanumeric(first) else {
            return false
        }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// Whether `text` is a BIC: `[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?` (8 or 11 characters).
    public static func isBIC(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 8 || bytes.count == 11 else { return false }
        func upper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func digit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard bytes[0..<6].allSatisfy(upper) else { return false }
        guard upper(bytes[6]) || (bytes[6] >= UInt8(ascii: "2") && digit(bytes[6])) else { return false }
        guard (upper(bytes[7]) && bytes[7] != UInt8(ascii: "O")) || digit(bytes[7]) else { return false }
        return bytes[8...].allSatisfy { upper($0) || digit($0) }
    }

    /// Whether `text` is a domestic account number: digits only, 1 to 34 of them (leading zeros kept).
    public static func isAccountNumber(_ text: String) -> Bool {
        let bytes = text.utf8
        return !bytes.isEmpty && bytes.count <= maximumAccountLength
            && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
