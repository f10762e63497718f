// Module Payouts: filled in by its issue.
