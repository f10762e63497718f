public import Foundation

/// One numbered schema migration: the SQL of a file `NNNN_name.sql` in the repository's `Schema/` directory.
public struct Migration: Sendable, Hashable {
    /// The number that orders migrations; unique, at least 1.
    public var version: Int
    /// The part of the file name after the number, e.g. `foundation`.
    public var name: String
    /// The statements, run as one script inside the migration's transaction.
    ///
    /// They must not manage transactions themselves (`BEGIN`, `COMMIT`) nor use statements that cannot run inside
    /// a transaction block (`CREATE INDEX CONCURRENTLY`, `VACUUM`).
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// The file name this migration has (or would have) in `Schema/`, e.g. `0001_foundation.sql`; errors name it.
    public var fileName: String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
    }

    /// Reads every `NNNN_name.sql` in `directory`, ordered by version.
    ///
    /// Files not ending in `.sql` (a README) and hidden files (editor droppings) are ignored. A `.sql` file whose
    /// name does not follow the pattern, two files with the same number, and unreadable or non-UTF-8 files are
    /// errors: silently skipping a misnamed migration would leave the schema behind without anyone noticing.
    public static func load(from directory: URL) throws -> [Migration] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError(code: .unreadableFile, file: directory.path, reason: "cannot list the directory")
        }

        var byVersion: [Int: Migration] = [:]
        for entry in entries.sorted() where entry.hasSuffix(".sql") && !entry.hasPrefix(".") {
            guard let (version, name) = parseFileName(entry) else {
                throw MigrationError(
                    code: .invalidFileName,
                    file: entry,
                    reason: "a migration file is named NNNN_name.sql: four digits from 0001, an underscore, "
                        + "then letters, digits, '_' or '-'"
                )
            }
            let url = directory.appendingPathComponent(entry)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw MigrationError(code: .unreadableFile, file: entry, reason: "cannot read the file")
            }
            guard let sql = String(validating: data, as: UTF8.self) else {
                throw MigrationError(code: .unreadableFile, file: entry, reason: "the file is not valid UTF-8")
            }
            let migration = Migration(version: version, name: name, sql: sql)
            if let existing = byVersion[version] {
                throw MigrationError(
                    code: .duplicateVersion,
                    file: entry,
                    reason: "version \(version) is also used by \(existing.fileName)"
                )
            }
            byVersion[version] = migration
        }
        return byVersion.values.sorted { $0.version < $1.version }
    }

    /// Splits `0001_foundation.sql` into `(1, "foundation")`; nil when the name does not follow the pattern.
    static func parseFileName(_ fileName: String) -> (Int, String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 4, let version = Int(digits), version >= 1 else { return nil }
        let rest = stem.dropFirst(4)
        guard rest.first == "_" else { return nil }
        let name = rest.dropFirst()
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard !name.isEmpty, allowed else { return nil }
        return (version, String(name))
    }
}
