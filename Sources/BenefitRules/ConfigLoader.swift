import SantunanValues
import Yams

/// Reads the effective-dated parameter files of `config/` (YAML text; the caller does the file IO).
///
/// A file looks like:
/// ```yaml
/// program: JKM
/// parameters:
///   jkm.death:
///     unit: rupiah
///     description: Santunan kematian, paid at once
///     values:
///       - { from: 2013-01-01, to: 2015-06-30, value: 14200000, basis: "PP 53/2012 Pasal 22", confirmed: true }
///       - { from: 2015-07-01, to: 2019-12-01, value: 16200000, basis: "PP 44/2015 Pasal 34", confirmed: true }
///       - { from: 2019-12-02, value: 20000000, basis: "PP 82/2019 Pasal 34", confirmed: true }
/// ```
/// `value` is an integer, `null`, a string, or a list of those (e.g. the STMB schedule `[[12, 10000], [null, 5000]]`).
/// An optional `reported_from` gives the `effective_from` that result lines report when it differs from `from`.
public enum ConfigLoader {
    /// One configuration file: its name (for messages) and its text.
    public struct Document: Sendable {
        public let name: String
        public let text: String
        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// Parses and checks every document; refuses gaps, overlaps, duplicates and malformed values.
    public static func load(_ documents: [Document]) throws(ParameterError) -> ParameterSet {
        var parameters: [Parameter] = []
        for document in documents {
            parameters += try parse(document)
        }
        return try ParameterSet(parameters)
    }

    /// The parameters of one document (not yet checked for continuity).
    public static func parse(_ document: Document) throws(ParameterError) -> [Parameter] {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: document.text) else { return [] }
            root = node
        } catch {
            throw ParameterError(.malformed, key: document.name, reason: "is not valid YAML: \(error)")
        }
        guard let mapping = root.mapping, let program = mapping["program"]?.string else {
            throw ParameterError(.malformed, key: document.name, reason: "needs a top-level `program:`")
        }
        guard let entries = mapping["parameters"]?.mapping else {
            throw ParameterError(.malformed, key: document.name, reason: "needs a `parameters:` mapping")
        }
        var result: [Parameter] = []
        for (keyNode, body) in entries {
            guard let key = keyNode.string, let fields = body.mapping else {
                throw ParameterError(.malformed, key: document.name, reason: "each parameter is `key: {…}`")
            }
            guard let valueNodes = fields["values"]?.sequence else {
                throw ParameterError(.malformed, key: key, reason: "needs a `values:` list")
            }
            var values: [DatedValue] = []
            for node in valueNodes {
                values.append(try datedValue(node, key: key))
            }
            values.sort { $0.from < $1.from }
            result.append(
                Parameter(
                    key: key, program: program, unit: fields["unit"]?.string ?? "",
                    description: fields["description"]?.string ?? "", values: values))
        }
        return result
    }

    static func datedValue(_ node: Node, key: String) throws(ParameterError) -> DatedValue {
        guard let fields = node.mapping else {
            throw ParameterError(
                .malformed, key: key, reason: "each value is a mapping with from/value/basis/confirmed")
        }
        guard let fromText = fields["from"]?.string, let from = CivilDate(iso: fromText) else {
            throw ParameterError(.malformed, key: key, reason: "a value needs `from: YYYY-MM-DD`")
        }
        var to: CivilDate?
        if let toNode = fields["to"], toNode.null == nil {
            guard let toText = toNode.string, let parsed = CivilDate(iso: toText) else {
                throw ParameterError(.malformed, key: key, reason: "value from \(from): `to` is not a date")
            }
            to = parsed
        }
        guard let valueNode = fields["value"] else {
            throw ParameterError(.malformed, key: key, reason: "value from \(from) has no `value`")
        }
        guard let basis = fields["basis"]?.string, !basis.isEmpty else {
            throw ParameterError(.malformed, key: key, reason: "value from \(from) has no `basis` (its article)")
        }
        guard let confirmed = fields["confirmed"]?.bool else {
            throw ParameterError(.malformed, key: key, reason: "value from \(from) needs `confirmed: true|false`")
        }
        var reportedFrom: CivilDate?
        if let reportedNode = fields["reported_from"], reportedNode.null == nil {
            guard let text = reportedNode.string, let parsed = CivilDate(iso: text) else {
                throw ParameterError(.malformed, key: key, reason: "value from \(from): `reported_from` is not a date")
            }
            reportedFrom = parsed
        }
        return DatedValue(
            from: from, to: to, value: try parameterValue(valueNode, key: key), basis: basis, confirmed: confirmed,
            reportedFrom: reportedFrom)
    }

    static func parameterValue(_ node: Node, key: String) throws(ParameterError) -> ParameterValue {
        switch node {
        case .scalar(let scalar):
            if node.null != nil { return .null }
            if scalar.style == .plain, let integer = Int64(scalar.string) { return .integer(integer) }
            if scalar.style == .plain, scalar.string.contains(".") || scalar.string.contains("e") {
                throw ParameterError(.malformed, key: key, reason: "\(scalar.string) is not a whole number")
            }
            return .text(scalar.string)
        case .sequence(let sequence):
            var items: [ParameterValue] = []
            for item in sequence {
                items.append(try parameterValue(item, key: key))
            }
            return .list(items)
        default:
            throw ParameterError(.malformed, key: key, reason: "a value is an integer, null, a string or a list")
        }
    }
}
