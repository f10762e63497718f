public import Postgres

/// Stores computed claims with their lines, instalments and status history, inside the caller's transaction.
///
/// The caller (the queue) runs this in the transaction that completes the claims' jobs, so the claims and the
/// completions commit together or not at all. A claim is inserted once; an existing claim is overwritten only while
/// it is `incomplete` (documents were added and it was recomputed), so a payable or rejected claim is never redone.
///
/// The whole batch goes to the database in one call of `claims_store` (Schema/0010_roles.sql): workers have no
/// rights on the claim tables, and the function writes a claim only when the caller completed its job in the same
/// transaction, recording the worker's login (or, in the single-user set-up, its worker id) as `computed_by`. The
/// claims travel as arrays (each result document is parsed once, from its own element), the lines and instalments
/// as one JSON document each.
public enum ClaimWriter {
    /// Writes `claims` (a batch, each with a distinct id) and returns the ids actually written.
    ///
    /// - Parameters:
    ///   - computedBy: who computed them (the worker id), recorded on the claims and their history rows.
    /// - Returns: the ids inserted or recomputed; an id missing from it had a final claim already and was left alone.
    @discardableResult
    public static func write(_ claims: [ClaimRow], computedBy: String, on connection: Connection) throws -> Set<Int64> {
        guard !claims.isEmpty else {
            return []
        }
        let claims = claims.sorted { $0.id < $1.id }
        var lines = ClaimJSONText(capacity: claims.count * 1024)
        var installments = ClaimJSONText(capacity: 64)
        lines.beginArray()
        installments.beginArray()
        for claim in claims {
            for (position, line) in claim.lines.enumerated() {
                lines.beginObject()
                lines.field("id", line.id)
                lines.field("claim_id", claim.id)
                lines.field("position", Int64(position))
                lines.field("program", line.program)
                lines.field("item", line.item)
                lines.field("amount", line.amount)
                lines.field("payee_role", line.payeeRole)
                lines.field("payee_nik", line.payeeNIK)
                lines.field("payee_npp", line.payeeNPP)
                lines.field("bank_bic", line.bankAccount?.bic)
                lines.field("bank_account_number", line.bankAccount?.number)
                lines.field("bank_account_holder", line.bankAccount?.holder)
                lines.field("schedule", line.schedule)
                lines.field("due", line.due)
                lines.field("basis", line.basis)
                lines.field("formula", line.formula)
                lines.field("pension_computed", line.pensionComputed)
                lines.endObject()
                for (seq, installment) in line.installments.enumerated() {
                    installments.beginObject()
                    installments.field("line_id", line.id)
                    installments.field("seq", Int64(seq))
                    installments.field("due", installment.due)
                    installments.field("level", installment.level)
                    installments.field("amount", installment.amount)
                    installments.endObject()
                }
            }
        }
        lines.endArray()
        installments.endArray()
        let reasons = claims.map { claim -> String? in
            var reasons = ClaimJSONText(capacity: 64)
            reasons.beginArray()
            for reason in claim.reasons {
                reasons.string(reason)
            }
            reasons.endArray()
            return reasons.text
        }
        let result = try connection.execute(
            """
            SELECT claims_store(\(computedBy), \(postgresArrayLiteral(claims.map(\.id)))::bigint[],
                \(postgresArrayLiteral(texts: claims.map(\.caseID)))::text[],
                \(postgresArrayLiteral(texts: claims.map(\.status)))::text[], \(postgresArrayLiteral(texts: reasons))::text[],
                \(postgresArrayLiteral(claims.map(\.total)))::bigint[],
                \(postgresArrayLiteral(claims.map(\.payableNow)))::bigint[],
                \(postgresArrayLiteral(texts: claims.map(\.resultJSON)))::text[], \(lines.text)::json,
                \(installments.text)::json)
            """
        )
        var written = Set<Int64>(minimumCapacity: result.rowCount)
        for row in result {
            written.insert(try row.decode(Int64.self, column: 0))
        }
        return written
    }
}

/// `{1,2,3}`: integers as a PostgreSQL array literal, bound as one text parameter and cast with `::bigint[]`.
public func postgresArrayLiteral(_ values: some Sequence<Int64>) -> String {
    "{" + values.lazy.map { String($0) }.joined(separator: ",") + "}"
}

/// `{"a","b \"c\"",NULL}`: optional texts as a PostgreSQL array literal, bound as one text parameter and cast with
/// `::text[]` (or `::date[]`, `::integer[]`, ... for values whose text form the server parses). Every element is
/// quoted, with `"` and `\` escaped, so no value can end the array or inject an element.
public func postgresArrayLiteral(texts values: some Sequence<String?>) -> String {
    // Built as UTF-8 bytes, copying each value in runs between the characters to escape: the scalar-by-scalar
    // String appends this replaced were over half of the service's CPU per stored submission (a case document is
    // ~2 KiB, quoted in every group; docs/benchmarks.md, service, Session 8). `"` and `\` are ASCII, and an ASCII
    // byte never occurs inside a multi-byte UTF-8 sequence, so escaping bytes escapes exactly those characters.
    let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    var bytes: [UInt8] = [UInt8(ascii: "{")]
    for (index, value) in values.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        guard var value else {
            bytes.append(contentsOf: "NULL".utf8)
            continue
        }
        bytes.append(quote)
        value.withUTF8 { utf8 in
            var start = 0
            for position in utf8.indices where utf8[position] == quote || utf8[position] == backslash {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<position]))
                bytes.append(backslash)
                start = position
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(quote)
    }
    bytes.append(UInt8(ascii: "}"))
    return String(decoding: bytes, as: UTF8.self)
}
