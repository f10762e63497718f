import Foundation
import SantunanValues

extension StatusReport {
    /// The ISO 20022 namespace of CustomerPaymentStatusReportV03.
    public static let pain002Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"

    /// The largest status report accepted: 64 MiB.
    ///
    /// A settled transaction takes about 600 bytes in a pain.002 (`schemas/examples/pain.002-sample.xml`, the demo
    /// bank's report), a rejected one with a reason about 800; 64 MiB holds the report of a batch of 80 000 to
    /// 100 000 lines, more than a branch region pays in a month (its whole JP pension run and lump sums; docs/scale.md).
    /// A 117 MB file took 1.15 GB to refuse; now it is refused before a byte is parsed.
    public static let largestFileBytes = 64 << 20

    /// Reads a status report file, refusing it before parsing when it is larger than ``largestFileBytes``.
    ///
    /// Reads in 1 MiB chunks up to the cap and stops there, so a device or a pipe that never ends (`/dev/zero`) costs
    /// at most the cap; memory stays at one copy of an accepted file.
    ///
    /// - Returns: nil when the file cannot be opened.
    /// - Throws: ``PayoutError/Code/invalidReport`` when the file is larger than the cap.
    public static func readFile(atPath path: String) throws(PayoutError) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let tooLarge = PayoutError(
            .invalidReport, field: "pain.002",
            reason: "the file is larger than \(largestFileBytes >> 20) MiB, the largest status report accepted "
                + "(a batch of about 100 000 lines); nothing imported. Ask the bank to split the report")
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= Int64(largestFileBytes) else { throw tooLarge }
        var bytes: [UInt8] = []
        // One allocation of the file's size, not the doubling growth of appends (up to twice the file).
        bytes.reserveCapacity(Int(size) + 1)
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                return nil
            }
            guard let chunk, !chunk.isEmpty else { break }
            guard bytes.count + chunk.count <= largestFileBytes else { throw tooLarge }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Parses a pain.002.001.03 document, validating it against `schema` in the same pass when one is given.
    ///
    /// libxml2's streaming reader walks the document once (``XMLReader``): with the XSD attached, structure is
    /// checked as it is read, so a report at the size cap is validated and read in bounded memory. This reads the
    /// elements reconciliation needs and refuses a document that is not XML or not a pain.002.001.03 report.
    ///
    /// - Throws: ``PayoutError/Code/invalidReport`` naming the problem and its line (never the file's values).
    public static func parse(_ bytes: [UInt8], schema: XMLSchema? = nil) throws(PayoutError) -> StatusReport {
        let delegate = Pain002Delegate()
        let reader = XMLReader(bytes: bytes, schema: schema)
        do {
            try reader.read(
                start: { name, namespace in delegate.start(name, namespace: namespace) },
                text: { delegate.text += $0 },
                end: { delegate.end($0) })
        } catch {
            if error.invalid, let schema {
                throw PayoutError(
                    .invalidReport, field: "pain.002",
                    reason: "does not validate against \(schema.name) (\(error.reason)); nothing was imported")
            }
            throw PayoutError(.invalidReport, field: "pain.002", reason: "is not well-formed XML (\(error.reason))")
        }
        if let problem = delegate.problem {
            throw PayoutError(.invalidReport, field: "pain.002", reason: problem)
        }
        guard delegate.sawRoot else {
            throw PayoutError(
                .invalidReport, field: "pain.002",
                reason: "has no Document/CstmrPmtStsRpt in namespace \(pain002Namespace)")
        }
        return delegate.report
    }
}

/// Collects the elements of a pain.002 by their path below `Document/CstmrPmtStsRpt`.
private final class Pain002Delegate {
    var report = StatusReport()
    var problem: String?
    var sawRoot = false
    private var path: [String] = []
    var text = ""
    private var payment: StatusReport.PaymentInformation?
    private var transaction: StatusReport.Transaction?
    private var reason: StatusReport.Reason?

    /// `namespace` is the root's namespace URI, for the root element only.
    func start(_ elementName: String, namespace: String?) {
        if problem != nil { return }
        if path.isEmpty {
            guard elementName == "Document", namespace == StatusReport.pain002Namespace else {
                problem =
                    "the root element is not Document in namespace \(StatusReport.pain002Namespace); "
                    + "is this a pain.002.001.03 status report?"
                return
            }
        }
        path.append(elementName)
        text = ""
        if path.count == 2 {
            sawRoot = elementName == "CstmrPmtStsRpt"
        }
        switch elementName {
        case "OrgnlPmtInfAndSts" where path.count == 3:
            payment = StatusReport.PaymentInformation()
        case "TxInfAndSts" where payment != nil:
            transaction = StatusReport.Transaction()
        case "StsRsnInf":
            reason = StatusReport.Reason()
        default:
            break
        }
    }

    func end(_ elementName: String) {
        if problem != nil || path.isEmpty { return }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        text = ""
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        let section = path.count >= 3 ? path[2] : ""
        switch (elementName, parent) {
        case ("MsgId", "GrpHdr"):
            report.messageID = value
        case ("CreDtTm", "GrpHdr"):
            report.createdAt = WIBDateTime(iso: value)
        case ("OrgnlMsgId", "OrgnlGrpInfAndSts"):
            report.originalMessageID = value
        case ("OrgnlMsgNmId", "OrgnlGrpInfAndSts"):
            report.originalMessageNameID = value
        case ("GrpSts", "OrgnlGrpInfAndSts"):
            report.groupStatus = value
        case ("OrgnlPmtInfId", "OrgnlPmtInfAndSts"):
            payment?.originalPaymentInformationID = value
        case ("PmtInfSts", "OrgnlPmtInfAndSts"):
            payment?.status = value
        case ("OrgnlEndToEndId", "TxInfAndSts"):
            transaction?.originalEndToEndID = value
        case ("OrgnlInstrId", "TxInfAndSts"):
            transaction?.originalInstructionID = value
        case ("TxSts", "TxInfAndSts"):
            transaction?.status = value
        case ("AccptncDtTm", "TxInfAndSts"):
            transaction?.acceptedAt = WIBDateTime(iso: value)
        case ("InstdAmt", "Amt") where path.contains("OrgnlTxRef"):
            transaction?.amountText = value
        case ("Cd", "Rsn"):
            reason?.code = value
        case ("Prtry", "Rsn"):
            reason?.proprietary = value
        case ("AddtlInf", "StsRsnInf"):
            reason?.additionalInfo.append(value)
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
        case ("OrgnlPmtInfAndSts", _) where section == "OrgnlPmtInfAndSts" && path.count == 3:
            if let payment { report.paymentInformation.append(payment) }
            payment = nil
        default:
            break
        }
        path.removeLast()
    }
}
