import CLibXML2
import Foundation

/// libxml2, set up once per process: `xmlInitParser` (its global tables, before any thread parses) and an external
/// entity loader that loads nothing.
///
/// Santunan never needs libxml2 to fetch anything: documents are parsed from memory, the XSDs are read by Foundation
/// and handed over as bytes (they have no `xs:include` or `xs:import`). So the loader refuses every URL — an external
/// DTD, a `SYSTEM` entity, an `xsi:schemaLocation` — whatever the parse options say: no file is read and no network
/// is touched on behalf of a document (docs/decisions/0019-libxml2.md).
enum LibXML2 {
    static let ready: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// `XML_PARSE_NONET` only: no network, no entity substitution (`XML_PARSE_NOENT` off), no DTD loading
    /// (`XML_PARSE_DTDLOAD` off) and libxml2's size limits on (`XML_PARSE_HUGE` off).
    static let parseOptions = Int32(XML_PARSE_NONET.rawValue)
}

/// The first error libxml2 reported during one parse or validation, from its structured error callback.
final class XMLErrorLog {
    struct Entry {
        var line: Int
        var code: Int32
        var message: String
        /// A schema validity error rather than a well-formedness error.
        var invalid: Bool
    }

    var first: Entry?

    /// The C callback libxml2 calls; `context` is an unretained ``XMLErrorLog``.
    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let log = Unmanaged<XMLErrorLog>.fromOpaque(context).takeUnretainedValue()
        guard log.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "an XML error"
        log.first = Entry(
            line: Int(error.pointee.line), code: Int32(error.pointee.code),
            message: message, invalid: error.pointee.domain == Int32(XML_FROM_SCHEMASV.rawValue))
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The reason of ``first`` for an error line: one line, no control characters, values from the document left out.
    ///
    /// libxml2's messages quote the offending value (`The value '…' is not accepted by the pattern`); a value may be
    /// a payee's name or account number, which an error line never carries (PayoutError), so every quoted text after
    /// `value ` or after `': ` is replaced by `'…'`. Element and type names stay, without their `{namespace}`.
    static func reason(_ entry: Entry) -> String {
        if entry.code == Int32(XML_ERR_INVALID_CHAR.rawValue) || entry.code == Int32(XML_ERR_INVALID_CHARREF.rawValue)
            || entry.code == Int32(XML_ERR_INVALID_DEC_CHARREF.rawValue)
            || entry.code == Int32(XML_ERR_INVALID_HEX_CHARREF.rawValue)
        {
            return "a character XML does not allow, line \(entry.line)"
        }
        var out = ""
        var quoted = false
        var redacting = false
        var inNamespace = false
        for scalar in entry.message.unicodeScalars {
            // `{urn:iso:std:iso:20022:tech:xsd:pain.002.001.03}TxSts` is shown as `TxSts`.
            if scalar == "{", out.hasSuffix("'") { inNamespace = true }
            if inNamespace {
                if scalar == "}" { inNamespace = false }
                continue
            }
            if scalar == "'" {
                if quoted {
                    if redacting { out += "…" }
                    quoted = false
                    redacting = false
                } else {
                    quoted = true
                    redacting = out.hasSuffix("value ") || out.hasSuffix("': ")
                }
                out.unicodeScalars.append(scalar)
                continue
            }
            if quoted, redacting { continue }
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
        }
        var text = out.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix(".") { text.removeLast() }
        if text.unicodeScalars.count > 300 { text = String(text.unicodeScalars.prefix(300)) + "…" }
        return "\(text), line \(entry.line)"
    }
}

/// An XML Schema, parsed once and shared: libxml2's compiled schema is read-only after parsing, so any number of
/// readers and validations on any threads use it at once (each with its own validation context).
public final class XMLSchema: @unchecked Sendable {
    let schema: xmlSchemaPtr
    /// The file name, for messages (`pain.002.001.03.xsd`).
    public let name: String

    private init(schema: xmlSchemaPtr, name: String) {
        self.schema = schema
        self.name = name
    }

    nonisolated(unsafe) private static var loaded: [String: XMLSchema] = [:]
    private static let lock = NSLock()

    /// The schema at `path`, parsed on first use and kept for the life of the process.
    ///
    /// - Throws: ``PayoutError/Code/configuration`` when the file is missing or is not a schema libxml2 accepts.
    public static func load(path: String) throws(PayoutError) -> XMLSchema {
        lock.lock()
        defer { lock.unlock() }
        if let schema = loaded[path] { return schema }
        _ = LibXML2.ready
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let bytes = FileManager.default.contents(atPath: path), !bytes.isEmpty else {
            throw PayoutError(.configuration, field: path, reason: "cannot read the XML schema (missing or unreadable)")
        }
        let log = XMLErrorLog()
        let parsed: xmlSchemaPtr? = bytes.withUnsafeBytes { buffer in
            guard let parser = xmlSchemaNewMemParserCtxt(
                buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count))
            else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            xmlSchemaSetParserStructuredErrors(parser, XMLErrorLog.handler, log.context)
            return xmlSchemaParse(parser)
        }
        guard let parsed else {
            throw PayoutError(
                .configuration, field: path,
                reason: "is not an XML schema libxml2 accepts (\(log.first.map(XMLErrorLog.reason) ?? "no detail"))")
        }
        let schema = XMLSchema(schema: parsed, name: name)
        loaded[path] = schema
        return schema
    }

    /// Validates a whole document held in memory (a pain.001 before it is written): parsed into a tree with
    /// ``LibXML2/parseOptions`` and checked with `xmlSchemaValidateDoc`.
    ///
    /// - Throws: ``PayoutError/Code/invalidValue`` for `field`, naming the first problem and its line.
    public func validate(_ document: [UInt8], field: String) throws(PayoutError) {
        _ = LibXML2.ready
        let log = XMLErrorLog()
        // libxml2's error callbacks are per thread: routed to `log` for this parse and validation only.
        xmlSetStructuredErrorFunc(log.context, XMLErrorLog.handler)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let valid: Bool = document.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress,
                let tree = xmlReadMemory(
                    base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, nil, LibXML2.parseOptions)
            else { return false }
            defer { xmlFreeDoc(tree) }
            guard log.first == nil, let validation = xmlSchemaNewValidCtxt(schema) else { return false }
            defer { xmlSchemaFreeValidCtxt(validation) }
            xmlSchemaSetValidStructuredErrors(validation, XMLErrorLog.handler, log.context)
            return xmlSchemaValidateDoc(validation, tree) == 0 && log.first == nil
        }
        guard valid else {
            throw PayoutError(
                .invalidValue, field: field,
                reason: "does not validate against \(name) (\(log.first.map(XMLErrorLog.reason) ?? "not XML")); "
                    + "nothing was written")
        }
    }
}

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
                if step == 1,
                    type == XML_READER_TYPE_DOCUMENT_TYPE.rawValue || type == XML_READER_TYPE_ENTITY_REFERENCE.rawValue
                {
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
                        return Failure(
                            reason: "a character XML does not allow (U+\(String(bad.value, radix: 16, uppercase: true)))"
                                + ", line \(xmlTextReaderGetParserLineNumber(reader))",
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
