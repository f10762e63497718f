public import Payouts

/// Chooses the ledger hook the payout commands post through: claim lines approved for payment, payouts released,
/// paid and rejected (reversals) are posted to the auditors' ledger inside the payout transactions.
public enum PayoutLedgerWiring {
    public static func hook() -> any PayoutLedgerHook {
        LedgerPayoutHook()
    }
}
