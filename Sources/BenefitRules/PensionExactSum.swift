/// A non-negative integer of any size, just enough for the exact JP indexation fraction (RULEBOOK §9.7, D11).
///
/// The indexed wage sum `S = Σ_T W_T × Π_{t=T}^{Y−1} (10000 + inflation_t) / 10000` has a denominator of
/// `10000^(Y − first year)`, which outgrows `Int128` after about nine years; limbs of 64 bits keep it exact.
struct WideNatural: Sendable {
    /// Little-endian 64-bit limbs; no trailing zero limbs (zero is `[]`).
    private(set) var limbs: [UInt64]

    init(_ value: UInt64) {
        // Room for the JP indexation of a few decades, so that the Horner steps do not grow the array.
        limbs = []
        limbs.reserveCapacity(6)
        if value != 0 { limbs.append(value) }
    }

    var isZero: Bool { limbs.isEmpty }

    /// `self × factor`.
    mutating func multiply(by factor: UInt64) {
        guard factor != 0 else {
            limbs.removeAll()
            return
        }
        var carry: UInt64 = 0
        for index in limbs.indices {
            let (high, low) = limbs[index].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { limbs.append(carry) }
    }

    /// `self + other`.
    mutating func add(_ other: WideNatural) {
        if other.limbs.count > limbs.count {
            limbs.append(contentsOf: repeatElement(0, count: other.limbs.count - limbs.count))
        }
        var carry: UInt64 = 0
        for index in limbs.indices {
            let addend = index < other.limbs.count ? other.limbs[index] : 0
            if addend == 0 && carry == 0 && index >= other.limbs.count { break }
            let (partial, overflow1) = limbs[index].addingReportingOverflow(addend)
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        if carry != 0 { limbs.append(carry) }
    }

    /// `self + other × factor`, in place (no temporary for the product).
    mutating func add(_ other: WideNatural, times factor: UInt64) {
        guard factor != 0, !other.isZero else { return }
        if other.limbs.count > limbs.count {
            limbs.append(contentsOf: repeatElement(0, count: other.limbs.count - limbs.count))
        }
        // Each step adds a 128-bit product and two words below 2^64: the total fits in 128 bits, so `carry` does too.
        var carry: UInt64 = 0
        var index = 0
        while index < other.limbs.count || carry != 0 {
            if index == limbs.count { limbs.append(0) }
            let (high, low) = (index < other.limbs.count ? other.limbs[index] : 0).multipliedFullWidth(by: factor)
            let (partial, overflow1) = limbs[index].addingReportingOverflow(low)
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = high &+ (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0)
            index += 1
        }
    }

    /// `self × factor` as a new value.
    func multiplied(by factor: UInt64) -> WideNatural {
        var copy = self
        copy.multiply(by: factor)
        return copy
    }

    /// Number of significant bits.
    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }

    /// The 128 bits starting at bit `shift` (`(self >> shift) mod 2^128`).
    func bits128(from shift: Int) -> UInt128 {
        var result: UInt128 = 0
        let limbShift = shift / 64
        let bitShift = shift % 64
        for offset in 0..<3 {
            let index = limbShift + offset
            guard index < limbs.count else { break }
            let limb = UInt128(limbs[index])
            let position = offset * 64 - bitShift
            if position >= 0 {
                if position < 128 { result |= limb << UInt128(position) }
            } else {
                result |= limb >> UInt128(-position)
            }
        }
        return result
    }

    static func compare(_ lhs: WideNatural, _ rhs: WideNatural) -> Int {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count ? -1 : 1 }
        var index = lhs.limbs.count - 1
        while index >= 0 {
            if lhs.limbs[index] != rhs.limbs[index] { return lhs.limbs[index] < rhs.limbs[index] ? -1 : 1 }
            index -= 1
        }
        return 0
    }

    /// `numerator / denominator` rounded half-up, when the quotient fits in 62 bits (amounts in rupiah).
    static func halfUpQuotient(_ numerator: WideNatural, _ denominator: WideNatural) -> Int64 {
        precondition(!denominator.isZero, "division by zero")
        // q = floor((2N + D) / 2D).
        var dividend = numerator.multiplied(by: 2)
        dividend.add(denominator)
        let divisor = denominator.multiplied(by: 2)
        return Int64(floorQuotient(dividend, divisor))
    }

    /// `floor(dividend / divisor)` for a quotient below 2^62: estimated from the top bits, then corrected.
    static func floorQuotient(_ dividend: WideNatural, _ divisor: WideNatural) -> UInt64 {
        let shift = max(divisor.bitWidth - 64, 0)
        let divisorTop = UInt64(divisor.bits128(from: shift))
        let dividendTop = dividend.bits128(from: shift)
        precondition(dividendTop / UInt128(divisorTop) < UInt128(1) << 62, "quotient out of range")
        var estimate = UInt64(dividendTop / UInt128(divisorTop)) + 1
        // The estimate is at most a few units high because the divisor's dropped low bits are below 2^-63 of it.
        while compare(divisor.multiplied(by: estimate), dividend) > 0 { estimate -= 1 }
        return estimate
    }
}
