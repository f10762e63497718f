/// The BPJS Ketenagakerjaan programs a payout line belongs to.
///
/// Scholarships (beasiswa) are paid under the program whose death or disability benefit created them (JKK or JKM).
public enum PayoutProgram: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Jaminan Kecelakaan Kerja: work accident and occupational disease.
    case jkk = "JKK"
    /// Jaminan Kematian: death not caused by work.
    case jkm = "JKM"
    /// Jaminan Hari Tua: old-age savings.
    case jht = "JHT"
    /// Jaminan Pensiun: pension.
    case jp = "JP"

    public static func < (lhs: PayoutProgram, rhs: PayoutProgram) -> Bool {
        lhs.sortOrder < rhs.sortOrder
    }

    var sortOrder: Int {
        switch self {
        case .jkk: 0
        case .jkm: 1
        case .jht: 2
        case .jp: 3
        }
    }
}
