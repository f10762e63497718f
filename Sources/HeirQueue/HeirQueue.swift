// Module HeirQueue: filled in by its issue.
