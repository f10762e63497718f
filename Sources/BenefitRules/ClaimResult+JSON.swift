import SantunanValues

extension ClaimResult {
    /// The CONTRACT §3 JSON document (UTF-8, two-space indentation, keys in contract order, amounts as integers).
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter(capacity: 2048 + lines.count * 1024 + scholarships.count * 1200)
        writeJSON(into: &writer)
        writer.put(0x0A)
        return writer.finish()
    }

    /// The CONTRACT §3 JSON document as a string.
    public var jsonText: String { String(decoding: jsonBytes(), as: UTF8.self) }

    func writeJSON(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.keyFragment("\n  \"case_id\": ")
        writer.string(caseID)
        writer.keyFragment(",\n  \"status\": ")
        writer.string(status.rawValue)
        writer.keyFragment(",\n  \"reasons\": ")
        writer.strings(reasons)
        writer.keyFragment(",\n  \"regime\": ")
        writer.beginArray()
        for entry in regime {
            writer.element()
            writer.beginObject()
            writer.keyFragment("\n      \"program\": ")
            writer.string(entry.program.rawValue)
            writer.keyFragment(",\n      \"instrument\": ")
            writer.string(entry.instrument)
            writer.keyFragment(",\n      \"effective_from\": ")
            writer.date(entry.effectiveFrom)
            writer.endObject()
        }
        writer.endArray()
        writer.keyFragment(",\n  \"lines\": ")
        writer.beginArray()
        for line in lines {
            writer.element()
            line.writeJSON(into: &writer)
        }
        writer.endArray()
        writer.keyFragment(",\n  \"scholarships\": ")
        writer.beginArray()
        for award in scholarships {
            writer.element()
            writer.beginObject()
            writer.keyFragment("\n      \"child_nik\": ")
            writer.string(award.childNIK)
            writer.keyFragment(",\n      \"commitment\": ")
            writer.integer(award.commitment.value)
            writer.keyFragment(",\n      \"installments\": ")
            writer.beginArray()
            for installment in award.installments {
                writer.element()
                writer.beginObject()
                writer.keyFragment("\n          \"due\": ")
                writer.date(installment.due)
                writer.keyFragment(",\n          \"level\": ")
                writer.string(installment.level.rawValue)
                writer.keyFragment(",\n          \"amount\": ")
                writer.integer(installment.amount.value)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.keyFragment(",\n  \"monthly_pension\": ")
        if let pension = monthlyPension {
            writer.beginObject()
            writer.keyFragment("\n    \"amount\": ")
            writer.integer(pension.amount.value)
            writer.keyFragment(",\n    \"start_month\": ")
            writer.month(pension.startMonth)
            writer.keyFragment(",\n    \"recipient\": ")
            writer.string(pension.recipient)
            writer.keyFragment(",\n    \"kind\": ")
            writer.string(pension.kind.rawValue)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.keyFragment(",\n  \"total\": ")
        writer.integer(total.value)
        writer.keyFragment(",\n  \"payable_now\": ")
        writer.integer(payableNow.value)
        writer.keyFragment(",\n  \"warnings\": ")
        writer.strings(warnings)
        writer.endObject()
    }
}

extension ClaimLine {
    func writeJSON(into writer: inout JSONWriter) {
        writer.beginObject()
        writer.keyFragment("\n      \"id\": ")
        writer.lineID(caseID: caseID, program: program, item: item, suffix: idSuffix)
        writer.keyFragment(",\n      \"program\": ")
        writer.string(program.rawValue)
        writer.keyFragment(",\n      \"item\": ")
        writer.string(item)
        writer.keyFragment(",\n      \"amount\": ")
        writer.integer(amount.value)
        writer.keyFragment(",\n      \"payee\": ")
        writer.beginObject()
        writer.keyFragment("\n        \"role\": ")
        writer.string(payee.role.rawValue)
        writer.keyFragment(",\n        \"nik\": ")
        writer.optionalString(payee.nik)
        if payee.role == .employer {
            writer.keyFragment(",\n        \"npp\": ")
            writer.optionalString(payee.npp)
        }
        writer.endObject()
        writer.keyFragment(",\n      \"schedule\": ")
        writer.string(schedule.rawValue)
        writer.keyFragment(",\n      \"due\": ")
        writer.date(due)
        writer.keyFragment(",\n      \"formula\": ")
        writer.formula(formulaParts)
        writer.keyFragment(",\n      \"basis\": ")
        writer.string(basis)
        writer.keyFragment(",\n      \"parameters\": ")
        writer.beginArray()
        for use in parameters {
            writer.element()
            writer.beginObject()
            writer.keyFragment("\n          \"key\": ")
            writer.string(use.key)
            writer.keyFragment(",\n          \"value\": ")
            writer.value(use.value)
            writer.keyFragment(",\n          \"effective_from\": ")
            writer.date(use.effectiveFrom)
            writer.keyFragment(",\n          \"confirmed\": ")
            writer.bool(use.confirmed)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}

/// A minimal pretty-printing JSON writer (two-space indentation, `"key": value`) over one growable byte buffer that
/// it writes through a pointer: no per-byte capacity checks, no temporary arrays, integers formatted without `String`.
///
/// Call ``finish()`` exactly once to take the bytes (it releases the buffer).
struct JSONWriter {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Open containers.
    private var depth = 0
    /// Bit `d`: whether the container at depth `d` (1-based) has an element yet (up to 63 levels).
    private var hasElement: UInt64 = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    /// The bytes written; the writer must not be used afterwards.
    mutating func finish() -> [UInt8] {
        let written = count
        let source = base
        let result = [UInt8](unsafeUninitializedCapacity: written) { buffer, initialized in
            buffer.baseAddress!.initialize(from: source, count: written)
            initialized = written
        }
        base.deallocate()
        capacity = 0
        count = 0
        return result
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    /// Copies bytes that fit (the caller reserved room).
    @inline(__always)
    private mutating func putReserved(_ source: UnsafePointer<UInt8>, _ length: Int) {
        (base + count).initialize(from: source, count: length)
        count &+= length
    }

    /// A line break and the indentation of the current depth, written as 8-byte words of spaces (the caller
    /// reserved `depth × 2 + 8` bytes: the last word may reach past the indentation).
    @inline(__always)
    private mutating func newlineReserved() {
        let width = 1 &+ depth &* 2
        let start = UnsafeMutableRawPointer(base + count)
        // "\n" and seven spaces, first byte lowest.
        start.storeBytes(of: UInt64(littleEndian: 0x2020_2020_2020_200A), as: UInt64.self)
        var offset = 8
        while offset < width {
            start.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: offset, as: UInt64.self)
            offset &+= 8
        }
        count &+= width
    }

    private mutating func newline() {
        reserve(depth &* 2 &+ 8)
        newlineReserved()
    }

    /// `,` after an earlier element, then the line break (the caller reserved `depth × 2 + 9` bytes).
    @inline(__always)
    private mutating func separatorReserved() {
        let bit: UInt64 = 1 << UInt64(depth)
        // The comma is always stored and kept only after an earlier element (else the line break overwrites it).
        base[count] = UInt8(ascii: ",")
        count &+= hasElement & bit != 0 ? 1 : 0
        hasElement |= bit
        newlineReserved()
    }

    /// A key at a depth its call site knows, as one precomputed fragment: the comma unless it is the object's first
    /// key, the line break, the indentation, the quoted key, the colon and the space (`,\n      "amount": `).
    /// Debug builds check the fragment against the writer's depth and state.
    @inline(__always)
    mutating func keyFragment(_ fragment: StaticString) {
        let bit: UInt64 = 1 << UInt64(depth)
        assert(JSONWriter.fragment(fragment, fits: depth, afterElement: hasElement & bit != 0))
        let length = fragment.utf8CodeUnitCount
        reserve(length)
        JSONWriter.copy(base + count, fragment.utf8Start, length)
        count &+= length
        hasElement |= bit
    }

    /// Whether `fragment` is what ``key(_:)`` would write at `depth` (the check of ``keyFragment(_:)``).
    static func fragment(_ fragment: StaticString, fits depth: Int, afterElement: Bool) -> Bool {
        let bytes = UnsafeBufferPointer(start: fragment.utf8Start, count: fragment.utf8CodeUnitCount)
        var index = 0
        if afterElement {
            guard bytes.first == UInt8(ascii: ","), bytes.count > 1 else { return false }
            index = 1
        }
        guard bytes[index] == 0x0A, bytes.count > index &+ depth &* 2 &+ 4 else { return false }
        for offset in 1...(depth &* 2) where bytes[index &+ offset] != 0x20 { return false }
        guard bytes[index &+ 1 &+ depth &* 2] == UInt8(ascii: "\"") else { return false }
        return bytes[bytes.count &- 3] == UInt8(ascii: "\"") && bytes[bytes.count &- 2] == UInt8(ascii: ":")
            && bytes[bytes.count &- 1] == 0x20
    }

    private mutating func separator() {
        reserve(depth &* 2 &+ 9)
        separatorReserved()
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }

    mutating func endObject() { close(UInt8(ascii: "}")) }

    mutating func beginArray() { open(UInt8(ascii: "[")) }

    mutating func endArray() { close(UInt8(ascii: "]")) }

    @inline(__always)
    private mutating func open(_ byte: UInt8) {
        put(byte)
        depth &+= 1
        hasElement &= ~(1 << UInt64(depth))
    }

    @inline(__always)
    private mutating func close(_ byte: UInt8) {
        let had = hasElement & (1 << UInt64(depth)) != 0
        hasElement &= ~(1 << UInt64(depth))
        depth &-= 1
        reserve(depth &* 2 &+ 9)
        if had { newlineReserved() }
        base[count] = byte
        count &+= 1
    }

    /// Starts an array element.
    mutating func element() { separator() }

    mutating func key(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        // Separator, line break and indentation (with the slack of their last word), quotes, colon and space.
        reserve(depth &* 2 &+ length &+ 13)
        separatorReserved()
        base[count] = UInt8(ascii: "\"")
        JSONWriter.copy(base + (count &+ 1), key.utf8Start, length)
        count &+= length &+ 1
        base[count] = UInt8(ascii: "\"")
        base[count &+ 1] = UInt8(ascii: ":")
        base[count &+ 2] = 0x20
        count &+= 3
    }

    /// Copies `length` bytes with unaligned word moves (overlapping at the end), `memcpy` beyond 64 bytes.
    @inline(__always)
    static func copy(_ destination: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>, _ length: Int) {
        let to = UnsafeMutableRawPointer(destination)
        let from = UnsafeRawPointer(source)
        if length >= 8 {
            guard length <= 64 else { return destination.update(from: source, count: length) }
            var offset = 0
            while offset &+ 8 < length {
                to.storeBytes(
                    of: from.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset,
                    as: UInt64.self)
                offset &+= 8
            }
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self), toByteOffset: length &- 8,
                as: UInt64.self)
        } else if length >= 4 {
            to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self), toByteOffset: length &- 4,
                as: UInt32.self)
        } else if length > 0 {
            destination[0] = source[0]
            destination[length &>> 1] = source[length &>> 1]
            destination[length &- 1] = source[length &- 1]
        }
    }

    /// Whether any byte of `word` (eight or four bytes read at once) needs escaping in a JSON string (below 0x20,
    /// `"` or `\\`). One formula for both widths; the calls are specialised, so the constants fold.
    @inline(__always)
    static func needsEscape<Word: FixedWidthInteger & UnsignedInteger>(_ word: Word) -> Bool {
        let ones = Word.max / 0xFF
        let high = ones &* 0x80
        let control = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        return (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & high != 0
    }

    /// Whether any byte of the buffer needs escaping, read a word at a time.
    @inline(__always)
    static func needsEscape(_ source: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let from = UnsafeRawPointer(source)
        if length >= 8 {
            var offset = 0
            while offset &+ 8 < length {
                if needsEscape(from.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
                offset &+= 8
            }
            return needsEscape(from.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self))
        }
        if length >= 4 {
            return needsEscape(from.loadUnaligned(as: UInt32.self))
                || needsEscape(from.loadUnaligned(fromByteOffset: length &- 4, as: UInt32.self))
        }
        for index in 0..<length {
            let byte = source[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
        }
        return false
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { buffer in self.stringBytes(buffer) }
    }

    /// A JSON string of UTF-8 bytes, escaped where needed.
    mutating func stringBytes(_ buffer: UnsafeBufferPointer<UInt8>) {
        let length = buffer.count
        guard let start = buffer.baseAddress, length > 0 else {
            reserve(2)
            base[count] = UInt8(ascii: "\"")
            base[count &+ 1] = UInt8(ascii: "\"")
            count &+= 2
            return
        }
        if !JSONWriter.needsEscape(start, length) {
            reserve(length &+ 2)
            base[count] = UInt8(ascii: "\"")
            JSONWriter.copy(base + (count &+ 1), start, length)
            count &+= length &+ 1
            base[count] = UInt8(ascii: "\"")
            count &+= 1
            return
        }
        put(UInt8(ascii: "\""))
        for byte in buffer {
            switch byte {
            case UInt8(ascii: "\""): put(0x5C); put(0x22)
            case UInt8(ascii: "\\"): put(0x5C); put(0x5C)
            case 0x0A: put(0x5C); put(UInt8(ascii: "n"))
            case 0x0D: put(0x5C); put(UInt8(ascii: "r"))
            case 0x09: put(0x5C); put(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex: StaticString = "0123456789abcdef"
                put(0x5C); put(UInt8(ascii: "u")); put(0x30); put(0x30)
                put(hex.utf8Start[Int(byte >> 4)])
                put(hex.utf8Start[Int(byte & 15)])
            default: put(byte)
            }
        }
        put(UInt8(ascii: "\""))
    }

    /// A string with no byte that needs escaping (static texts of the engine).
    mutating func plainString(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        reserve(length &+ 2)
        base[count] = UInt8(ascii: "\"")
        count &+= 1
        JSONWriter.copy(base + count, text.utf8Start, length)
        count &+= length
        base[count] = UInt8(ascii: "\"")
        count &+= 1
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

    /// Decimal digits of `value` (no `String`).
    mutating func integer(_ value: Int64) {
        reserve(20)
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count &+= 1
        }
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            digits &+= 1
        }
        var index = count &+ digits &- 1
        repeat {
            base[index] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
            magnitude /= 10
            index &-= 1
        } while index >= count
        count &+= digits
    }

    mutating func date(_ date: CivilDate) {
        reserve(12)
        base[count] = UInt8(ascii: "\"")
        count &+= 1
        digits(date.year, 4)
        base[count] = UInt8(ascii: "-")
        count &+= 1
        digits(date.month, 2)
        base[count] = UInt8(ascii: "-")
        count &+= 1
        digits(date.day, 2)
        base[count] = UInt8(ascii: "\"")
        count &+= 1
    }

    /// `YYYY-MM` as a JSON string (as `YearMonth.description` writes it).
    mutating func month(_ month: YearMonth) {
        guard month.year >= 0 && month.year <= 9999 else { return string(month.description) }
        reserve(9)
        base[count] = UInt8(ascii: "\"")
        count &+= 1
        digits(month.year, 4)
        base[count] = UInt8(ascii: "-")
        count &+= 1
        digits(month.month, 2)
        base[count] = UInt8(ascii: "\"")
        count &+= 1
    }

    /// Removes the quotes around the last `length` bytes written (`"…"` → `…`).
    mutating func unquoteLast(_ length: Int) {
        let start = count &- length &- 2
        for index in start..<(start + length) { base[index] = base[index + 1] }
        count &-= 2
    }

    /// The last `width` decimal digits of `value`, zero-padded (the caller reserved room).
    @inline(__always)
    private mutating func digits(_ value: Int, _ width: Int) {
        var rest = value
        var index = count &+ width &- 1
        while index >= count {
            base[index] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
            rest /= 10
            index &-= 1
        }
        count &+= width
    }

    mutating func bool(_ flag: Bool) {
        reserve(5)
        if flag {
            base[count] = 0x74; base[count + 1] = 0x72; base[count + 2] = 0x75; base[count + 3] = 0x65
            count &+= 4
        } else {
            base[count] = 0x66; base[count + 1] = 0x61; base[count + 2] = 0x6C; base[count + 3] = 0x73
            base[count + 4] = 0x65
            count &+= 5
        }
    }

    mutating func null() {
        reserve(4)
        base[count] = 0x6E; base[count + 1] = 0x75; base[count + 2] = 0x6C; base[count + 3] = 0x6C
        count &+= 4
    }

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

// MARK: - Line ids and formulas written in place

extension JSONWriter {
    /// The content of a JSON string (no quotes), escaped where needed.
    mutating func content(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            guard let start = buffer.baseAddress, !buffer.isEmpty else { return }
            if !JSONWriter.needsEscape(start, buffer.count) {
                reserve(buffer.count)
                JSONWriter.copy(base + count, start, buffer.count)
                count &+= buffer.count
                return
            }
            // Escape through the general writer, then drop its quotes.
            var escaped = JSONWriter(capacity: buffer.count * 6 + 2)
            escaped.stringBytes(buffer)
            let bytes = escaped.finish()
            for byte in bytes.dropFirst().dropLast() { put(byte) }
        }
    }

    /// Static text inside a string (the engine's own words: nothing to escape).
    mutating func raw(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        reserve(length)
        JSONWriter.copy(base + count, text.utf8Start, length)
        count &+= length
    }

    /// `{case_id}/{program}/{item}[/{suffix}]` (``ClaimLine/id``) as a JSON string.
    mutating func lineID(caseID: String, program: Program, item: String, suffix: String?) {
        put(UInt8(ascii: "\""))
        content(caseID)
        put(UInt8(ascii: "/"))
        content(program.rawValue)
        put(UInt8(ascii: "/"))
        content(item)
        if let suffix {
            put(UInt8(ascii: "/"))
            content(suffix)
        }
        put(UInt8(ascii: "\""))
    }

    /// A decimal number inside a string (`String(value)`).
    mutating func decimal(_ value: Int64) { integer(value) }

    /// `Rp 42.000.000` / `-Rp 1.500` (as `RupiahText` writes them), digits and dots written from the right.
    mutating func rupiah(_ value: Int64) {
        // Sign, "Rp ", up to 20 digits and 6 dots.
        reserve(32)
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count &+= 1
        }
        base[count] = UInt8(ascii: "R")
        base[count &+ 1] = UInt8(ascii: "p")
        base[count &+ 2] = 0x20
        count &+= 3
        var magnitude = value.magnitude
        var digits = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            digits &+= 1
        }
        let length = digits &+ (digits &- 1) / 3
        var index = count &+ length &- 1
        var written = 0
        repeat {
            if written > 0 && written % 3 == 0 {
                base[index] = UInt8(ascii: ".")
                index &-= 1
            }
            base[index] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
            magnitude /= 10
            index &-= 1
            written &+= 1
        } while magnitude > 0
        count &+= length
    }

    /// Basis points as an Indonesian percentage (``SavingsText/percent(_:)``).
    mutating func percent(_ basisPoints: Int64) {
        guard basisPoints >= 0 else { return content(SavingsText.percent(basisPoints)) }
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        integer(whole)
        guard fraction != 0 else { return }
        put(UInt8(ascii: ","))
        if fraction % 10 == 0 {
            integer(fraction / 10)
        } else {
            if fraction < 10 { put(UInt8(ascii: "0")) }
            integer(fraction)
        }
    }

    /// Basis points as ``LineFormula/percent(_:)`` writes them (the same as ``percent(_:)`` unless negative).
    mutating func linePercent(_ basisPoints: Int64) {
        guard basisPoints >= 0 else { return content(LineFormula.percent(basisPoints)) }
        percent(basisPoints)
    }

    /// `YYYY-MM-DD` inside a string (``CivilDate/description``).
    mutating func dateText(_ date: CivilDate) {
        guard date.year >= 0 && date.year <= 9999 else { return content(date.description) }
        self.date(date)
        // `date` wrote quotes around it: drop them.
        unquoteLast(10)
    }

    /// `YYYY-MM` inside a string (``YearMonth/description``).
    mutating func monthText(_ month: YearMonth) {
        guard month.year >= 0 && month.year <= 9999 else { return content(month.description) }
        self.month(month)
        unquoteLast(7)
    }

    /// The formula of a line as a JSON string, rendered in place (the same words as ``LineFormula/text``).
    mutating func formula(_ formula: LineFormula) {
        if case .text(let text) = formula { return string(text) }
        put(UInt8(ascii: "\""))
        lineFormula(formula)
        put(UInt8(ascii: "\""))
    }

    /// ``LineFormula/text`` without its quotes, written in place.
    private mutating func lineFormula(_ formula: LineFormula) {
        switch formula {
        case .text(let text):
            content(text)
        case .savings(let savings):
            savingsFormula(savings)
        case .fixed(let amount):
            rupiah(amount.value)
        case .paidAtOnce(let amount):
            rupiah(amount.value)
            raw(" paid at once")
        case .bpuLimited(let amount, let since, let months):
            rupiah(amount.value)
            raw(" (BPU, membership since ")
            dateText(since)
            raw(" < ")
            integer(months)
            raw(" months)")
        case .jkkDeath(let multiplier, let wage, let minimum):
            raw("max(")
            integer(multiplier)
            raw(" x ")
            rupiah(wage.value)
            raw(", ")
            rupiah(minimum.value)
            raw(")")
        case .medical(let claimed, .some(let cap)), .capped(let claimed, let cap):
            raw("min(")
            rupiah(claimed.value)
            raw(", ")
            rupiah(cap.value)
            raw(")")
        case .medical(let claimed, .none):
            raw("medical costs ")
            rupiah(claimed.value)
            raw(" (no ceiling)")
        case .transport(let parts):
            for (index, part) in parts.enumerated() {
                if index > 0 { raw(" + ") }
                raw("min(")
                rupiah(part.claimed.value)
                raw(", ")
                rupiah(part.cap.value)
                raw(") ")
                content(part.mode.rawValue)
            }
        case .stmb(let steps, let wage):
            raw("(")
            for (index, step) in steps.enumerated() {
                if index > 0 { raw(" + ") }
                integer(Int64(step.months))
                raw(" x ")
                linePercent(step.bp)
                raw(" %")
            }
            raw(") x ")
            rupiah(wage.value)
        case .disabilityTotal(let bp, let months, let wage):
            linePercent(bp)
            raw(" % x ")
            integer(months)
            raw(" x ")
            rupiah(wage.value)
        case .disabilityPartial(let parts, let cap, let months, let wage):
            raw(cap == nil ? "(" : "min(")
            for (index, part) in parts.enumerated() {
                if index > 0 { raw(" + ") }
                linePercent(part.bp)
                raw(" % (")
                content(part.code)
                if part.leftHanded { raw(", kidal") }
                raw(")")
                if let loss = part.functionLossPercent {
                    raw(" x ")
                    integer(Int64(loss))
                    raw(" % function loss")
                }
            }
            if let cap {
                raw(", ")
                linePercent(cap)
                raw(" %) x ")
            } else {
                raw(") x ")
            }
            integer(months)
            raw(" x ")
            rupiah(wage.value)
        case .scholarship(let parts):
            for (index, part) in parts.enumerated() {
                if index > 0 { raw(" + ") }
                integer(Int64(part.count))
                raw(" x ")
                rupiah(part.rate.value)
                raw(" (")
                content(part.level.rawValue)
                raw(")")
            }
        case .oneChildScholarship(let amount):
            rupiah(amount.value)
            raw(" once, one child")
        }
    }

    /// ``SavingsFormula/text`` without its quotes.
    mutating func savingsFormula(_ formula: SavingsFormula) {
        switch formula {
        case .text(let text):
            content(text)
        case .jhtBalance(let statement, let deposits, let wageEarnerBp, let nonWageEarnerBp, let last):
            if let statement {
                raw("statement ")
                rupiah(statement.amount.value)
                raw(" as of ")
                dateText(statement.asOf)
            } else {
                raw("contribution history")
            }
            raw(" + ")
            integer(Int64(deposits))
            raw(" monthly deposits (")
            percent(wageEarnerBp)
            raw(" % PU / ")
            percent(nonWageEarnerBp)
            raw(" % BPU of wage, credited when paid) + monthly development floor(balance x rate/12) to ")
            monthText(last)
        case .jhtPartial(let shareBp, let balance, let inner):
            percent(shareBp)
            raw(" % x balance ")
            rupiah(balance.value)
            raw(" [")
            savingsFormula(inner)
            raw("]")
        case .jpLumpSum(let statement, let months, let deposits, let contributionBp, let last):
            if let statement {
                raw("statement ")
                rupiah(statement.amount.value)
                raw(" as of ")
                dateText(statement.asOf)
                raw(" + ")
                integer(Int64(deposits))
                raw(" JP deposits paid after it (")
                percent(contributionBp)
                raw(" % of min(wage, cap), credited when paid) + monthly development to ")
                monthText(last)
            } else {
                integer(Int64(months))
                raw(" paid months x ")
                percent(contributionBp)
                raw(" % of min(wage, cap), credited when paid + monthly development to ")
                monthText(last)
            }
        case .jpMonthly(let accrualBp, let months, let deemed, let averageWage, let shareBp, let computed, let bound):
            percent(accrualBp)
            raw(" % x ")
            if months % 12 == 0 {
                integer(Int64(months / 12))
                raw(" years")
            } else {
                integer(Int64(months))
                raw("/12 years")
            }
            if deemed { raw(" (deemed)") }
            raw(" x average indexed wage ")
            rupiah(averageWage.value)
            if let shareBp {
                raw(" x ")
                percent(shareBp)
                raw(" %")
            }
            raw(" = ")
            rupiah(computed.value)
            if let bound {
                raw(bound.isMinimum ? ", raised to the minimum " : ", limited to the maximum ")
                rupiah(bound.amount.value)
                raw(" of the award year from ")
                dateText(bound.awardYearFrom)
            }
        }
    }
}
