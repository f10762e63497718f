// Module ClaimStore: filled in by its issue.
