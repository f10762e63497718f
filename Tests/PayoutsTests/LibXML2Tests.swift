import Foundation
import Payouts
import SantunanValues
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The pain.002 reader and the XSD validation over libxml2 (issue 17, docs/decisions/0019-libxml2.md): the same
/// results as a plain reference reader, the XSD checked in the same pass, no external entity ever read.
@Suite("libxml2 reader and validation")
struct LibXML2Tests {
    static let pain002XSD = "schemas/pain.002.001.03.xsd"
    static let pain001XSD = "schemas/pain.001.001.03.xsd"

    static func schema(_ file: String) throws -> XMLSchema {
        try XMLSchema.load(path: repositoryRoot.appendingPathComponent(file).path)
    }

    /// The shipped sample, the fixtures' reports and 300 generated ones (seeded): the libxml2 reader, with and
    /// without the XSD attached, gives exactly what Foundation's `XMLParser` walking the same paths gives.
    @Test func theReaderAgreesWithAPlainReferenceOverShippedAndGeneratedReports() throws {
        let schema = try Self.schema(Self.pain002XSD)
        var documents = [
            try Data(contentsOf: repositoryRoot.appendingPathComponent("schemas/examples/pain.002-sample.xml"))
        ]
        var random = SplitMix(seed: 17)
        let statuses = ["ACSC", "ACCP", "RJCT", "PDNG", "ACTC"]
        for index in 0..<300 {
            var transactions: [FixtureStatus] = []
            for line in 0..<(1 + random.below(6)) {
                let status = statuses[random.below(statuses.count)]
                transactions.append(
                    FixtureStatus(
                        lineID: "PL-\(String(format: "%06d", index * 10 + line))", status: status,
                        reason: status == "RJCT" ? ["AM04", "AC01", "AC04"][random.below(3)] : nil,
                        amount: random.below(2) == 0 ? nil : Int64(1 + random.below(500_000_000)),
                        acceptedAt: status == "ACSC" ? "2024-04-0\(1 + random.below(9))T10:00:00+07:00" : nil))
            }
            let groups: [String?] = ["PART", "ACSC", "RJCT", nil]
            documents.append(
                Data(
                    statusReport(
                        messageID: "BNI-PSR-\(index)", batchID: "PB-2024-\(String(format: "%04d", index))",
                        groupStatus: groups[random.below(groups.count)],
                        paymentStatus: random.below(2) == 0 ? "PART" : nil, transactions: transactions
                    ).utf8))
        }
        for (index, document) in documents.enumerated() {
            let reference = try #require(ReferenceReader.read(document), "document \(index)")
            #expect(try StatusReport.parse(Array(document)) == reference, "document \(index)")
            #expect(try StatusReport.parse(Array(document), schema: schema) == reference, "document \(index)")
        }
        let sample = try StatusReport.parse(Array(documents[0]))
        #expect(sample.messageID != nil)
        #expect(!sample.paymentInformation.isEmpty)
    }

    /// A report that breaks the XSD is refused in the same pass, naming the schema and the line, never the value.
    @Test func aReportThatBreaksTheSchemaIsRefusedWithItsLineAndWithoutItsValue() throws {
        let schema = try Self.schema(Self.pain002XSD)
        let xml = statusReport(
            messageID: "BNI-PSR-X", batchID: "PB-2024-0001",
            transactions: [FixtureStatus(lineID: "PL-000001", status: "SECRETVALUE")])
        #expect(throws: Never.self) { try StatusReport.parse(Array(xml.utf8)) }
        do {
            _ = try StatusReport.parse(Array(xml.utf8), schema: schema)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidReport)
            #expect(error.field == "pain.002")
            #expect(error.reason.hasPrefix("does not validate against pain.002.001.03.xsd ("), "\(error.reason)")
            #expect(error.reason.contains("line 17"), "\(error.reason)")
            #expect(!error.reason.contains("SECRETVALUE"), "\(error.reason)")
            #expect(error.reason.hasSuffix("; nothing was imported"), "\(error.reason)")
        }
    }

    /// A DOCTYPE with a `SYSTEM` entity naming a local file: refused, and the file's contents appear nowhere.
    @Test func anExternalEntityIsRefusedAndNeverRead() throws {
        let secret = try temporaryFile("TOPSECRET-\(UUID().uuidString)", suffix: ".txt")
        let marker = try String(contentsOfFile: secret, encoding: .utf8)
        let xml = statusReport(
            messageID: "&xxe;", batchID: "PB-2024-0001",
            transactions: [FixtureStatus(lineID: "PL-000001", status: "ACSC")]
        ).replacingOccurrences(
            of: "<Document ",
            with: "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file://\(secret)\">]>\n<Document ")
        for schema in [nil, try Self.schema(Self.pain002XSD)] {
            do {
                let report = try StatusReport.parse(Array(xml.utf8), schema: schema)
                Issue.record("accepted: \(report)")
            } catch {
                #expect(error.code == .invalidReport)
                #expect(error.reason.contains("document type declarations are not accepted"), "\(error.reason)")
                #expect(!error.description.contains(marker))
            }
        }
        // The tree validator (pain.001 before writing) does not expand it either.
        let sample = try String(
            contentsOf: repositoryRoot.appendingPathComponent("schemas/examples/pain.001-sample.xml"), encoding: .utf8)
        let withEntity = sample.replacingOccurrences(
            of: "<Document ", with: "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file://\(secret)\">]>\n<Document "
        ).replacingOccurrences(of: "<MsgId>", with: "<MsgId>&xxe;")
        #expect(withEntity.contains("&xxe;"))
        let pain001 = try Self.schema(Self.pain001XSD)
        do {
            try pain001.validate(Array(withEntity.utf8), field: "pain.001")
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains(marker), "\(error)")
        }
    }

    /// The shipped pain.001 sample validates in process; the same file without its `MsgId` is refused for pain.001.
    @Test func aPain001IsValidatedInProcess() throws {
        let schema = try Self.schema(Self.pain001XSD)
        let sample = try String(
            contentsOf: repositoryRoot.appendingPathComponent("schemas/examples/pain.001-sample.xml"), encoding: .utf8)
        try schema.validate(Array(sample.utf8), field: "pain.001")
        let broken = sample.replacingOccurrences(of: "<MsgId>", with: "<MsgIdX>")
            .replacingOccurrences(of: "</MsgId>", with: "</MsgIdX>")
        do {
            try schema.validate(Array(broken.utf8), field: "pain.001")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.field == "pain.001")
            #expect(error.reason.contains("MsgIdX"), "\(error.reason)")
            #expect(error.reason.contains("line "), "\(error.reason)")
        }
        #expect(throws: PayoutError.self) { try XMLSchema.load(path: "/nonexistent/x.xsd") }
    }
}

