/// Numbers, rupiah, percentages and dates as a person reads them in each language (issue 20).
///
/// English keeps the forms the product has always printed (and the contract's examples use): rupiah grouped with
/// dots (`Rp 42.000.000`, the Indonesian convention the contract fixed), ISO dates, so the English corpus outputs
/// stay byte-identical. Indonesian uses its own conventions throughout: `21.669`, `5,63 %`, `10 Maret 2024`.
public struct LocaleFormat: Sendable, Hashable {
    public var language: Language

    public init(_ language: Language) {
        self.language = language
    }

    /// An integer with thousands grouped: `21.669` (id), `21,669` (en).
    public func number(_ value: Int64) -> String {
        let grouped = Self.grouped(value.magnitude, separator: language == .indonesian ? "." : ",")
        return value < 0 ? "-" + grouped : grouped
    }

    /// Rupiah, `Rp 42.000.000` in both languages (the contract's form), `-Rp 1.500` when negative.
    public func rupiah(_ amount: Int64) -> String {
        RupiahText.text(amount)
    }

    /// A percentage given in hundredths of a percent (basis points): 563 → `5,63 %` (id), `5.63%` (en).
    /// Trailing zeros of the fraction are dropped (`5,7 %`, `4 %`).
    public func percent(basisPoints: Int64) -> String {
        let whole = basisPoints.magnitude / 100
        var fraction = String(basisPoints.magnitude % 100)
        if fraction.count < 2 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let mark = language == .indonesian ? "," : "."
        let sign = basisPoints < 0 ? "-" : ""
        let digits = sign + String(whole) + (fraction.isEmpty ? "" : mark + fraction)
        return language == .indonesian ? digits + " %" : digits + "%"
    }

    /// A calendar date: `10 Maret 2024` (id), `2024-03-10` (en, ISO 8601 as the product has always printed).
    public func date(year: Int, month: Int, day: Int) -> String {
        switch language {
        case .indonesian:
            let name = (1...12).contains(month) ? Self.indonesianMonths[month - 1] : String(month)
            return "\(day) \(name) \(year)"
        case .english:
            return Self.isoDate(year: year, month: month, day: day)
        }
    }

    /// A calendar month: `Maret 2024` (id), `2024-03` (en).
    public func month(year: Int, month: Int) -> String {
        switch language {
        case .indonesian:
            let name = (1...12).contains(month) ? Self.indonesianMonths[month - 1] : String(month)
            return "\(name) \(year)"
        case .english:
            return Self.pad(year, 4) + "-" + Self.pad(month, 2)
        }
    }

    /// `YYYY-MM-DD`, the machine form (JSON, CSV, case files) in every language.
    public static func isoDate(year: Int, month: Int, day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// The months as Indonesian writes them (KBBI; the regulations' own spelling).
    public static let indonesianMonths = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember",
    ]

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func grouped(_ magnitude: UInt64, separator: Character) -> String {
        let digits = String(magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3)
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(separator) }
            out.append(character)
        }
        return out
    }
}

/// Rupiah as the contract prints them: `Rp 42.000.000`, `-Rp 1.500` (CONTRACT §3). The one formatter of amounts
/// for people; JSON and CSV carry the plain integer.
public enum RupiahText {
    public static func text(_ amount: Int64) -> String {
        (amount < 0 ? "-Rp " : "Rp ") + LocaleFormat.grouped(amount.magnitude, separator: ".")
    }
}
