/// The code of a ledger account: a class prefix, optionally followed by `:` and the subject it belongs to.
///
/// The chart of accounts (seeded by `Schema/0005_ledger.sql`):
///
/// | code | type | normal side | what it holds |
/// |---|---|---|---|
/// | `BANK` | asset | debit | the fund's bank account |
/// | `RECEIVABLE:<NPP>` | asset | debit | contributions an employer owes |
/// | `FUND:JKK`, `FUND:JKM` | fund | credit | the pooled JKK and JKM funds |
/// | `JHT:<KPJ or NIK>`, `JP:<KPJ or NIK>` | fund | credit | a participant's individual JHT / JP account |
/// | `DEVELOPMENT:JHT`, `DEVELOPMENT:JP` | expense | debit | development (hasil pengembangan) credited to members |
/// | `PAYABLE:<claim id>` | liability | credit | benefits approved for one claim and not yet paid |
/// | `CLEARING:<batch id>` | liability | credit | one payout batch released to the bank, not yet confirmed |
/// | `DJS:UNCLAIMED` | fund | credit | the Dana Jaminan Sosial: santunan left unclaimed |
///
/// Per-subject accounts (`RECEIVABLE`, `JHT`, `JP`, `PAYABLE`, `CLEARING`) are opened by the database on their first
/// posting; the others exist from the migration on.
public struct AccountCode: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The code as stored, e.g. `JHT:18012345678`.
    public let rawValue: String

    /// An account code as written; the database refuses codes that are not in the chart or cannot be opened.
    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }

    public static func < (lhs: AccountCode, rhs: AccountCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The class prefix: `JHT` for `JHT:18012345678`.
    public var prefix: Substring {
        rawValue.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }

    /// What follows the class prefix: `18012345678` for `JHT:18012345678`, empty when there is none.
    public var qualifier: Substring {
        guard let colon = rawValue.firstIndex(of: ":") else { return "" }
        return rawValue[rawValue.index(after: colon)...]
    }

    /// The fund's bank account.
    public static let bank = AccountCode("BANK")
    /// The Dana Jaminan Sosial account for unclaimed santunan.
    public static let unclaimedSantunan = AccountCode("DJS:UNCLAIMED")

    /// The pooled fund of a program (`FUND:JKK`); for JHT and JP the individual accounts roll up into it.
    public static func fund(_ program: LedgerProgram) -> AccountCode { AccountCode("FUND:\(program.rawValue)") }

    /// A participant's individual JHT account, keyed by KPJ (or NIK when the membership has none).
    public static func jht(participant: String) -> AccountCode { AccountCode("JHT:\(participant)") }

    /// A participant's individual JP account, keyed by KPJ (or NIK).
    public static func jp(participant: String) -> AccountCode { AccountCode("JP:\(participant)") }

    /// The account that receives a program's share of a participant's contribution or pays its benefit: the
    /// individual account for JHT and JP, the pooled fund for JKK and JKM.
    public static func programAccount(_ program: LedgerProgram, participant: String) -> AccountCode {
        switch program {
        case .jkk, .jkm: fund(program)
        case .jht: jht(participant: participant)
        case .jp: jp(participant: participant)
        }
    }

    /// Development (investment returns) credited to the members of a savings program (JHT or JP).
    public static func development(_ program: LedgerProgram) -> AccountCode {
        AccountCode("DEVELOPMENT:\(program.rawValue)")
    }

    /// Contributions receivable from an employer, by NPP.
    public static func receivable(employer npp: String) -> AccountCode { AccountCode("RECEIVABLE:\(npp)") }

    /// Benefits payable on one claim.
    public static func payable(claim claimID: String) -> AccountCode { AccountCode("PAYABLE:\(claimID)") }

    /// Bank clearing of one payout batch.
    public static func clearing(batch batchID: String) -> AccountCode { AccountCode("CLEARING:\(batchID)") }
}

/// The BPJS Ketenagakerjaan programs the ledger keeps funds for: JKK (work accident), JKM (death), JHT (old-age
/// savings) and JP (pension). The ledger's own spelling, so that it needs nothing from the rules module.
public enum LedgerProgram: String, Hashable, Sendable, CaseIterable {
    case jkk = "JKK"
    case jkm = "JKM"
    case jht = "JHT"
    case jp = "JP"
}

/// The side of an entry.
public enum Side: String, Hashable, Sendable {
    /// Debit (`D`): increases asset and expense accounts, decreases the others.
    case debit = "D"
    /// Credit (`C`): increases fund, liability and income accounts, decreases the others.
    case credit = "C"

    /// The other side, for reversals.
    public var opposite: Side { self == .debit ? .credit : .debit }
}

/// The type of an account, which fixes its normal balance side.
public enum AccountType: String, Hashable, Sendable {
    case asset, liability, fund, income, expense

    /// The side on which the account's balance is normally carried.
    public var normalSide: Side {
        switch self {
        case .asset, .expense: .debit
        case .liability, .fund, .income: .credit
        }
    }
}
