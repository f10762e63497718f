public import SantunanValues

/// Paid months (RULEBOOK §2.2, R3): the contribution period (*masa iur*) test shared by the JKM scholarship
/// entitlement (§6.2, R18) and the JP months (§9.5).
///
/// A paid month of program `P` is a contribution row with `paid_on` set, `paid_on ≤ claim_date` and
/// `month ≤ event month`, counted as a distinct calendar month over **every** membership of the person that carries
/// `P` (ended and uncovered ones included). A sponsored BPU membership with `P` in its sponsor's programs also counts
/// every month from `max(sponsor.from, start)` to `min(sponsor.to, event month)`, with or without a row.
/// Memberships whose `contributions` are `nil` contribute their sponsored months only (the caller checks §2.3).
public enum PaidMonths {
    /// Whether one row passes the §2.2 test: paid, paid by the claim date, and not after the event month.
    @inlinable
    public static func isPaid(_ row: ContributionRow, eventMonth: YearMonth, claimDate: CivilDate) -> Bool {
        guard let paidOn = row.paidOn else { return false }
        return row.month <= eventMonth && paidOn <= claimDate
    }

    /// The number of distinct paid months of `program` over `memberships` (the JKM *masa iur*).
    public static func count(
        of program: Program, memberships: [Membership], eventMonth: YearMonth, claimDate: CivilDate
    ) -> Int {
        var set = MonthSet()
        collect(program, memberships: memberships, eventMonth: eventMonth, claimDate: claimDate, into: &set)
        return set.count
    }

    /// The distinct paid months of `program` over `memberships`, in calendar order.
    public static func months(
        of program: Program, memberships: [Membership], eventMonth: YearMonth, claimDate: CivilDate
    ) -> [YearMonth] {
        var set = MonthSet()
        collect(program, memberships: memberships, eventMonth: eventMonth, claimDate: claimDate, into: &set)
        return set.months
    }

    static func collect(
        _ program: Program, memberships: [Membership], eventMonth: YearMonth, claimDate: CivilDate,
        into set: inout MonthSet
    ) {
        for index in memberships.indices where memberships[index].has(program) {
            if let rows = memberships[index].contributions {
                // `isPaid` on the packed integers (packed dates are ordered like the dates).
                set.insertPaid(rows, eventOrdinal: eventMonth.ordinal, claim: ContributionRow.pack(claimDate))
            }
            if memberships[index].segment == .nonWageEarner, let sponsor = memberships[index].sponsor,
                sponsor.programs.contains(program)
            {
                let first = max(sponsor.from, memberships[index].start).yearMonth.ordinal
                let last = min(sponsor.to.yearMonth.ordinal, eventMonth.ordinal)
                if first <= last { set.insert(first...last) }
            }
        }
    }
}

/// A small set of month ordinals backed by a bitmap over the range seen so far (no hashing per month).
struct MonthSet {
    private var base = 0
    private var words: [UInt64] = []

    var isEmpty: Bool { words.isEmpty }

    /// The number of months in the set.
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The months in calendar order.
    var months: [YearMonth] {
        var result: [YearMonth] = []
        for (index, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 {
                result.append(YearMonth(ordinal: base + index * 64 + bit))
            }
        }
        return result
    }

    func contains(_ ordinal: Int) -> Bool {
        let offset = ordinal - base
        guard !words.isEmpty, offset >= 0, offset < words.count * 64 else { return false }
        return words[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }

    mutating func insert(_ ordinal: Int) {
        reserve(ordinal)
        let offset = ordinal - base
        words[offset >> 6] |= 1 << UInt64(offset & 63)
    }

    /// Inserts the month of every row paid (`paidPacked` ≠ 0) by `claim` (packed) in a month up to `eventOrdinal`:
    /// the range of those months first, so that the bitmap grows once, then one bit per row written in place.
    mutating func insertPaid(_ rows: [ContributionRow], eventOrdinal: Int, claim: Int32) {
        /// The row's month when it counts, else `nil`; one test for both passes.
        @inline(__always) func countedMonth(_ row: ContributionRow) -> Int? {
            let ordinal = Int(row.monthOrdinal)
            return row.paidPacked != 0 && ordinal <= eventOrdinal && row.paidPacked <= claim ? ordinal : nil
        }
        rows.withUnsafeBufferPointer { rows in
            var low = Int.max
            var high = Int.min
            for row in rows {
                if let ordinal = countedMonth(row) {
                    low = min(low, ordinal)
                    high = max(high, ordinal)
                }
            }
            guard low <= high else { return }
            reserve(low)
            reserve(high)
            let base = base
            words.withUnsafeMutableBufferPointer { words in
                for row in rows {
                    if let ordinal = countedMonth(row) {
                        let offset = ordinal &- base
                        words[offset >> 6] |= 1 << UInt64(offset & 63)
                    }
                }
            }
        }
    }

    mutating func insert(_ range: ClosedRange<Int>) {
        reserve(range.lowerBound)
        reserve(range.upperBound)
        for ordinal in range {
            let offset = ordinal - base
            words[offset >> 6] |= 1 << UInt64(offset & 63)
        }
    }

    /// Grows the bitmap so that `ordinal` fits; the base stays a multiple of 64 months.
    private mutating func reserve(_ ordinal: Int) {
        if words.isEmpty {
            base = ordinal - ((ordinal % 64) + 64) % 64
            words = [0, 0, 0, 0]
        }
        if ordinal < base {
            let shiftWords = (base - ordinal + 63) / 64
            words.insert(contentsOf: repeatElement(0, count: shiftWords), at: 0)
            base -= shiftWords * 64
        }
        let needed = (ordinal - base) / 64 + 1
        if needed > words.count { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
    }
}
