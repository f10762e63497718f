/// A small, strict, non-validating XML reader for status reports: elements, attributes, text, the five predefined
/// entities and character references, CDATA, comments and processing instructions. No DTDs (refused), no external
/// anything.
///
/// Status reports are validated against their XSD by `xmllint` before they are read; this reader only has to walk
/// them, quickly and without surprises on large files. Element names are reported without their namespace prefix.
struct XMLReader {
    struct Failure: Error {
        let reason: String
    }

    let bytes: [UInt8]
    var index = 0
    var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Walks the document. `start` gets the local name and, for the root only, its namespace declaration.
    mutating func read(
        start: (String, String?) -> Void, text: (String) -> Void, end: (String) -> Void
    ) throws(Failure) {
        var stack: [String] = []
        var sawRoot = false
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let textStart = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
                    if bytes[index] == 0x0A { line += 1 }
                    index += 1
                }
                if !stack.isEmpty {
                    text(try decode(textStart, index))
                } else if !bytes[textStart..<index].allSatisfy(Self.isSpace) {
                    throw fail("text outside the root element")
                }
                continue
            }
            if hasPrefix("<?") {
                try skip(past: "?>")
            } else if hasPrefix("<!--") {
                try skip(past: "-->")
            } else if hasPrefix("<![CDATA[") {
                index += 9
                let cdataStart = index
                try skip(past: "]]>")
                guard !stack.isEmpty else { throw fail("CDATA outside the root element") }
                text(try checked(String(decoding: bytes[cdataStart..<(index - 3)], as: UTF8.self)))
            } else if hasPrefix("<!") {
                throw fail("document type declarations are not accepted")
            } else if hasPrefix("</") {
                index += 2
                let name = try readName()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw fail("bad end tag") }
                index += 1
                guard let open = stack.popLast(), open == name else { throw fail("mismatched end tag </\(name)>") }
                end(Self.localName(name))
            } else {
                index += 1
                let name = try readName()
                guard !(stack.isEmpty && sawRoot) else { throw fail("a second root element") }
                var namespace: String?
                var selfClosing = false
                while true {
                    skipSpace()
                    guard index < bytes.count else { throw fail("unterminated start tag") }
                    if bytes[index] == UInt8(ascii: ">") {
                        index += 1
                        break
                    }
                    if hasPrefix("/>") {
                        index += 2
                        selfClosing = true
                        break
                    }
                    let attribute = try readName()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                        throw fail("attribute without =")
                    }
                    index += 1
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")
                    else { throw fail("unquoted attribute") }
                    let quote = bytes[index]
                    index += 1
                    let valueStart = index
                    while index < bytes.count, bytes[index] != quote { index += 1 }
                    guard index < bytes.count else { throw fail("unterminated attribute") }
                    let value = try decode(valueStart, index)
                    index += 1
                    let prefix = name.split(separator: ":").count == 2 ? String(name.split(separator: ":")[0]) : nil
                    if stack.isEmpty, attribute == (prefix.map { "xmlns:" + $0 } ?? "xmlns") {
                        namespace = value
                    }
                }
                sawRoot = true
                start(Self.localName(name), stack.isEmpty ? namespace : nil)
                if selfClosing {
                    end(Self.localName(name))
                } else {
                    stack.append(name)
                }
            }
        }
        guard sawRoot, stack.isEmpty else { throw fail("the document ends inside an element") }
    }

    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    func fail(_ reason: String) -> Failure { Failure(reason: "\(reason), line \(line)") }

    func hasPrefix(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in
            for offset in 0..<count where bytes[index + offset] != prefix[offset] { return false }
            return true
        }
    }

    mutating func skip(past terminator: StaticString) throws(Failure) {
        while index < bytes.count {
            if hasPrefix(terminator) {
                index += terminator.utf8CodeUnitCount
                return
            }
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        throw fail("unterminated markup")
    }

    mutating func skipSpace() {
        while index < bytes.count, Self.isSpace(bytes[index]) {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
    }

    mutating func readName() throws(Failure) -> String {
        let nameStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
            {
                break
            }
            index += 1
        }
        guard index > nameStart else { throw fail("an element or attribute without a name") }
        return String(decoding: bytes[nameStart..<index], as: UTF8.self)
    }

    /// Whether `scalar` is a character XML 1.0 allows (its `Char` production): no C0 control but tab, LF and CR.
    /// A NUL passed here reached PostgreSQL's text type and failed as a database error.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 || scalar.value == 0x09 || scalar.value == 0x0A || scalar.value == 0x0D
    }

    /// `text`, or a failure naming the first character XML does not allow.
    func checked(_ text: String) throws(Failure) -> String {
        if let bad = text.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
            throw fail("a character XML does not allow (U+\(String(bad.value, radix: 16, uppercase: true)))")
        }
        return text
    }

    /// The text of `bytes[from..<to]` with entity and character references resolved; refuses characters XML does
    /// not allow, written or referenced.
    func decode(_ from: Int, _ to: Int) throws(Failure) -> String {
        try checked(decodeReferences(from, to))
    }

    private func decodeReferences(_ from: Int, _ to: Int) throws(Failure) -> String {
        guard bytes[from..<to].contains(UInt8(ascii: "&")) else {
            return String(decoding: bytes[from..<to], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        var position = from
        while position < to {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "&") else {
                out.append(byte)
                position += 1
                continue
            }
            guard let semicolon = bytes[position..<to].firstIndex(of: UInt8(ascii: ";")) else {
                throw fail("an unterminated entity reference")
            }
            let name = String(decoding: bytes[(position + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let scalarValue: UInt32? =
                    name.hasPrefix("#x")
                    ? UInt32(name.dropFirst(2), radix: 16)
                    : name.hasPrefix("#") ? UInt32(name.dropFirst(), radix: 10) : nil
                guard let scalarValue, let scalar = Unicode.Scalar(scalarValue) else {
                    throw fail("an unknown entity &\(name);")
                }
                out.append(contentsOf: String(Character(scalar)).utf8)
            }
            position = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
