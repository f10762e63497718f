import SantunanValues

extension TransferFile {
    /// The CSV header row, exactly as PAYMENT-FILES.md §5 fixes it.
    public static let csvHeader =
        "line_id,batch_id,payee_name,bank_code,account_number,amount_idr,program,claim_id,reference"

    /// The batch as RFC 4180 CSV for people: CRLF after every record, UTF-8 without BOM, one row per line in
    /// `line_id` order, no total row; the same cleaned values as the pain.001.
    public func csv() -> [UInt8] {
        let csv = CSVText()
        var out: [UInt8] = []
        out.reserveCapacity(128 + lines.count * 140)
        out.append(contentsOf: Self.csvHeader.utf8)
        out.append(contentsOf: [0x0D, 0x0A])
        for line in lines {
            let fields = [
                line.lineID, batchID, line.creditorName, line.creditorBIC, line.creditorAccount, String(line.amount),
                line.program.rawValue, line.caseID, line.remittance,
            ]
            csv.appendRow(fields, to: &out)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
    }

    /// Splits RFC 4180 CSV into records of fields (for tests and round trips).
    public static func parseCSV(_ bytes: [UInt8]) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                inQuotes = true
            } else if byte == UInt8(ascii: ",") {
                record.append(String(decoding: field, as: UTF8.self))
                field = []
            } else if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                record.append(String(decoding: field, as: UTF8.self))
                records.append(record)
                record = []
                field = []
                index += 1
            } else {
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(String(decoding: field, as: UTF8.self))
            records.append(record)
        }
        return records
    }
}
