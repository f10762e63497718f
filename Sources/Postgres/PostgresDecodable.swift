/// A Swift type that a result cell can be decoded into.
///
/// Results arrive in PostgreSQL's text format, so a conformance parses the bytes the server printed: `42`, `t`,
/// `\x00ff`. Built in: `Int64`, `Int`, `Int32`, `Int16`, `Bool`, `String`, `[UInt8]` (from `bytea`) and `Optional`
/// of any of them, which is the only way to accept SQL NULL. Conform a domain type by decoding the standard type
/// that stores it and wrapping the result.
public protocol PostgresDecodable {
    /// Decodes a non-NULL cell from its text-format bytes, or returns nil when they are not a valid `Self`.
    ///
    /// The buffer is only valid during the call; copy what you keep.
    static func decode(postgresText bytes: UnsafeRawBufferPointer) -> Self?

    /// The value SQL NULL decodes to, or nil when NULL is not acceptable (decoding then throws).
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> Wrapped?? {
        guard let value = Wrapped.decode(postgresText: bytes) else {
            return nil
        }
        return .some(value)
    }

    public static var postgresNull: Wrapped?? { .some(.none) }
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> Int64? {
        parseDecimal(bytes)
    }
}

extension Int: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> Int? {
        parseDecimal(bytes).flatMap { Int(exactly: $0) }
    }
}

extension Int32: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> Int32? {
        parseDecimal(bytes).flatMap { Int32(exactly: $0) }
    }
}

extension Int16: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> Int16? {
        parseDecimal(bytes).flatMap { Int16(exactly: $0) }
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> Bool? {
        // The server prints booleans as `t` / `f`; the long spellings appear when a query casts to text.
        switch bytes.count {
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "t"): return true
            case UInt8(ascii: "f"): return false
            default: return nil
            }
        case 4 where bytes.elementsEqual("true".utf8): return true
        case 5 where bytes.elementsEqual("false".utf8): return false
        default: return nil
        }
    }
}

extension String: PostgresDecodable {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> String? {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") {
            return decodeHexBytea(bytes)
        }
        return decodeEscapeBytea(bytes)
    }
}

/// Parses an optionally signed decimal integer straight from the cell's bytes, rejecting overflow.
@inline(__always)
func parseDecimal(_ bytes: UnsafeRawBufferPointer) -> Int64? {
    var index = 0
    var negative = false
    if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
        negative = first == UInt8(ascii: "-")
        index = 1
    }
    guard index < bytes.count else {
        return nil
    }
    var magnitude: UInt64 = 0
    while index < bytes.count {
        let digit = bytes[index] &- UInt8(ascii: "0")
        guard digit < 10 else {
            return nil
        }
        let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
        guard !overflow1, !overflow2 else {
            return nil
        }
        magnitude = sum
        index += 1
    }
    if negative {
        guard magnitude <= UInt64(Int64.max) + 1 else {
            return nil
        }
        return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else {
        return nil
    }
    return Int64(magnitude)
}

/// Decodes `bytea_output = hex`, the server default: `\x` followed by two hex digits per byte.
private func decodeHexBytea(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
    let digits = bytes.count - 2
    guard digits % 2 == 0 else {
        return nil
    }
    var failed = false
    let result = [UInt8](unsafeUninitializedCapacity: digits / 2) { buffer, initialized in
        var source = 2
        var target = 0
        while source < bytes.count {
            guard let high = hexValue(bytes[source]), let low = hexValue(bytes[source + 1]) else {
                failed = true
                break
            }
            buffer[target] = high << 4 | low
            target += 1
            source += 2
        }
        initialized = target
    }
    return failed ? nil : result
}

@inline(__always)
private func hexValue(_ character: UInt8) -> UInt8? {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- UInt8(ascii: "A") &+ 10
    default: nil
    }
}

/// Decodes `bytea_output = escape`: printable bytes as themselves, `\\` for a backslash, `\nnn` octal otherwise.
private func decodeEscapeBytea(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        guard byte == UInt8(ascii: "\\") else {
            result.append(byte)
            index += 1
            continue
        }
        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") {
            result.append(byte)
            index += 2
            continue
        }
        guard index + 3 < bytes.count else {
            return nil
        }
        var value: UInt16 = 0
        for offset in 1...3 {
            let digit = bytes[index + offset] &- UInt8(ascii: "0")
            guard digit < 8 else {
                return nil
            }
            value = value << 3 | UInt16(digit)
        }
        guard value <= 0xFF else {
            return nil
        }
        result.append(UInt8(value))
        index += 4
    }
    return result
}
