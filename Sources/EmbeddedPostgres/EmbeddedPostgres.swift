// Module EmbeddedPostgres: filled in by its issue.
