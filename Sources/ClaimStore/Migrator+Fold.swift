/// The migration files as they were before session 6 folded them (docs/decisions/0020-schema-fold-and-table-owners.md):
/// 0006, 0007 and 0011 went into 0005, and the functions and checks later files restated were defined once where they
/// first appear. No release had shipped, so the landed files were rewritten rather than superseded by a migration.
///
/// A database migrated with the old files has the same schema (the snapshot test and the fold's pg_dump comparison
/// show it), but its `schema_migrations` rows record the old files' checksums, and for a database migrated only part
/// of the way the rewritten files would not bring it to the same end. So the migrator refuses such a database with a
/// message that says what to do, instead of the generic "changed after it was applied".
extension Migrator {
    /// A migration file before the fold: its version, file name and the SHA-256 the migrator recorded for it.
    struct SupersededFile: Sendable {
        let version: Int
        let fileName: String
        let checksum: String
    }

    /// Every file the fold changed or removed, with its last checksum before the fold.
    static let supersededFiles: [SupersededFile] = [
        .init(
            version: 1, fileName: "0001_foundation.sql",
            checksum: "327c8712f6ae7cf8c57d107067fd266b549ab95486d10119dfcc81d33fa549e4"),
        .init(
            version: 3, fileName: "0003_claims_queue.sql",
            checksum: "da8ece0f7ec6f1520e9604bc13b0d40a79155ef039a016c29105342fc55ec610"),
        .init(
            version: 4, fileName: "0004_payouts.sql",
            checksum: "e4f2c20c2796445fccccade89ee31599a846e1341630ef7b9325f21463846fce"),
        .init(
            version: 5, fileName: "0005_ledger.sql",
            checksum: "9db865486889614f22d42cc90b7b83a92458132be751475f9429146b76b82533"),
        .init(
            version: 6, fileName: "0006_ledger_fast_post.sql",
            checksum: "d3f52db10857c499b672489919692608b3c3a6079e372a7e70b54128e978c57a"),
        .init(
            version: 7, fileName: "0007_ledger_lean_post.sql",
            checksum: "175d48b03135b0a71374a85783c83b3605a0fe4c39150c14150f08f3eb8d5879"),
        .init(
            version: 10, fileName: "0010_roles.sql",
            checksum: "a8f3a7e2d668c83465ff6a953d208ccfb744a885c80f7c466412c91c6714cbb4"),
        .init(
            version: 11, fileName: "0011_ledger_integrity.sql",
            checksum: "1040e5d195f4631dc08a49f991e5002e22893c78c2dfe72e535495adc116b496"),
        .init(
            version: 12, fileName: "0012_amendments.sql",
            checksum: "7282af94bc4f2b43f384da45550e1900b8bc0b3ccf465ce04cf97b220bb07312"),
        .init(
            version: 13, fileName: "0013_pensions_in_payment.sql",
            checksum: "435d6d692ac69a768cacf5dc83d4c0385e90066a93d1b3730097db6ee8ac6954"),
        .init(
            version: 14, fileName: "0014_ledger_bulk.sql",
            checksum: "c2b2b6dac333ae62273ed4513c4263c8ffa6a4064ccf035d341e39d3d607d82f"),
        .init(
            version: 15, fileName: "0015_ledger_snapshots.sql",
            checksum: "c9d4eabafa6b75147a25ff4b2d3b21173d9624d16ec9baac1827658598bd6cef"),
        .init(
            version: 21, fileName: "0021_payees.sql",
            checksum: "a0fd5f52f65eb5761b691b54b5b2739eb392376eb08484a3b1b1f1956a2e915b"),
    ]

    /// Refuses a database whose records name a file as it was before the fold (the lowest such version), with what to
    /// do about it.
    ///
    /// - Parameter applied: the recorded checksums by version (`schema_migrations`).
    /// - Parameter superseded: the files before the fold; a parameter so that the tests can stand in files of
    ///   their own.
    static func refuseMigratedBeforeFold(
        _ applied: [Int: String],
        superseded: [SupersededFile] = supersededFiles
    ) throws(MigrationError) {
        guard let old = superseded.first(where: { applied[$0.version] == $0.checksum }) else { return }
        throw MigrationError(
            code: .migratedBeforeFold,
            file: old.fileName,
            reason: "the database was migrated with the schema files as they were before they were folded "
                + "(docs/decisions/0020-schema-fold-and-table-owners.md) and its records no longer match them; "
                + "recreate the development database: santunan db stop, delete the directory santunan db path "
                + "prints, santunan db start (an external database: drop and create it again)"
        )
    }
}
