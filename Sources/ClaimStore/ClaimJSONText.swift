import SantunanValues

/// A minimal JSON text builder for the small JSON values ``ClaimWriter`` writes (a claim's `reasons`) and for the
/// rare recompute of incomplete claims, sent as one `json` parameter read by `json_to_recordset`.
struct ClaimJSONText {
    var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ text: String?) {
        separate()
        guard let text else {
            bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
            needsComma = true
            return
        }
        JSONText.append(text, to: &bytes)
        needsComma = true
    }

    mutating func integer(_ value: Int64) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// `"name":` and the text, or `null`: one call per field, so a row's keys read as a list.
    mutating func field(_ name: StaticString, _ text: String?) {
        key(name)
        string(text)
    }

    /// `"name":` and the integer, or `null`.
    mutating func field(_ name: StaticString, _ value: Int64?) {
        key(name)
        if let value {
            integer(value)
        } else {
            string(nil)
        }
    }

    /// Splices a value that is already JSON (the result document).
    mutating func raw(_ json: String) {
        separate()
        bytes.append(contentsOf: json.utf8)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
