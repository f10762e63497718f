public import Postgres

/// Stores computed claims with their lines, instalments and status history, inside the caller's transaction.
///
/// The caller (the queue) runs this in the transaction that completes the claims' jobs, so the claims and the
/// completions commit together or not at all. A claim is inserted once; an existing claim is overwritten only while
/// it is `incomplete` (documents were added and it was recomputed), so a payable or rejected claim is never redone.
///
/// New claims, all lines, instalments and history rows go in with one `COPY` per table: the server parses each value
/// once (the result JSON is validated once, not first parsed out of a batch document by `json_to_recordset`), and
/// a new claim needs no `ON CONFLICT` path (docs/benchmarks.md, queue, has the before/after figures).
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
        // The claims of this batch that exist already, locked until commit: only an incomplete one is recomputed
        // (its lines replaced); a payable or rejected one is left alone. Usually none exist, and the batch goes
        // straight into COPY. A claim inserted concurrently by another worker makes the COPY fail on the key; the
        // caller then retries job by job, and this lookup sees it.
        let existing = try connection.execute(
            """
            SELECT id, status FROM claims WHERE id = ANY(\(postgresArrayLiteral(claims.map(\.id)))::bigint[])
            ORDER BY id FOR UPDATE
            """
        )
        var fresh = claims
        var recomputed: [ClaimRow] = []
        if existing.rowCount > 0 {
            var statusOf: [Int64: String] = [:]
            for row in existing {
                statusOf[try row.decode(Int64.self, column: 0)] = try row.decode(String.self, column: 1)
            }
            fresh = claims.filter { statusOf[$0.id] == nil }
            recomputed = claims.filter { statusOf[$0.id] == "incomplete" }
        }
        if !recomputed.isEmpty {
            try recompute(recomputed, computedBy: computedBy, on: connection)
        }
        if !fresh.isEmpty {
            try connection.copyIn(
                "COPY claims (id, case_id, status, reasons, total, payable_now, result, computed_by) FROM STDIN"
            ) { writer in
                for claim in fresh {
                    var reasons = ClaimJSONText(capacity: 64)
                    reasons.beginArray()
                    for reason in claim.reasons {
                        reasons.string(reason)
                    }
                    reasons.endArray()
                    try writer.writeField(claim.id)
                    try writer.writeField(claim.caseID)
                    try writer.writeField(claim.status)
                    try writer.writeField(reasons.text)
                    try writer.writeField(claim.total)
                    try writer.writeField(claim.payableNow)
                    try writer.writeField(claim.resultJSON)
                    try writer.writeField(computedBy)
                    try writer.endRow()
                }
            }
        }
        let written = recomputed.isEmpty ? fresh : (fresh + recomputed).sorted { $0.id < $1.id }
        guard !written.isEmpty else {
            return []
        }
        try connection.copyIn(
            """
            COPY claim_lines (
                id, claim_id, position, program, item, amount, payee_role, payee_nik, payee_npp,
                bank_bic, bank_account_number, bank_account_holder, schedule, due, basis, formula, pension_computed)
            FROM STDIN
            """
        ) { writer in
            for claim in written {
                for (position, line) in claim.lines.enumerated() {
                    try writer.writeRow([
                        line.id, claim.id, position, line.program, line.item, line.amount, line.payeeRole,
                        line.payeeNIK, line.payeeNPP, line.bankAccount?.bic, line.bankAccount?.number,
                        line.bankAccount?.holder, line.schedule, line.due, line.basis, line.formula,
                        line.pensionComputed,
                    ])
                }
            }
        }
        if written.contains(where: { $0.lines.contains { !$0.installments.isEmpty } }) {
            try connection.copyIn("COPY claim_installments (line_id, seq, due, level, amount) FROM STDIN") { writer in
                for claim in written {
                    for line in claim.lines {
                        for (seq, installment) in line.installments.enumerated() {
                            try writer.writeRow([line.id, seq, installment.due, installment.level, installment.amount])
                        }
                    }
                }
            }
        }
        try connection.copyIn("COPY claim_status_history (claim_id, status, note, changed_by) FROM STDIN") { writer in
            for claim in written {
                let note: String? = claim.reasons.isEmpty ? nil : claim.reasons.joined(separator: "; ")
                try writer.writeRow([claim.id, claim.status, note, computedBy])
            }
        }
        return Set(written.map(\.id))
    }

    /// Overwrites incomplete claims (locked by the caller) with their recomputation and drops their old lines
    /// (instalments cascade); the new lines are written with the fresh claims'.
    private static func recompute(_ claims: [ClaimRow], computedBy: String, on connection: Connection) throws {
        var document = ClaimJSONText(capacity: claims.count * 4096)
        document.beginArray()
        for claim in claims {
            document.beginObject()
            document.key("id")
            document.integer(claim.id)
            document.key("status")
            document.string(claim.status)
            document.key("reasons")
            document.beginArray()
            for reason in claim.reasons {
                document.string(reason)
            }
            document.endArray()
            document.key("total")
            document.integer(claim.total)
            document.key("payable_now")
            document.integer(claim.payableNow)
            document.key("result")
            document.raw(claim.resultJSON)
            document.endObject()
        }
        document.endArray()
        try connection.execute(
            """
            UPDATE claims AS c
            SET status = x.status, reasons = x.reasons, total = x.total, payable_now = x.payable_now,
                result = x.result, computed_by = \(computedBy), computed_at = now()
            FROM json_to_recordset(\(document.text)::json) AS x(
                id bigint, status text, reasons jsonb, total bigint, payable_now bigint, result json)
            WHERE c.id = x.id AND c.status = 'incomplete'
            """
        )
        try connection.execute(
            "DELETE FROM claim_lines WHERE claim_id = ANY(\(postgresArrayLiteral(claims.map(\.id)))::bigint[])")
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
