/// What an import file holds; each kind has a fixed header (the CSV's first line must name exactly these columns).
public enum ImportKind: String, Sendable, Hashable, CaseIterable {
    /// `employers.csv`: companies, government units (OPD) and construction projects.
    case employers
    /// `participants.csv`: one line per wage report of a membership; the person and membership columns repeat and
    /// must agree between the lines of one NIK and of one KPJ.
    case participants
    /// `contributions.csv`: one line per membership (KPJ) and month.
    case contributions
    /// `sponsors.csv`: one line per sponsor window and BPU membership it pays for.
    case sponsors

    /// The header columns, in order.
    public var columns: [String] {
        switch self {
        case .employers: ["npp", "name", "kind", "branch_office", "region"]
        case .participants:
            [
                "nik", "name", "birth_date", "sex", "kpj", "segment", "npp", "work_description", "programs",
                "risk_group", "start", "end", "branch_office", "reported_on", "reported_wage",
            ]
        case .contributions:
            ["kpj", "month", "wage", "amount_jkk", "amount_jkm", "amount_jht", "amount_jp", "due_on", "paid_on"]
        case .sponsors: ["sponsor", "kind", "programs", "from", "to", "kpj"]
        }
    }

    /// The header line as it must appear in the file.
    public var header: String { columns.joined(separator: ",") }
}

/// How far an import has got, for a progress bar or log lines.
public struct ImportProgress: Sendable {
    /// What the importer is doing now.
    public enum Phase: String, Sendable {
        case reading, validating, storing, done
    }

    public var phase: Phase
    /// Records read so far (the header not counted).
    public var records: Int
    /// Bytes of the file read so far, and the file's size.
    public var bytesRead: Int
    public var totalBytes: Int

    public init(phase: Phase, records: Int, bytesRead: Int, totalBytes: Int) {
        self.phase = phase
        self.records = records
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
    }
}

/// What an import did.
public struct ImportSummary: Sendable, Hashable {
    public var kind: ImportKind
    /// Records in the file (the header not counted).
    public var records: Int
    /// Rows newly stored, by table; rows already present (same natural key) are skipped.
    public var inserted: [String: Int]
    /// The same file (same SHA-256) had already been imported: nothing was done.
    public var alreadyImported: Bool
    /// The file's SHA-256, as recorded in the `import_file` ledger.
    public var sha256: String

    public init(kind: ImportKind, records: Int, inserted: [String: Int], alreadyImported: Bool, sha256: String) {
        self.kind = kind
        self.records = records
        self.inserted = inserted
        self.alreadyImported = alreadyImported
        self.sha256 = sha256
    }

    /// All rows newly stored.
    public var totalInserted: Int { inserted.values.reduce(0, +) }
}
