public import SantunanValues

/// One entry of `heirs[]`: an heir (*ahli waris*), a will designee or the funeral arranger (RULEBOOK §3).
public struct Heir: Hashable, Sendable {
    public enum Relation: String, Hashable, Sendable, CaseIterable {
        case spouse, child, parent, grandparent, grandchild, sibling
        case parentInLaw = "parent_in_law"
        case willDesignee = "will_designee"
        case funeralArranger = "funeral_arranger"

        /// The heir class of PP 44/2015 Pasal 37(5) (1 = spouse and children … 5 = will designee); `nil` for the
        /// funeral arranger, who is not an heir.
        public var heirClass: Int? {
            switch self {
            case .spouse, .child: return 1
            case .parent, .grandparent, .grandchild: return 2
            case .sibling: return 3
            case .parentInLaw: return 4
            case .willDesignee: return 5
            case .funeralArranger: return nil
            }
        }
    }

    public var nik: String
    public var name: String
    public var relation: Relation
    public var birthDate: CivilDate?
    /// Marked as the one who receives the santunan for all heirs (D8).
    public var payee: Bool
    public var bankAccount: BankAccount?
    public var documents: [Document]
    public var education: Education?
    /// `true` = designated for a scholarship, `false` = excluded, `nil` = not stated.
    public var scholarship: Bool?
    public var married: Bool
    public var working: Bool

    public init(
        nik: String, name: String, relation: Relation, birthDate: CivilDate? = nil, payee: Bool = false,
        bankAccount: BankAccount? = nil, documents: [Document] = [], education: Education? = nil,
        scholarship: Bool? = nil, married: Bool = false, working: Bool = false
    ) {
        self.nik = nik
        self.name = name
        self.relation = relation
        self.birthDate = birthDate
        self.payee = payee
        self.bankAccount = bankAccount
        self.documents = documents
        self.education = education
        self.scholarship = scholarship
        self.married = married
        self.working = working
    }
}

/// The bank account an heir is paid into.
public struct BankAccount: Hashable, Sendable {
    public var bankBIC: String
    public var number: String
    public var holder: String
    public init(bankBIC: String, number: String, holder: String) {
        self.bankBIC = bankBIC
        self.number = number
        self.holder = holder
    }
}

/// A document of the heir-submission checklist (RULEBOOK §4).
public enum Document: String, Hashable, Sendable, CaseIterable {
    case deathCertificate = "death_certificate"
    case familyCard = "family_card"
    case heirCertificate = "heir_certificate"
    case marriageCertificate = "marriage_certificate"
    case idCard = "id_card"
    case bankBook = "bank_book"
    case accidentReport = "accident_report"
    case medicalCertificate = "medical_certificate"
    case wageList = "wage_list"
    case policeReport = "police_report"
}

/// A child's schooling: the level and the year within it (1-based).
public struct Education: Hashable, Sendable {
    /// A school level of the scholarship table (RULEBOOK §7.1), in programme order.
    public enum Level: String, Hashable, Sendable, CaseIterable, Comparable {
        /// Not yet in school.
        case none
        case kindergarten = "TK"
        case primary = "SD"
        case juniorSecondary = "SMP"
        case seniorSecondary = "SMA"
        /// Higher education up to S1, or training (*pelatihan*).
        case higher = "PT"

        /// Years of the level (`none` has none).
        public var grades: Int {
            switch self {
            case .none: return 0
            case .kindergarten: return 2
            case .primary: return 6
            case .juniorSecondary, .seniorSecondary: return 3
            case .higher: return 5
            }
        }

        var order: Int { Level.allCases.firstIndex(of: self)! }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.order < rhs.order }
    }

    public var level: Level
    /// Year within the level; `nil` only for `none`.
    public var grade: Int?

    public init(level: Level, grade: Int?) {
        self.level = level
        self.grade = grade
    }
}
