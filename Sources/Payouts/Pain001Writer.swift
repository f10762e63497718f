import SantunanValues

extension TransferFile {
    /// The ISO 20022 namespace of CustomerCreditTransferInitiationV03.
    public static let pain001Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"

    /// The pain.001.001.03 document: UTF-8 without BOM, LF line endings, elements in the XSD's order, one `PmtInf`
    /// (PAYMENT-FILES.md §1).
    public func pain001() -> [UInt8] {
        var out = XMLBuffer(capacity: 512 + lines.count * 700)
        out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.raw("<Document xmlns=\"\(Self.pain001Namespace)\">\n")
        out.open("CstmrCdtTrfInitn", 1)
        out.open("GrpHdr", 2)
        out.element("MsgId", messageID, 3)
        out.element("CreDtTm", createdAt.description, 3)
        out.element("NbOfTxs", String(lines.count), 3)
        out.element("CtrlSum", String(controlSum), 3)
        out.open("InitgPty", 3)
        out.element("Nm", debtor.initiatingPartyName, 4)
        if let id = debtor.initiatingPartyID {
            out.open("Id", 4)
            out.open("OrgId", 5)
            out.open("Othr", 6)
            out.element("Id", id, 7)
            out.close("Othr", 6)
            out.close("OrgId", 5)
            out.close("Id", 4)
        }
        out.close("InitgPty", 3)
        out.close("GrpHdr", 2)

        out.open("PmtInf", 2)
        out.element("PmtInfId", batchID, 3)
        out.element("PmtMtd", "TRF", 3)
        out.element("BtchBookg", "false", 3)
        out.element("NbOfTxs", String(lines.count), 3)
        out.element("CtrlSum", String(controlSum), 3)
        out.open("PmtTpInf", 3)
        out.open("CtgyPurp", 4)
        out.element("Cd", "SSBE", 5)
        out.close("CtgyPurp", 4)
        out.close("PmtTpInf", 3)
        out.element("ReqdExctnDt", requestedExecutionDate.description, 3)
        out.open("Dbtr", 3)
        out.element("Nm", debtor.name, 4)
        out.close("Dbtr", 3)
        out.accountID("DbtrAcct", debtor.accountNumber, 3)
        out.agent("DbtrAgt", debtor.bic, 3)
        out.element("ChrgBr", "DEBT", 3)
        for line in lines {
            out.open("CdtTrfTxInf", 3)
            out.open("PmtId", 4)
            out.element("InstrId", line.lineID, 5)
            out.element("EndToEndId", line.lineID, 5)
            out.close("PmtId", 4)
            out.open("Amt", 4)
            out.indent(5)
            out.raw("<InstdAmt Ccy=\"IDR\">")
            out.raw(String(line.amount))
            out.raw("</InstdAmt>\n")
            out.close("Amt", 4)
            out.agent("CdtrAgt", line.creditorBIC, 4)
            out.open("Cdtr", 4)
            out.element("Nm", line.creditorName, 5)
            out.close("Cdtr", 4)
            out.accountID("CdtrAcct", line.creditorAccount, 4)
            out.open("RmtInf", 4)
            out.element("Ustrd", line.remittance, 5)
            out.close("RmtInf", 4)
            out.close("CdtTrfTxInf", 3)
        }
        out.close("PmtInf", 2)
        out.close("CstmrCdtTrfInitn", 1)
        out.raw("</Document>\n")
        return out.bytes
    }
}

/// Builds indented XML into a byte buffer, escaping `&`, `<`, `>` (and quotes) in text.
struct XMLBuffer {
    var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func indent(_ level: Int) {
        for _ in 0..<(level * 2) { bytes.append(0x20) }
    }

    mutating func open(_ name: String, _ level: Int) {
        indent(level)
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        bytes.append(contentsOf: ">\n".utf8)
    }

    mutating func close(_ name: String, _ level: Int) {
        indent(level)
        bytes.append(contentsOf: "</".utf8)
        raw(name)
        bytes.append(contentsOf: ">\n".utf8)
    }

    mutating func element(_ name: String, _ text: String, _ level: Int) {
        indent(level)
        bytes.append(UInt8(ascii: "<"))
        raw(name)
        bytes.append(UInt8(ascii: ">"))
        escaped(text)
        bytes.append(contentsOf: "</".utf8)
        raw(name)
        bytes.append(contentsOf: ">\n".utf8)
    }

    mutating func escaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            default: bytes.append(byte)
            }
        }
    }

    /// `<Name><Id><Othr><Id>number</Id></Othr></Id></Name>`.
    mutating func accountID(_ name: String, _ number: String, _ level: Int) {
        open(name, level)
        open("Id", level + 1)
        open("Othr", level + 2)
        element("Id", number, level + 3)
        close("Othr", level + 2)
        close("Id", level + 1)
        close(name, level)
    }

    /// `<Name><FinInstnId><BIC>bic</BIC></FinInstnId></Name>`.
    mutating func agent(_ name: String, _ bic: String, _ level: Int) {
        open(name, level)
        open("FinInstnId", level + 1)
        element("BIC", bic, level + 2)
        close("FinInstnId", level + 1)
        close(name, level)
    }
}
