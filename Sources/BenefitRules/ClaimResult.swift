public import SantunanValues

/// The computed claim (CONTRACT §3): status, lines with payee, schedule, formula and basis, scholarships, the
/// monthly pension, totals and warnings (RULEBOOK §11).
public struct ClaimResult: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        case payable, incomplete, rejected
    }

    public var caseID: String
    public var status: Status
    /// Missing documents (`incomplete`) or denials (`rejected`).
    public var reasons: [String]
    public var regime: [RegimeEntry]
    public var lines: [ClaimLine]
    public var scholarships: [ScholarshipAward]
    public var monthlyPension: MonthlyPension?
    /// Lump sums plus yearly scholarship commitments (D14).
    public var total: Rupiah
    /// Lump sums and scholarship installments due on or before the claim date.
    public var payableNow: Rupiah
    public var warnings: [String]

    public init(
        caseID: String, status: Status, reasons: [String], regime: [RegimeEntry], lines: [ClaimLine],
        scholarships: [ScholarshipAward], monthlyPension: MonthlyPension?, total: Rupiah, payableNow: Rupiah,
        warnings: [String]
    ) {
        self.caseID = caseID
        self.status = status
        self.reasons = reasons
        self.regime = regime
        self.lines = lines
        self.scholarships = scholarships
        self.monthlyPension = monthlyPension
        self.total = total
        self.payableNow = payableNow
        self.warnings = warnings
    }
}

/// One entry of `regime`: the instrument a program was evaluated under (RULEBOOK §0.1).
public struct RegimeEntry: Hashable, Sendable {
    public var program: Program
    public var instrument: String
    public var effectiveFrom: CivilDate
    public init(program: Program, instrument: String, effectiveFrom: CivilDate) {
        self.program = program
        self.instrument = instrument
        self.effectiveFrom = effectiveFrom
    }
}

/// Who receives a line (RULEBOOK §3): `{role, nik}` plus `npp` for an employer.
public struct Payee: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable, CaseIterable {
        /// The santunan payee of the heirs.
        case heirs
        case funeralArranger = "funeral_arranger"
        /// A child's scholarship (guardian account).
        case child
        /// The living participant.
        case participant
        /// The employer reimbursed for STMB wages (PU/JAKON).
        case employer
        case jpSurvivor = "jp_survivor"
        /// The internal fund that receives santunan when there is no heir (PP 44/2015 Pasal 37(5)).
        case danaJaminanSosial = "dana_jaminan_sosial"
        /// The residual payee of the PP 53/2012 heir variant.
        case balaiHartaPeninggalan = "balai_harta_peninggalan"
    }

    public var role: Role
    public var nik: String?
    /// The employer's NPP; only for role `employer`.
    public var npp: String?

    public init(role: Role, nik: String?, npp: String? = nil) {
        self.role = role
        self.nik = nik
        self.npp = npp
    }
}

/// How a line is paid (RULEBOOK §11.2).
public enum Schedule: String, Hashable, Sendable {
    case lumpSum = "lump_sum"
    /// PP 82 scholarships: installments, `due` = the first.
    case yearly
    /// `jp.monthly`: one month's amount.
    case monthly
}

/// One result line (CONTRACT §3 `lines[]`).
public struct ClaimLine: Hashable, Sendable {
    public var caseID: String
    public var program: Program
    /// `jkk.death`, `jkm.periodic`, `scholarship`, `jht.balance`, …
    public var item: String
    /// `/KPJ` for JKM lines when several memberships pay, `/CHILD_NIK` for scholarships (RULEBOOK §11.1).
    public var idSuffix: String?
    public var amount: Rupiah
    public var payee: Payee
    public var schedule: Schedule
    public var due: CivilDate
    /// The formula, kept structured and rendered only when printed.
    public var formulaParts: LineFormula
    public var basis: String
    public var parameters: [ParameterUse]

    public init(
        caseID: String, program: Program, item: String, idSuffix: String? = nil, amount: Rupiah, payee: Payee,
        schedule: Schedule, due: CivilDate, formula: LineFormula, basis: String, parameters: [ParameterUse]
    ) {
        self.caseID = caseID
        self.program = program
        self.item = item
        self.idSuffix = idSuffix
        self.amount = amount
        self.payee = payee
        self.schedule = schedule
        self.due = due
        self.formulaParts = formula
        self.basis = basis
        self.parameters = parameters
    }

    /// `{case_id}/{program}/{item}[/{suffix}]`.
    public var id: String {
        var text = caseID + "/" + program.rawValue + "/" + item
        if let idSuffix { text += "/" + idSuffix }
        return text
    }

    /// The formula as printed, e.g. `max(48 x Rp 3.880.000, Rp 20.000.000)`.
    public var formula: String { formulaParts.text }
}

/// The scholarship of one child (CONTRACT §3 `scholarships[]`).
public struct ScholarshipAward: Hashable, Sendable {
    public struct Installment: Hashable, Sendable {
        public var due: CivilDate
        public var level: Education.Level
        public var amount: Rupiah
        public init(due: CivilDate, level: Education.Level, amount: Rupiah) {
            self.due = due
            self.level = level
            self.amount = amount
        }
    }

