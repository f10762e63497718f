/// A seeded 64-bit generator (SplitMix64): the same seed gives the same sequence on every run and machine, so a
/// sample, a benchmark's cases, a queue's jitter in a test or a fuzz test's inputs replay exactly.
///
/// The one SplitMix64 of the product (issue 17): the queue's backoff jitter, the sample generator, the benchmarks and
/// the test support's mutator each had their own copy.
///
/// Its members are `@inlinable`: the sample generator draws millions of values in a loop, across a module boundary.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    @inlinable
    public init(seed: UInt64) {
        state = seed
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0), as `next() % bound`: the samples and fuzz inputs depend on this exact
    /// reduction, so it is not `Int.random(in:using:)`.
    @inlinable
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
