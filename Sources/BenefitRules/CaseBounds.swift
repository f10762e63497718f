public import SantunanValues

/// The bounds every case file is held to, whatever door it came through (docs/decisions/0007-input-bounds.md,
/// extended by docs/decisions/0013-identity-and-bounds.md).
///
/// They guard the arithmetic and the payment files, not a regulation: with every date inside the window and every
/// amount below its ceiling, no balance can grow past ``CaseBounds/largestAmount`` without the computation noticing
/// (``ClaimCalculator`` refuses such a line), and no text can swell a payment file or an error line.
public struct CaseBounds: Sendable, Hashable {
    /// The latest date a case may state: `today` + 1 year, or ``latestWithoutClock``.
    public let latest: CivilDate
    /// Whether ``latest`` came from a clock (for the wording of the error).
    public let fromClock: Bool
    /// ``latest`` packed as in ``ContributionRow`` (year × 512 + month × 32 + day), for the fast reader.
    let latestPacked: Int32
    /// The month ordinal of ``latest``.
    let latestMonth: Int32

    /// The bounds for a case read on `today` (nothing later than a year after it); without a clock, up to
    /// ``latestWithoutClock``.
    public init(today: CivilDate?) {
        if let today {
            latest = today.adding(years: 1)
            fromClock = true
        } else {
            latest = CaseBounds.latestWithoutClock
            fromClock = false
        }
        latestPacked = Int32(latest.year * 512 + latest.month * 32 + latest.day)
        latestMonth = Int32(latest.yearMonth.ordinal)
    }

    /// The upper date bound when the caller gives no clock: far enough for the shipped cases (the latest is dated
    /// 2030) and rehearsals, near enough that 1977 → 2050 of development at the highest crediting rate of the table
    /// stays far below `Int64` (docs/decisions/0013-identity-and-bounds.md).
    public static let latestWithoutClock = CivilDate(year: 2050, month: 12, day: 31)!

    /// `claim_date` may not be earlier: no claim of the programs predates 1950.
    public static let earliestClaim = CivilDate(year: 1950, month: 1, day: 1)!

    /// The largest single amount a case may state or a claim may pay (a statement, a bill, a line, a total).
    public static let largestAmount: Int64 = 1_000_000_000_000
    /// The largest monthly wage or declared income a case may state (`reported_wage`, `contributions[].wage`);
    /// the same ceiling as the CSV imports and the schema's CHECKs.
    public static let largestMonthlyWage: Int64 = 1_000_000_000

    /// The most items any list of a case may hold (memberships, heirs, injuries, transport, documents); the
    /// contribution rows are bounded by their distinct months inside the date window instead.
    public static let largestList = 1000

    /// `case_id`: 1 to 64 characters of `A–Z a–z 0–9 - _ .`, the shape of every case id in use; line ids join
    /// it with `/`, so a `/` or a blank in it would make them ambiguous.
    public static let caseIDLength = 64
    /// Names (participant, heir, employer, sponsor, account holder): ISO 20022 `Max140Text`, the payment file's limit.
    public static let nameLength = 140
    /// Identifiers: `kpj`, `npp`, `event.membership`.
    public static let identifierLength = 32
    /// `bank_account.number`: at most 34 characters, the longest account number (IBAN) a bank may carry.
    public static let accountNumberLength = 34
    /// `bank_account.bank_bic`: a BIC has 8 or 11 characters.
    public static let bicLength = 11

    /// Whether `text` is a usable `case_id`.
    public static func isCaseID(_ text: String) -> Bool {
        let utf8 = text.utf8
        return !utf8.isEmpty && utf8.count <= caseIDLength && utf8.allSatisfy(isCaseIDByte)
    }

    @inline(__always)
    static func isCaseIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// Whether `scalar` is a control character (C0, DEL or C1): refused in every text field, escaped in messages.
    @inline(__always)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

/// Quoting input in messages: every message that shows what the case said escapes control characters (a newline or
/// a terminal escape in a field must not forge a second `error:` line or drive the operator's terminal) and shortens
/// long values, so one error stays one short line.
enum Quoting {
    /// The longest value shown in full.
    static let shown = 64

    /// `"text"` with control characters escaped and anything past ``shown`` characters elided.
    static func quote(_ text: String) -> String {
        "\"" + escape(text, limit: shown) + "\""
    }

    /// `text` with control characters written as `\n`, `\t`, `\r` or `\u{1B}`, and cut after `limit` characters
    /// (`…` marks the cut).
    static func escape(_ text: String, limit: Int) -> String {
        var needsWork = false
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > limit || CaseBounds.isControl(scalar) {
                needsWork = true
                break
            }
        }
        if !needsWork { return text }
        var result = ""
        count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            count += 1
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if CaseBounds.isControl(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
