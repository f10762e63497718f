public import BenefitRules
public import SantunanValues

/// What changed in the rule parameters between two dates (`santunan rules diff`), e.g. when PP 82/2019 came in.
public struct RulesDiff: Sendable {
    /// One parameter whose value differs between the two dates (or exists on only one of them).
    public struct Change: Sendable, Hashable {
        public var key: String
        public var program: String
        public var unit: String
        /// The value in force on the first date, `nil` when none was.
        public var before: DatedValue?
        /// The value in force on the second date, `nil` when none is.
        public var after: DatedValue?
    }

    public var from: CivilDate
    public var to: CivilDate
    public var changes: [Change]

    /// Compares every parameter (optionally of one program file) on `from` and on `to`; parameters whose value,
    /// basis and confirmation are the same on both dates are left out.
    public init(_ parameters: ParameterSet, from: CivilDate, to: CivilDate, program: String? = nil) {
        self.from = from
        self.to = to
        changes = parameters.sorted.compactMap { parameter in
            if let program, parameter.program.lowercased() != program.lowercased() { return nil }
            let before = parameter.value(on: from)
            let after = parameter.value(on: to)
            if before?.value == after?.value && before?.basis == after?.basis
                && before?.confirmed == after?.confirmed
            {
                return nil
            }
            return Change(
                key: parameter.key, program: parameter.program, unit: parameter.unit, before: before, after: after)
        }
    }
}
