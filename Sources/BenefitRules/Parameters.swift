public import SantunanValues

/// A parameter's value: rupiah amounts, basis points and counts are integers; "none" is `null`.
public indirect enum ParameterValue: Hashable, Sendable {
    case integer(Int64)
    case text(String)
    case null
    case list([ParameterValue])

    /// The integer, or `nil` for any other kind of value.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

/// One value of a parameter over a closed date range (`to` nil = still in force), with its legal basis.
public struct DatedValue: Hashable, Sendable {
    /// First day in force (`effective_from`).
    public let from: CivilDate
    /// Last day in force, or `nil` while it is still in force.
    public let to: CivilDate?
    public let value: ParameterValue
    /// The article or source (e.g. `PP 82/2019 Pasal 34`).
    public let basis: String
    /// `false` where the rulebook marks the figure unconfirmed; results that read it carry a warning.
    public let confirmed: Bool
    /// The `effective_from` a result line reports when it differs from `from` (config `reported_from`), e.g. the
    /// disability table of PP 44/2015 (2015-07-01) that the engine also applies to PP 53 events
    /// (docs/decisions/0005-config-format.md).
    public let reportedFrom: CivilDate?

    public init(
        from: CivilDate, to: CivilDate?, value: ParameterValue, basis: String, confirmed: Bool,
        reportedFrom: CivilDate? = nil
    ) {
        self.from = from
        self.to = to
        self.value = value
        self.basis = basis
        self.confirmed = confirmed
        self.reportedFrom = reportedFrom
    }

    /// The `effective_from` of result lines: `reportedFrom` when set, else `from`.
    public var effectiveFrom: CivilDate { reportedFrom ?? from }

    /// Whether `date` lies in `from...to`.
    public func covers(_ date: CivilDate) -> Bool { from <= date && (to.map { date <= $0 } ?? true) }
}

/// An effective-dated rule parameter (e.g. `jkm.death`), as loaded from `config/`.
public struct Parameter: Hashable, Sendable {
    public let key: String
    /// The program file it came from (`JKK`, `JKM`, `JHT`, `JP`, `scholarship`, …).
    public let program: String
    /// What the integer means: `rupiah`, `bp`, `count`, `months`, `years`, `date`, `schedule`.
    public let unit: String
    public let description: String
    /// Values in date order, without gaps or overlaps (checked at load).
    public let values: [DatedValue]

    public init(key: String, program: String, unit: String, description: String, values: [DatedValue]) {
        self.key = key
        self.program = program
        self.unit = unit
        self.description = description
        self.values = values
    }

    /// The value in force on `date`, or `nil` if the parameter does not cover it.
    public func value(on date: CivilDate) -> DatedValue? {
        // Values are few and sorted; scan from the newest, which is where most events fall.
        for candidate in values.reversed() where candidate.from <= date {
            return candidate.covers(date) ? candidate : nil
        }
        return nil
    }
}

/// The reasons a configuration or a lookup into it fails.
public struct ParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        public static let malformed = Code(name: "malformed")
        public static let duplicateKey = Code(name: "duplicateKey")
        public static let gap = Code(name: "gap")
        public static let overlap = Code(name: "overlap")
        public static let notInForce = Code(name: "notInForce")
        public static let unknownKey = Code(name: "unknownKey")
        public static let wrongKind = Code(name: "wrongKind")
    }

    public let code: Code
    /// The parameter key (or the file, for a file-level problem).
    public let key: String
    public let reason: String

    public init(_ code: Code, key: String, reason: String) {
        self.code = code
        self.key = key
        self.reason = reason
    }

    public var description: String { "\(key): \(reason)" }
}

/// Every rule parameter, by key, loaded from the `config/` files.
public struct ParameterSet: Sendable {
    public private(set) var parameters: [String: Parameter]

    /// Creates a set from parameters whose dated values are already checked (see ``ConfigLoader``).
    public init(_ parameters: [Parameter]) throws(ParameterError) {
        var byKey: [String: Parameter] = [:]
        for parameter in parameters {
            guard byKey[parameter.key] == nil else {
                throw ParameterError(.duplicateKey, key: parameter.key, reason: "is defined twice")
            }
            try ParameterSet.checkContinuity(parameter)
            byKey[parameter.key] = parameter
        }
        self.parameters = byKey
    }

    /// The parameter `key`.
    public func parameter(_ key: String) throws(ParameterError) -> Parameter {
        guard let parameter = parameters[key] else {
            throw ParameterError(.unknownKey, key: key, reason: "no such parameter in config/")
        }
        return parameter
    }

    /// The value of `key` in force on `date`; a typed error names the parameter and the date it does not cover.
    public func value(_ key: String, on date: CivilDate) throws(ParameterError) -> DatedValue {
        let parameter = try parameter(key)
        guard let value = parameter.value(on: date) else {
            throw ParameterError(.notInForce, key: key, reason: "has no value in force on \(date)")
        }
        return value
    }

    /// The integer value of `key` on `date`.
    public func integer(_ key: String, on date: CivilDate) throws(ParameterError) -> (Int64, DatedValue) {
        let dated = try value(key, on: date)
        guard let integer = dated.value.integer else {
            throw ParameterError(.wrongKind, key: key, reason: "is not an integer on \(date)")
        }
        return (integer, dated)
    }

    /// Parameters in key order, for listings (`santunan rules show`).
    public var sorted: [Parameter] { parameters.values.sorted { $0.key < $1.key } }

    static func checkContinuity(_ parameter: Parameter) throws(ParameterError) {
        guard !parameter.values.isEmpty else {
            throw ParameterError(.malformed, key: parameter.key, reason: "has no values")
        }
        for (previous, next) in zip(parameter.values, parameter.values.dropFirst()) {
            guard let end = previous.to else {
                throw ParameterError(
                    .overlap, key: parameter.key,
                    reason: "value from \(previous.from) has no end date but a later value starts \(next.from)")
            }
            let expected = end.adding(days: 1)
            if next.from > expected {
                throw ParameterError(
                    .gap, key: parameter.key, reason: "no value from \(expected) to \(next.from.adding(days: -1))")
            }
            if next.from < expected {
                throw ParameterError(
                    .overlap, key: parameter.key, reason: "value from \(next.from) overlaps the one ending \(end)")
            }
        }
        for value in parameter.values {
            if let to = value.to, to < value.from {
                throw ParameterError(
                    .malformed, key: parameter.key, reason: "value from \(value.from) ends before it starts")
            }
        }
    }
}
