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
            guard buffer.count <= Int(Int32.max),
                let parser = xmlSchemaNewMemParserCtxt(
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

    /// Validates a whole document held in memory (a pain.001 before it is written), in one streaming pass of
    /// libxml2's reader with the schema attached (as a status report is read, ``XMLReader``) and
    /// ``LibXML2/parseOptions``: no tree of the document is built, which for a batch of 100 000 lines (65 MB) took
    /// most of the export's time (docs/benchmarks.md, Session 7).
    ///
    /// - Throws: ``PayoutError/Code/invalidValue`` for `field`, naming the first problem and its line.
    public func validate(_ document: [UInt8], field: String) throws(PayoutError) {
        _ = LibXML2.ready
        let log = XMLErrorLog()
        let valid: Bool = document.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count <= Int(Int32.max),
                let reader = xmlReaderForMemory(
                    base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, nil, LibXML2.parseOptions)
            else { return false }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, XMLErrorLog.handler, log.context)
            guard xmlTextReaderSetSchema(reader, schema) == 0 else { return false }
            var step = xmlTextReaderRead(reader)
            while step == 1 && log.first == nil {
                if XMLReader.isRefused(nodeType: UInt32(xmlTextReaderNodeType(reader))) { return false }
                step = xmlTextReaderRead(reader)
            }
            return step == 0 && log.first == nil && xmlTextReaderIsValid(reader) == 1
        }
        guard valid else {
            throw PayoutError(
                .invalidValue, field: field,
                reason: "does not validate against \(name) (\(log.first.map(XMLErrorLog.reason) ?? "not XML")); "
                    + "nothing was written")
        }
    }
}
