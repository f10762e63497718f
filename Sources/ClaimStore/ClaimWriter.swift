public import Postgres

/// Stores computed claims with their lines, instalments and status history, inside the caller's transaction.
///
/// The caller (the queue) runs this in the transaction that completes the claims' jobs, so the claims and the
/// completions commit together or not at all. A claim is inserted once; an existing claim is overwritten only while
/// it is `incomplete` (documents were added and it was recomputed), so a payable or rejected claim is never redone.
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
        var claimDocument = ClaimJSONText(capacity: claims.count * 4096)
        var lineDocument = ClaimJSONText(capacity: claims.count * 2048)
        var installmentDocument = ClaimJSONText(capacity: 1024)
        claimDocument.beginArray()
        lineDocument.beginArray()
        installmentDocument.beginArray()
        for claim in claims {
            claimDocument.beginObject()
            claimDocument.key("id")
            claimDocument.integer(claim.id)
            claimDocument.key("case_id")
            claimDocument.string(claim.caseID)
            claimDocument.key("status")
            claimDocument.string(claim.status)
            claimDocument.key("reasons")
            claimDocument.beginArray()
            for reason in claim.reasons {
                claimDocument.string(reason)
            }
            claimDocument.endArray()
            claimDocument.key("total")
            claimDocument.integer(claim.total)
            claimDocument.key("payable_now")
            claimDocument.integer(claim.payableNow)
            claimDocument.key("result")
            claimDocument.raw(claim.resultJSON)
            claimDocument.endObject()
            for (position, line) in claim.lines.enumerated() {
                lineDocument.beginObject()
                lineDocument.key("id")
                lineDocument.string(line.id)
                lineDocument.key("claim_id")
                lineDocument.integer(claim.id)
                lineDocument.key("position")
                lineDocument.integer(Int64(position))
                lineDocument.key("program")
                lineDocument.string(line.program)
                lineDocument.key("item")
                lineDocument.string(line.item)
                lineDocument.key("amount")
                lineDocument.integer(line.amount)
                lineDocument.key("payee_role")
                lineDocument.string(line.payeeRole)
                lineDocument.key("payee_nik")
                lineDocument.string(line.payeeNIK)
                lineDocument.key("payee_npp")
                lineDocument.string(line.payeeNPP)
                lineDocument.key("bank_bic")
                lineDocument.string(line.bankAccount?.bic)
                lineDocument.key("bank_account_number")
                lineDocument.string(line.bankAccount?.number)
                lineDocument.key("bank_account_holder")
                lineDocument.string(line.bankAccount?.holder)
                lineDocument.key("schedule")
                lineDocument.string(line.schedule)
                lineDocument.key("due")
                lineDocument.string(line.due)
                lineDocument.key("basis")
                lineDocument.string(line.basis)
                lineDocument.key("formula")
                lineDocument.string(line.formula)
                lineDocument.endObject()
                for (seq, installment) in line.installments.enumerated() {
                    installmentDocument.beginObject()
                    installmentDocument.key("line_id")
                    installmentDocument.string(line.id)
                    installmentDocument.key("claim_id")
                    installmentDocument.integer(claim.id)
                    installmentDocument.key("seq")
                    installmentDocument.integer(Int64(seq))
                    installmentDocument.key("due")
                    installmentDocument.string(installment.due)
                    installmentDocument.key("level")
                    installmentDocument.string(installment.level)
                    installmentDocument.key("amount")
                    installmentDocument.integer(installment.amount)
                    installmentDocument.endObject()
                }
            }
        }
        claimDocument.endArray()
        lineDocument.endArray()
        installmentDocument.endArray()

        let written = try connection.execute(
            """
            INSERT INTO claims AS c (id, case_id, status, reasons, total, payable_now, result, computed_by)
            SELECT x.id, x.case_id, x.status, x.reasons, x.total, x.payable_now, x.result, \(computedBy)
            FROM json_to_recordset(\(claimDocument.text)::json) AS x(
                id bigint, case_id text, status text, reasons jsonb, total bigint, payable_now bigint, result json)
            ON CONFLICT (id) DO UPDATE
                SET status = excluded.status, reasons = excluded.reasons, total = excluded.total,
                    payable_now = excluded.payable_now, result = excluded.result,
                    computed_by = excluded.computed_by, computed_at = now()
                WHERE c.status = 'incomplete'
            RETURNING id
            """
        )
        var writtenIDs: [Int64] = []
        writtenIDs.reserveCapacity(written.rowCount)
        for row in written {
            writtenIDs.append(try row.decode(Int64.self, column: 0))
        }
        guard !writtenIDs.isEmpty else {
            return []
        }
        let idArray = postgresArrayLiteral(writtenIDs)
        // Lines of a recomputed incomplete claim are replaced; new claims have none yet.
        try connection.execute("DELETE FROM claim_lines WHERE claim_id = ANY(\(idArray)::bigint[])")
        try connection.execute(
            """
            INSERT INTO claim_lines (
                id, claim_id, position, program, item, amount, payee_role, payee_nik, payee_npp,
                bank_bic, bank_account_number, bank_account_holder, schedule, due, basis, formula)
            SELECT x.id, x.claim_id, x.position, x.program, x.item, x.amount, x.payee_role, x.payee_nik, x.payee_npp,
                x.bank_bic, x.bank_account_number, x.bank_account_holder, x.schedule, x.due, x.basis, x.formula
            FROM json_to_recordset(\(lineDocument.text)::json) AS x(
                id text, claim_id bigint, position integer, program text, item text, amount bigint, payee_role text,
                payee_nik text, payee_npp text, bank_bic text, bank_account_number text, bank_account_holder text,
                schedule text, due date, basis text, formula text)
            WHERE x.claim_id = ANY(\(idArray)::bigint[])
            """
        )
        if installmentDocument.bytes.count > 2 {
            try connection.execute(
                """
                INSERT INTO claim_installments (line_id, seq, due, level, amount)
                SELECT x.line_id, x.seq, x.due, x.level, x.amount
                FROM json_to_recordset(\(installmentDocument.text)::json) AS x(
                    line_id text, claim_id bigint, seq integer, due date, level text, amount bigint)
                WHERE x.claim_id = ANY(\(idArray)::bigint[])
                """
            )
        }
        try connection.execute(
            """
            INSERT INTO claim_status_history (claim_id, status, note, changed_by)
            SELECT c.id, c.status,
                CASE WHEN jsonb_array_length(c.reasons) = 0 THEN NULL
                     ELSE (SELECT string_agg(r, '; ') FROM jsonb_array_elements_text(c.reasons) AS r) END,
                \(computedBy)
            FROM claims c WHERE c.id = ANY(\(idArray)::bigint[])
            ORDER BY c.id
            """
        )
        return Set(writtenIDs)
    }
}

/// `{1,2,3}`: integers as a PostgreSQL array literal, bound as one text parameter and cast with `::bigint[]`.
public func postgresArrayLiteral(_ values: some Sequence<Int64>) -> String {
    var text = "{"
    var first = true
    for value in values {
        if !first {
            text += ","
        }
        first = false
        text += String(value)
    }
    return text + "}"
}
