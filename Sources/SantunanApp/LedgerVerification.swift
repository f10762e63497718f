import Ledger
public import Postgres

/// `ledger verify` as the demo and the CLI report it.
public enum LedgerVerification {
    public struct Outcome: Sendable {
        public var valid: Bool
        public var text: String
    }

    /// Recomputes the hash chain and the balance invariants.
    public static func verify(_ connection: Connection) throws(AppError) -> Outcome {
        do {
            let report = try Ledger.verify(on: connection)
            if let failure = report.failure {
                return Outcome(valid: false, text: "FAILED: \(failure)")
            }
            return Outcome(
                valid: true,
                text: "verified: \(report.transactions) transactions, \(report.entries) entries, debits = credits")
        } catch {
            throw AppError(.databaseUnavailable, field: "ledger", reason: "cannot verify: \(error)")
        }
    }
}
