public import Ledger

extension AppError {
    /// A ledger query's failure as the contract's exit status, one mapping for `santunan ledger …` and the
    /// service's ledger routes (docs/decisions/0016-http-service.md): a bad posting or an unknown account is the
    /// caller's input (65), a refused right is 77 (403 over HTTP), a serialisation conflict 75, the rest 69.
    public init(ledger error: LedgerError) {
        let status: ExitStatus =
            switch error.code {
            case .unknownAccount, .invalidPosting, .unbalanced, .idempotencyConflict: .invalidData
            case .verificationFailed: .invalidData
            case .appendOnly, .forbidden: .permissionDenied
            case .conflict: .temporaryFailure
            default: .databaseUnavailable
            }
        self.init(status, field: error.field, reason: error.reason)
    }

    /// Runs a ledger call, turning its ``LedgerError`` into the contract's ``AppError``.
    public static func ledger<T>(_ body: () throws(LedgerError) -> T) throws(AppError) -> T {
        do {
            return try body()
        } catch {
            throw AppError(ledger: error)
        }
    }
}
