public import SantunanValues

/// A possible JP survivor (RULEBOOK §9.7), taken from the case's heirs by the claim assembly.
public struct JPSurvivorCandidate: Hashable, Sendable {
    /// The heir relations that matter for the JP survivor order; every other relation is `.other`.
    public enum Relation: Hashable, Sendable {
        case spouse, child, parent, other
    }

    public var relation: Relation
    public var nik: String
    /// Required for a child (the under-23 test); ignored for the others.
    public var birthDate: CivilDate?
    /// For a spouse: remarried; for a child: married.
    public var married: Bool
    public var working: Bool

    public init(relation: Relation, nik: String, birthDate: CivilDate?, married: Bool = false, working: Bool = false) {
        self.relation = relation
        self.nik = nik
        self.birthDate = birthDate
        self.married = married
        self.working = working
    }
}

/// The kind of a monthly JP pension (`monthly_pension.kind`).
public enum PensionKind: String, Hashable, Sendable, CaseIterable {
    /// *Manfaat pensiun hari tua*.
    case oldAge = "old_age"
    /// *Manfaat pensiun janda/duda* (MPJD).
    case widow
    /// *Manfaat pensiun anak* (MPA).
    case child
    /// *Manfaat pensiun orang tua* (MPOT).
    case parent
    /// *Manfaat pensiun cacat* (MPC).
    case disability
}

/// `monthly_pension` of a claim result: `{amount, start_month, recipient, kind}`.
public struct MonthlyPension: Hashable, Sendable {
    public var amount: Rupiah
    public var startMonth: YearMonth
    /// The recipient's NIK (the participant, or the survivor).
    public var recipient: String
    public var kind: PensionKind

    public init(amount: Rupiah, startMonth: YearMonth, recipient: String, kind: PensionKind) {
        self.amount = amount
        self.startMonth = startMonth
        self.recipient = recipient
        self.kind = kind
    }
}

/// The outcome of the JP (*Jaminan Pensiun*) evaluation of one claim (RULEBOOK §9).
public struct JPOutcome: Hashable, Sendable {
    /// The `jp.monthly` or `jp.lump_sum` line; `nil` when JP pays nothing (see `warnings` and `reasons`).
    public var line: SavingsLine?
    /// Set with a `jp.monthly` line.
    public var monthlyPension: MonthlyPension?
    /// Warnings in result order: narrative ones first (lump-sum choice, statement use, no survivor, …), then
    /// `jp.inflation.YYYY is unconfirmed (confirmed: false)` by year, then the unconfirmed parameters of the line in
    /// parameter order. The assembly appends them as they are and drops repeats across lines (§11.5).
    public var warnings: [String]
    /// Why JP is denied (no line): reported as `not payable: …` warnings, or as rejection reasons when no line at
    /// all remains (§2.1).
    public var reasons: [String]
    /// The `regime` entry of JP (§0.1).
    public var regime: RegimeEntry

    public init(
        line: SavingsLine?, monthlyPension: MonthlyPension?, warnings: [String], reasons: [String],
        regime: RegimeEntry
    ) {
        self.line = line
        self.monthlyPension = monthlyPension
        self.warnings = warnings
        self.reasons = reasons
        self.regime = regime
    }
}
