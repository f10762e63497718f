import CLibXML2

/// A streaming, strict XML reader for status reports over libxml2's `xmlTextReader`: elements, text and CDATA are
/// reported in document order; element names without their namespace prefix. No DTDs (refused), no external
/// anything (``LibXML2``).
///
/// With a schema attached the document is validated as it is read, in the same single pass, so a large report costs
/// libxml2's reader window, not a tree of the whole file.
struct XMLReader {
    struct Failure: Error {
        let reason: String
        /// The document is well-formed but does not validate against the schema.
        let invalid: Bool
    }

    let bytes: [UInt8]
    var schema: XMLSchema?

    init(bytes: [UInt8], schema: XMLSchema? = nil) {
        self.bytes = bytes
        self.schema = schema
    }

    /// Walks the document. `start` gets the local name and, for the root only, its namespace URI.
    func read(
        start: (String, String?) -> Void, text: (String) -> Void, end: (String) -> Void
    ) throws(Failure) {
        _ = LibXML2.ready
        guard !bytes.isEmpty else { throw Failure(reason: "the document is empty", invalid: false) }
        // libxml2 takes the length as a C int; never trap on a larger buffer (the file readers cap far below).
        guard bytes.count <= Int(Int32.max) else {
            throw Failure(reason: "the document is larger than 2 GiB", invalid: false)
        }
        let log = XMLErrorLog()
        let outcome: Failure? = bytes.withUnsafeBytes { buffer -> Failure? in
            guard
                let reader = xmlReaderForMemory(
                    buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, nil,
                    LibXML2.parseOptions)
            else { return Failure(reason: "libxml2 cannot start a reader", invalid: false) }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, XMLErrorLog.handler, log.context)
            if let schema, xmlTextReaderSetSchema(reader, schema.schema) != 0 {
                return Failure(reason: "libxml2 cannot attach \(schema.name)", invalid: false)
            }
            var sawRoot = false
            while true {
                let step = xmlTextReaderRead(reader)
                let type = UInt32(xmlTextReaderNodeType(reader))
                // The reader parses ahead of the node it returns, so a schema error inside an unexpanded entity can
                // arrive with the DOCTYPE node: the DOCTYPE is the reason given.
                if step == 1, Self.isRefused(nodeType: type) {
                    return Failure(
                        reason: "document type declarations are not accepted, line "
                            + "\(xmlTextReaderGetParserLineNumber(reader))",
                        invalid: false)
                }
                if let entry = log.first { return Self.failure(entry) }
                if step == 0 { break }
                if step < 0 { return Failure(reason: "the document cannot be read", invalid: false) }
                switch type {
                case XML_READER_TYPE_ELEMENT.rawValue:
                    let depth = xmlTextReaderDepth(reader)
                    let name = Self.string(xmlTextReaderConstLocalName(reader))
                    let namespace = depth == 0 ? xmlTextReaderConstNamespaceUri(reader).map(Self.string) : nil
                    sawRoot = true
                    start(name, namespace)
                    if xmlTextReaderIsEmptyElement(reader) == 1 { end(name) }
                case XML_READER_TYPE_END_ELEMENT.rawValue:
                    end(Self.string(xmlTextReaderConstLocalName(reader)))
                case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue,
                    XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue, XML_READER_TYPE_WHITESPACE.rawValue:
                    let value = Self.string(xmlTextReaderConstValue(reader))
                    // libxml2 refuses such characters as not well-formed; kept as the contract of this reader.
                    if let bad = value.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
                        let code = String(bad.value, radix: 16, uppercase: true)
                        return Failure(
                            reason: "a character XML does not allow (U+\(code)), line "
                                + "\(xmlTextReaderGetParserLineNumber(reader))",
                            invalid: false)
                    }
                    text(value)
                default:
                    break
                }
            }
            if let entry = log.first { return Self.failure(entry) }
            guard sawRoot else { return Failure(reason: "the document has no root element", invalid: false) }
            if let schema, xmlTextReaderIsValid(reader) != 1 {
                return Failure(reason: "does not validate against \(schema.name)", invalid: true)
            }
            return nil
        }
        if let outcome { throw outcome }
    }

    /// A DOCTYPE or an entity reference: refused by every reader of ours. libxml2's reader does not expand entities,
    /// so neither the caller nor an attached schema would see what one stands for.
    static func isRefused(nodeType: UInt32) -> Bool {
        nodeType == XML_READER_TYPE_DOCUMENT_TYPE.rawValue || nodeType == XML_READER_TYPE_ENTITY_REFERENCE.rawValue
    }

    static func failure(_ entry: XMLErrorLog.Entry) -> Failure {
        Failure(reason: XMLErrorLog.reason(entry), invalid: entry.invalid)
    }

    static func string(_ text: UnsafePointer<xmlChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text)
    }

    /// Whether `scalar` is a character XML 1.0 allows (its `Char` production): no C0 control but tab, LF and CR.
    /// A NUL passed here reached PostgreSQL's text type and failed as a database error.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 || scalar.value == 0x09 || scalar.value == 0x0A || scalar.value == 0x0D
    }
}
