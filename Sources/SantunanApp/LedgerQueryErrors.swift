public import Ledger

extension AppError {
    /// A ledger query's failure as the contract's exit status, one mapping for `santunan ledger …` and the
    /// service's ledger routes (docs/decisions/0016-http-service.md): the one mapping, ``Faults/ledger(_:)``.
    public init(ledger error: LedgerError) {
        self = Faults.ledger(error)
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