/// A deterministic generator for the generated reports.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// The plain reference: Foundation's `XMLParser` collecting the same elements by path as the production reader.
final class ReferenceReader: NSObject, XMLParserDelegate {
    var report = StatusReport()
    var path: [String] = []
    var text = ""
    var payment: StatusReport.PaymentInformation?
    var transaction: StatusReport.Transaction?
    var reason: StatusReport.Reason?

    static func read(_ data: Data) -> StatusReport? {
        let parser = XMLParser(data: data)
        let reader = ReferenceReader()
        parser.delegate = reader
        parser.shouldProcessNamespaces = true
        return parser.parse() ? reader.report : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        path.append(elementName)
        text = ""
        switch elementName {
        case "OrgnlPmtInfAndSts" where path.count == 3: payment = StatusReport.PaymentInformation()
        case "TxInfAndSts": transaction = StatusReport.Transaction()
        case "StsRsnInf": reason = StatusReport.Reason()
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        text = ""
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        switch (elementName, parent) {
        case ("MsgId", "GrpHdr"): report.messageID = value
        case ("CreDtTm", "GrpHdr"): report.createdAt = WIBDateTime(iso: value)
        case ("OrgnlMsgId", "OrgnlGrpInfAndSts"): report.originalMessageID = value
        case ("OrgnlMsgNmId", "OrgnlGrpInfAndSts"): report.originalMessageNameID = value
        case ("GrpSts", "OrgnlGrpInfAndSts"): report.groupStatus = value
        case ("OrgnlPmtInfId", "OrgnlPmtInfAndSts"): payment?.originalPaymentInformationID = value
        case ("PmtInfSts", "OrgnlPmtInfAndSts"): payment?.status = value
        case ("OrgnlEndToEndId", "TxInfAndSts"): transaction?.originalEndToEndID = value
        case ("OrgnlInstrId", "TxInfAndSts"): transaction?.originalInstructionID = value
        case ("TxSts", "TxInfAndSts"): transaction?.status = value
        case ("AccptncDtTm", "TxInfAndSts"): transaction?.acceptedAt = WIBDateTime(iso: value)
        case ("InstdAmt", "Amt") where path.contains("OrgnlTxRef"): transaction?.amountText = value
        case ("Cd", "Rsn"): reason?.code = value
        case ("Prtry", "Rsn"): reason?.proprietary = value
        case ("AddtlInf", "StsRsnInf"): reason?.additionalInfo.append(value)
        case ("StsRsnInf", _):
            if let reason {
                switch parent {
                case "TxInfAndSts": transaction?.reasons.append(reason)
                case "OrgnlPmtInfAndSts": payment?.reasons.append(reason)
                case "OrgnlGrpInfAndSts": report.groupReasons.append(reason)
                default: break
                }
            }
            reason = nil
        case ("TxInfAndSts", _):
            if let transaction { payment?.transactions.append(transaction) }
            transaction = nil
        case ("OrgnlPmtInfAndSts", _) where path.count == 3:
            if let payment { report.paymentInformation.append(payment) }
            payment = nil
        default: break
        }
        path.removeLast()
    }
}
