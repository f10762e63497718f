// Module SantunanTestSupport: filled in by its issue.
