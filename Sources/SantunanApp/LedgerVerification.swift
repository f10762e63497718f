import Ledger
public import Postgres

/// `ledger verify` as the demo and the CLI report it.
public enum LedgerVerification {
    public struct Outcome: Sendable {
        public var valid: Bool
        public var text: String
        /// The counts of a verified ledger, for the demo's line in the chosen language.
        public var transactions = 0
        public var entries = 0
    }

    /// Recomputes the hash chain and the balance invariants.
    public static func verify(_ connection: Connection) throws(AppError) -> Outcome {
        do {
            let report = try Ledger.verify(on: connection)
            return Outcome(
                valid: report.failure == nil,
                text: text(
                    failure: report.failure?.description, transactions: report.transactions, entries: report.entries),
                transactions: report.transactions, entries: report.entries)
        } catch {
            throw AppError(.databaseUnavailable, field: "ledger", reason: "cannot verify: \(error)")
        }
    }

    /// `verified: N transactions, M entries, debits = credits`, or `FAILED: <the first bad record>`.
    static func text(failure: String?, transactions: Int, entries: Int) -> String {
        if let failure { return "FAILED: \(failure)" }
        return "verified: \(transactions) transactions, \(entries) entries, debits = credits"
    }
}
