import Foundation
import Payouts

/// The bank's side of the demonstration: a pain.002.001.03 status report that settles every line of an exported
/// transfer file, as the fund's bank would send it back.
enum DemoBank {
    /// Writes the report for `file` to `url` unless it is already there (so a re-run reconciles the same report).
    static func settleAll(_ file: TransferFile, writingTo url: URL) throws(AppError) {
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        let stamp = file.createdAt.description
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
              <CstmrPmtStsRpt>
                <GrpHdr>
                  <MsgId>DEMO-PSR-\(file.batchID)</MsgId>
                  <CreDtTm>\(stamp)</CreDtTm>
                  <DbtrAgt><FinInstnId><BIC>\(file.debtor.bic)</BIC></FinInstnId></DbtrAgt>
                </GrpHdr>
                <OrgnlGrpInfAndSts>
                  <OrgnlMsgId>\(file.messageID)</OrgnlMsgId>
                  <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
                  <OrgnlNbOfTxs>\(file.lines.count)</OrgnlNbOfTxs>
                  <OrgnlCtrlSum>\(file.controlSum)</OrgnlCtrlSum>
                  <GrpSts>ACSC</GrpSts>
                </OrgnlGrpInfAndSts>
                <OrgnlPmtInfAndSts>
                  <OrgnlPmtInfId>\(file.batchID)</OrgnlPmtInfId>
                  <PmtInfSts>ACSC</PmtInfSts>

            """
        for line in file.lines {
            xml += """
                      <TxInfAndSts>
                        <OrgnlInstrId>\(line.lineID)</OrgnlInstrId>
                        <OrgnlEndToEndId>\(line.lineID)</OrgnlEndToEndId>
                        <TxSts>ACSC</TxSts>
                        <AccptncDtTm>\(stamp)</AccptncDtTm>
                        <OrgnlTxRef>
                          <Amt><InstdAmt Ccy="IDR">\(line.amount)</InstdAmt></Amt>
                          <ReqdExctnDt>\(file.requestedExecutionDate)</ReqdExctnDt>
                        </OrgnlTxRef>
                      </TxInfAndSts>

                """
        }
        xml += """
                </OrgnlPmtInfAndSts>
              </CstmrPmtStsRpt>
            </Document>

            """
        do {
            try Data(xml.utf8).write(to: url, options: .atomic)
        } catch {
            throw AppError(.internalError, field: url.path, reason: "cannot write the demo bank report: \(error)")
        }
    }
}
