import SantunanValues

/// A deterministic byte mutator for fuzz tests: the same seed gives the same inputs on every run and machine, so a
/// failure names its seed and iteration and replays exactly.
///
/// Mutations are the ones that found the faults of issue 15: a byte flipped to a delimiter, a control character, NUL
/// or a non-UTF-8 byte; a field replaced by an out-of-range value (year 1900 or 9999, a 15-digit amount, a date that
/// does not exist, terminal escapes); a line duplicated or cut; bytes inserted or deleted; the file truncated.
public struct SeededMutator {
    /// SplitMix64 (SantunanValues' ``SeededRandom``): small, fast and good enough to spread mutations.
    private var random: SeededRandom

    public init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    public mutating func next() -> UInt64 { random.next() }

    /// A number in `0..<bound` (`bound` > 0).
    public mutating func below(_ bound: Int) -> Int { random.below(bound) }

    /// Values that sit on or beyond the bounds of dates, amounts and text.
    public static let interestingValues: [String] = [
        "1900-01", "1976-12", "9999-12", "2500-12-31", "1900-01-01", "9999-12-31T23:59:59+07:00", "0000-00-00",
        "2024-02-30", "2023-02-29", "999999999999999", "1000000001", "9223372036854775807", "-1", "0", "", " ",
        "1e9", "12.5", "\u{1B}[2J", "a\nb", "\"", "\"\"", ",", "\u{0}", "\u{7F}", "\u{2028}", "NN000001",
        "14007825461", "22109900411", "ACSC", "RJCT", "PL-000001", "<x>", "&amp;", "&#0;", "]]>",
        String(repeating: "9", count: 40),
    ]

    /// Bytes that break parsers.
    static let interestingBytes: [UInt8] = [
        0x00, 0x0A, 0x0D, 0x09, 0x1B, 0x22, 0x2C, 0x3C, 0x3E, 0x26, 0x2F, 0x7F, 0x80, 0xC3, 0xFF, 0x30, 0x39, 0x2D,
    ]

    /// `input` with one to three mutations.
    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(3) {
            mutateOnce(&bytes)
        }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else {
            bytes = Array(Self.interestingValues[below(Self.interestingValues.count)].utf8)
            return
        }
        let position = below(bytes.count)
        switch below(8) {
        case 0:
            bytes[position] = Self.interestingBytes[below(Self.interestingBytes.count)]
        case 1:
            bytes.insert(
                contentsOf: Array(Self.interestingValues[below(Self.interestingValues.count)].utf8), at: position)
        case 2:
            bytes.removeSubrange(position..<min(bytes.count, position + 1 + below(16)))
        case 3:
            // Replace the field (between delimiters , < > \n) around `position` with an interesting value.
            let delimiters: Set<UInt8> = [0x2C, 0x3C, 0x3E, 0x0A]
            var start = position
            while start > 0, !delimiters.contains(bytes[start - 1]) { start -= 1 }
            var end = position
            while end < bytes.count, !delimiters.contains(bytes[end]) { end += 1 }
            bytes.replaceSubrange(
                start..<end, with: Array(Self.interestingValues[below(Self.interestingValues.count)].utf8))
        case 4:
            // Duplicate the line holding `position`.
            var start = position
            while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
            var end = position
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let line = Array(bytes[start..<min(bytes.count, end + 1)])
            bytes.insert(contentsOf: line, at: start)
        case 5:
            bytes.removeSubrange(position..<bytes.count)
        case 6:
            // A digit changed, so dates and amounts move without breaking their form.
            if bytes[position] >= 0x30, bytes[position] <= 0x39 { bytes[position] = 0x30 + UInt8(below(10)) }
        default:
            bytes[position] ^= UInt8(1 << below(8))
        }
    }
}
