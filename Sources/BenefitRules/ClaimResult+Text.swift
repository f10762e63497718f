// The claim result as people read it is SantunanApp's `ClaimResultText` (issue 20: the words come from the message
// catalogs, in the reader's language); the rules core keeps only the values' own spellings.

extension ParameterValue {
    /// The value as config and results write it: `48`, `null`, `"2021-04-01"`, `[[12, 10000], [null, 5000]]`.
    public var text: String {
        switch self {
        case .integer(let value): return String(value)
        case .text(let text): return "\"\(text)\""
        case .null: return "null"
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        }
    }
}

extension ParameterSet {
    /// One parameter value in force on a date, for `santunan rules show`.
    public struct Listing: Hashable, Sendable {
        public var key: String
        public var program: String
        public var unit: String
        public var description: String
        public var value: DatedValue
    }

    /// The parameters in force on `date` (optionally of one program file, e.g. `JKK`), in key order; parameters with
    /// no value on that date are left out.
    public func inForce(on date: CivilDate, program: String? = nil) -> [Listing] {
        sorted.compactMap { parameter in
            if let program, parameter.program.lowercased() != program.lowercased() { return nil }
            guard let value = parameter.value(on: date) else { return nil }
            return Listing(
                key: parameter.key, program: parameter.program, unit: parameter.unit,
                description: parameter.description, value: value)
        }
    }
}
