import SantunanValues

/// An exact amount of Indonesian rupiah, in whole rupiah.
///
/// Money never touches floating point: every benefit (JKK, JKM, JHT, JP, beasiswa) is an `Int64` of whole rupiah,
/// and fractions only live inside ``Rounding`` while a single formula is evaluated.
public struct Rupiah: Hashable, Comparable, Sendable, AdditiveArithmetic, ExpressibleByIntegerLiteral {
    /// The amount in whole rupiah.
    public var value: Int64

    /// Creates an amount of `value` whole rupiah.
    public init(_ value: Int64) { self.value = value }

    public init(integerLiteral value: Int64) { self.value = value }

    public static let zero = Rupiah(0)

    public static func + (lhs: Rupiah, rhs: Rupiah) -> Rupiah { Rupiah(lhs.value + rhs.value) }
    public static func - (lhs: Rupiah, rhs: Rupiah) -> Rupiah { Rupiah(lhs.value - rhs.value) }
    public static func < (lhs: Rupiah, rhs: Rupiah) -> Bool { lhs.value < rhs.value }

    /// Multiplies by a whole count (months, a wage multiplier), trapping on overflow like any integer.
    public static func * (lhs: Rupiah, rhs: Int64) -> Rupiah { Rupiah(lhs.value * rhs) }
}

extension Rupiah: CustomStringConvertible {
    /// Indonesian notation with dots between thousands: `Rp 42.000.000`, `-Rp 1.500` (the shared ``RupiahText``).
    public var description: String { RupiahText.text(value) }
}

/// The rulebook's rounding, in one place (RULEBOOK §0, decision D11).
///
/// A line is computed as an exact fraction and rounded half-up once at the end of its own formula; interest credited
/// to JHT and JP balances is floored. Intermediates use `Int128` so that products of wages, months and basis points
/// never overflow.
public enum Rounding {
    /// `numerator / denominator` rounded half-up (half away from zero for negatives); `denominator` must be > 0.
    public static func halfUp(_ numerator: Int128, _ denominator: Int128) -> Int64 {
        precondition(denominator > 0, "rounding needs a positive denominator")
        let magnitude = (numerator.magnitude * 2 + denominator.magnitude) / (denominator.magnitude * 2)
        // Clamped, never trapping: a result beyond Int64 is refused by the computed-amount bound (issue 15).
        return numerator < 0 ? -Int64(clamping: magnitude) : Int64(clamping: magnitude)
    }

    /// `numerator / denominator` rounded toward negative infinity; `denominator` must be > 0.
    public static func floor(_ numerator: Int128, _ denominator: Int128) -> Int64 {
        precondition(denominator > 0, "rounding needs a positive denominator")
        let quotient = numerator / denominator
        return Int64(clamping: numerator % denominator < 0 ? quotient - 1 : quotient)
    }

    /// `numerator / denominator` rounded toward positive infinity; `denominator` must be > 0.
    public static func ceiling(_ numerator: Int128, _ denominator: Int128) -> Int64 {
        -floor(-numerator, denominator)
    }
}
