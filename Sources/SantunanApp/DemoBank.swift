import Foundation
import Payouts

/// The bank's side of the demonstration: a pain.002.001.03 status report that settles every line of an exported
/// transfer file, as the fund's bank would send it back.
enum DemoBank {
    /// Writes the report for `file` to `url`, replacing what is there.
    ///
    /// Always written, never kept: the report is a function of the exported file (its stamp is the batch's approval
    /// time), so a re-run on the same database writes the same bytes and reconciles the same report, while a report
    /// left by another database's batch of the same id (a new cluster beside an old `demo/` folder, or two
    /// `DATABASE_URL`s sharing `.santunan/demo`) was reconciled in its place before Session 8 and refused for its
    /// dates ("GrpHdr/CreDtTm: … is outside the batch's life").
    static func settleAll(_ file: TransferFile, writingTo url: URL) throws(AppError) {
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