    public var childNIK: String
    /// The sum of the installments.
    public var commitment: Rupiah
    public var installments: [Installment]

    public init(childNIK: String, commitment: Rupiah, installments: [Installment]) {
        self.childNIK = childNIK
        self.commitment = commitment
        self.installments = installments
    }
}

/// A line's formula as structured data; ``text`` renders it in the words of the worked cases.
public enum LineFormula: Hashable, Sendable {
    /// Text given as is.
    case text(String)
    /// A JHT or JP formula, rendered when printed.
    case savings(SavingsFormula)
    /// `Rp 10.000.000`.
    case fixed(Rupiah)
    /// `Rp 12.000.000 paid at once` (24 monthly payments).
    case paidAtOnce(Rupiah)
    /// `Rp 8.000.000 (BPU, membership since 2022-10-01 < 3 months)`.
    case bpuLimited(Rupiah, since: CivilDate, months: Int64)
    /// `max(48 x Rp 3.880.000, Rp 20.000.000)`.
    case jkkDeath(multiplier: Int64, wage: Rupiah, minimum: Rupiah)
    /// `medical costs Rp 35.000.000 (no ceiling)` or `min(Rp 25.000.000, Rp 20.000.000)`.
    case medical(claimed: Rupiah, cap: Rupiah?)
    /// `min(Rp 25.000.000, Rp 20.000.000)`.
    case capped(claimed: Rupiah, cap: Rupiah)
    /// `min(Rp 6.500.000, Rp 5.000.000) land + …`.
    case transport([TransportPart])
    /// `(12 x 100 % + 3 x 50 %) x Rp 4.000.000`.
    case stmb(steps: [StmbStep], wage: Rupiah)
    /// `70 % x 80 x Rp 4.000.000`.
    case disabilityTotal(bp: Int64, wageMonths: Int64, wage: Rupiah)
    /// `(40 % (arm_right_from_shoulder) x 50 % function loss + 9 % (index_finger_right)) x 80 x Rp 4.200.000`.
    case disabilityPartial(parts: [InjuryPart], cap: Int64?, wageMonths: Int64, wage: Rupiah)
    /// `2 x Rp 2.000.000 (SMP) + 3 x Rp 3.000.000 (SMA)`.
    case scholarship([ScholarshipPart])
    /// `Rp 12.000.000 once, one child`.
    case oneChildScholarship(Rupiah)

    public struct TransportPart: Hashable, Sendable {
        public var mode: TransportClaim.Mode
        public var claimed: Rupiah
        public var cap: Rupiah
    }

    public struct StmbStep: Hashable, Sendable {
        public var months: Int
        public var bp: Int64
    }

    public struct InjuryPart: Hashable, Sendable {
        public var code: String
        public var bp: Int64
        public var functionLossPercent: Int?
        public var leftHanded: Bool
    }

    public struct ScholarshipPart: Hashable, Sendable {
        public var count: Int
        public var rate: Rupiah
        public var level: Education.Level
    }

    /// The rendered formula.
    public var text: String {
        switch self {
        case .text(let text): return text
        case .savings(let formula): return formula.text
        case .fixed(let amount): return amount.description
        case .paidAtOnce(let amount): return "\(amount) paid at once"
        case .bpuLimited(let amount, let since, let months):
            return "\(amount) (BPU, membership since \(since) < \(months) months)"
        case .jkkDeath(let multiplier, let wage, let minimum): return "max(\(multiplier) x \(wage), \(minimum))"
        case .medical(let claimed, let cap):
            guard let cap else { return "medical costs \(claimed) (no ceiling)" }
            return "min(\(claimed), \(cap))"
        case .capped(let claimed, let cap): return "min(\(claimed), \(cap))"
        case .transport(let parts):
            return parts.map { "min(\($0.claimed), \($0.cap)) \($0.mode.rawValue)" }.joined(separator: " + ")
        case .stmb(let steps, let wage):
            let sum = steps.map { "\($0.months) x \(LineFormula.percent($0.bp)) %" }.joined(separator: " + ")
            return "(\(sum)) x \(wage)"
        case .disabilityTotal(let bp, let months, let wage):
            return "\(LineFormula.percent(bp)) % x \(months) x \(wage)"
        case .disabilityPartial(let parts, let cap, let months, let wage):
            let sum = parts.map { part in
                var text = "\(LineFormula.percent(part.bp)) % (\(part.code)\(part.leftHanded ? ", kidal" : ""))"
                if let loss = part.functionLossPercent { text += " x \(loss) % function loss" }
                return text
            }.joined(separator: " + ")
            if let cap { return "min(\(sum), \(LineFormula.percent(cap)) %) x \(months) x \(wage)" }
            return "(\(sum)) x \(months) x \(wage)"
        case .scholarship(let parts):
            return parts.map { "\($0.count) x \($0.rate) (\($0.level.rawValue))" }.joined(separator: " + ")
        case .oneChildScholarship(let amount): return "\(amount) once, one child"
        }
    }

    /// Basis points as an Indonesian percentage: 10000 → `100`, 7500 → `75`, 450 → `4,5`.
    static func percent(_ basisPoints: Int64) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return String(whole) }
        if fraction % 10 == 0 { return "\(whole),\(fraction / 10)" }
        return "\(whole),\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
