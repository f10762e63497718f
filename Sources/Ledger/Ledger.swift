public import Postgres
import SantunanValues

/// The auditors' ledger: append-only, double-entry, hash-chained (docs/decisions/0006-ledger.md).
///
/// Postings go through ``post(_:on:)``, which runs one statement, so it can join the caller's transaction: the
/// payouts, queue and import flows post in the same transaction as their own effect, and a rollback takes both.
/// The database computes the hash chain, checks debits = credits at commit and refuses any change afterwards.
public enum Ledger {
    /// The statement behind every posting: `ledger_post` (Schema/0005_ledger.sql, which chains the records in the
    /// function rather than row by row in the triggers) locks the lane once, does the idempotency
    /// check, checks debits = credits, and inserts the header and all entries with their chain positions and hashes
    /// in one round trip.
    static let postSQL =
        "SELECT transaction_id, created FROM ledger_post($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"

    /// Posts a balanced transaction, or returns the one already posted under its idempotency key (a retry).
    ///
    /// Runs in the connection's current transaction if there is one, else in its own. An unbalanced posting is
    /// refused by the database before anything is written (SQLSTATE 23514). A posting locks its chain lane until that transaction ends, so post last in a long
    /// transaction.
    ///
    /// ```swift
    /// try connection.transaction { connection in
    ///     try markLinePaid(lineID, connection)
    ///     try Ledger.post(.payoutPaid(batchID: b, lineID: l, claimID: c, amount: a, effectiveDate: d,
    ///                                 recordedBy: user), on: connection)
    /// }
    /// ```
    ///
    /// - Throws: ``LedgerError``: `.invalidPosting` / `.unbalanced` before anything is sent; `.idempotencyConflict`
    ///   when the key was posted with other content; `.unknownAccount`; `.conflict` (retry) on a serialisation
    ///   failure or a concurrent posting of the same key; `.database` otherwise.
    @discardableResult
    public static func post(_ posting: Posting, on connection: Connection) throws(LedgerError) -> PostingReceipt {
        try posting.validate()
        do {
            let result = try connection.execute(postSQL, binds(posting))
            return PostingReceipt(transactionID: try result[0, 0], created: try result[0, 1])
        } catch {
            throw LedgerError(error)
        }
    }

    /// The statement's parameters, arrays as PostgreSQL array literals.
    static func binds(_ posting: Posting) -> [(any PostgresBindable)?] {
        let references = posting.references
        return [
            posting.idempotencyKey, posting.kind.rawValue, posting.effectiveDate.description, posting.recordedBy,
            references.participantNIK, references.participantKPJ, references.claimID, references.batchID,
            references.employerNPP, posting.reverses, posting.memo,
            arrayLiteral(posting.entries.map(\.account.rawValue)),
            arrayLiteral(posting.entries.map(\.side.rawValue)),
            "{" + posting.entries.map { String($0.amount) }.joined(separator: ",") + "}",
        ]
    }

    /// `{"a","b"}` with `"` and `\` escaped, so any text survives as one element.
    static func arrayLiteral(_ values: [String]) -> String {
        var literal = "{"
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }
}

/// Posts through a statement prepared once on its connection: for loops that post many times (imports,
/// benchmarks). Like the ``Connection`` it wraps, a poster belongs to one thread.
public final class LedgerPoster {
    public let connection: Connection
    private let statement: Connection.PreparedStatement

    /// Prepares the posting statement on `connection` (outside or inside a transaction), or reuses it when an
    /// earlier poster on the same connection prepared it.
    public init(connection: Connection) throws(LedgerError) {
        self.connection = connection
        let name = "santunan_ledger_post"
        do {
            let prepared = try connection.execute("SELECT 1 FROM pg_prepared_statements WHERE name = \(name)")
            statement =
                prepared.rowCount > 0
                ? Connection.PreparedStatement(name: name)
                : try connection.prepare(name: name, sql: Ledger.postSQL)
        } catch {
            throw LedgerError(error)
        }
    }

    /// Same as ``Ledger/post(_:on:)``, on the prepared statement.
    @discardableResult
    public func post(_ posting: Posting) throws(LedgerError) -> PostingReceipt {
        try posting.validate()
        do {
            let result = try connection.execute(statement, Ledger.binds(posting))
            return PostingReceipt(transactionID: try result[0, 0], created: try result[0, 1])
        } catch {
            throw LedgerError(error)
        }
    }
}
