extension ClaimResult {
    /// The CONTRACT §3 JSON document (UTF-8, two-space indentation, keys in contract order, amounts as integers).
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(2048 + lines.count * 700 + scholarships.count * 1200)
        writeJSON(into: &writer)
        writer.bytes.append(0x0A)
        return writer.bytes
    }

    /// The CONTRACT §3 JSON document as a string.
    public var jsonText: String { String(decoding: jsonBytes(), as: UTF8.self) }

    func writeJSON(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("case_id")
        writer.string(caseID)
        writer.key("status")
        writer.string(status.rawValue)
        writer.key("reasons")
        writer.strings(reasons)
        writer.key("regime")
        writer.beginArray()
        for entry in regime {
            writer.element()
            writer.beginObject()
            writer.key("program")
            writer.string(entry.program.rawValue)
            writer.key("instrument")
            writer.string(entry.instrument)
            writer.key("effective_from")
            writer.date(entry.effectiveFrom)
            writer.endObject()
        }
        writer.endArray()
        writer.key("lines")
        writer.beginArray()
        for line in lines {
            writer.element()
            line.writeJSON(into: &writer)
        }
        writer.endArray()
        writer.key("scholarships")
        writer.beginArray()
        for award in scholarships {
            writer.element()
            writer.beginObject()
            writer.key("child_nik")
            writer.string(award.childNIK)
            writer.key("commitment")
            writer.integer(award.commitment.value)
            writer.key("installments")
            writer.beginArray()
            for installment in award.installments {
                writer.element()
                writer.beginObject()
                writer.key("due")
                writer.date(installment.due)
                writer.key("level")
                writer.string(installment.level.rawValue)
                writer.key("amount")
                writer.integer(installment.amount.value)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.key("monthly_pension")
        if let pension = monthlyPension {
            writer.beginObject()
            writer.key("amount")
            writer.integer(pension.amount.value)
            writer.key("start_month")
            writer.string(pension.startMonth.description)
            writer.key("recipient")
            writer.string(pension.recipient)
            writer.key("kind")
            writer.string(pension.kind.rawValue)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("total")
        writer.integer(total.value)
        writer.key("payable_now")
        writer.integer(payableNow.value)
        writer.key("warnings")
        writer.strings(warnings)
        writer.endObject()
    }
}

extension ClaimLine {
    func writeJSON(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("program")
        writer.string(program.rawValue)
        writer.key("item")
        writer.string(item)
        writer.key("amount")
        writer.integer(amount.value)
        writer.key("payee")
        writer.beginObject()
        writer.key("role")
        writer.string(payee.role.rawValue)
        writer.key("nik")
        writer.optionalString(payee.nik)
        if payee.role == .employer {
            writer.key("npp")
            writer.optionalString(payee.npp)
        }
        writer.endObject()
        writer.key("schedule")
        writer.string(schedule.rawValue)
        writer.key("due")
        writer.date(due)
        writer.key("formula")
        writer.string(formula)
        writer.key("basis")
        writer.string(basis)
        writer.key("parameters")
        writer.beginArray()
        for use in parameters {
            writer.element()
            writer.beginObject()
            writer.key("key")
            writer.string(use.key)
            writer.key("value")
            writer.value(use.value)
            writer.key("effective_from")
            writer.date(use.effectiveFrom)
            writer.key("confirmed")
            writer.bool(use.confirmed)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}

/// A minimal pretty-printing JSON writer over a byte buffer (two-space indentation, `"key": value`).
struct JSONWriter {
    var bytes: [UInt8] = []
    /// Per open container: whether it has an element yet.
    private var hasElement: [Bool] = []

    private mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<hasElement.count { bytes.append(0x20); bytes.append(0x20) }
    }

    private mutating func separator() {
        if hasElement[hasElement.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasElement[hasElement.count - 1] = true
        newline()
    }

    mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        hasElement.append(false)
    }

    mutating func endObject() {
        let had = hasElement.removeLast()
        if had { newline() }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        hasElement.append(false)
    }

    mutating func endArray() {
        let had = hasElement.removeLast()
        if had { newline() }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Starts an array element.
    mutating func element() { separator() }

    mutating func key(_ key: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), 0x20])
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        let plain = text.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
            for byte in buffer where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            bytes.append(contentsOf: buffer)
            return true
        }
        if plain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { null() }
    }

    mutating func strings(_ texts: [String]) {
        beginArray()
        for text in texts {
            element()
            string(text)
        }
        endArray()
    }

    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt64 = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(magnitude / divisor) + UInt8(ascii: "0"))
            magnitude %= divisor
            divisor /= 10
        } while divisor > 0
    }

    mutating func date(_ date: CivilDate) {
        bytes.append(UInt8(ascii: "\""))
        digits(date.year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(date.month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(date.day, 2)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(rest / divisor % 10) + UInt8(ascii: "0"))
            rest %= divisor
            divisor /= 10
        }
    }

    mutating func bool(_ flag: Bool) {
        if flag {
            bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        } else {
            bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        }
    }

    mutating func null() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    mutating func value(_ value: ParameterValue) {
        switch value {
        case .integer(let integer): self.integer(integer)
        case .text(let text): string(text)
        case .null: null()
        case .list(let items):
            beginArray()
            for item in items {
                element()
                self.value(item)
            }
            endArray()
        }
    }
}
