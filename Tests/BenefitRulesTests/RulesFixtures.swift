import BenefitRules
import Foundation

/// The repository's `config/` and `cases/`, loaded once for the rules tests.
enum RulesFixtures {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let documents: [ConfigLoader.Document] = {
        let folder = root.appendingPathComponent("config")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return ConfigLoader.Document(name: "config/\(name)", text: text)
        }
    }()

    static let parameters: ParameterSet = try! ConfigLoader.load(documents)

    static let calculator: ClaimCalculator = try! ClaimCalculator(parameters: parameters)

    /// Case names (`NAME` of `NAME.case.json`) in `cases/` and `cases/extra/`, as paths relative to `cases/`.
    static func caseNames(in subfolder: String = "") -> [String] {
        let folder = root.appendingPathComponent("cases").appendingPathComponent(subfolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".case.json") }.sorted().map {
            (subfolder.isEmpty ? "" : subfolder + "/") + String($0.dropLast(".case.json".count))
        }
    }

    static func data(_ name: String, _ suffix: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent("cases").appendingPathComponent(name + suffix))
    }

    /// The result JSON of a case, or `{"exit_code": 65, "error": …}` for invalid input, as the CLI prints it.
    static func actualJSON(_ name: String) throws -> JSONValue {
        let bytes = try data(name, ".case.json")
        do {
            let parsed = try Case.parse(Array(bytes))
            let result = try calculator.compute(parsed)
            return try JSONReader.parse(result.jsonBytes())
        } catch let error as CaseError {
            return invalid(error)
        } catch let error as ClaimError {
            guard case .invalidCase(let caseError) = error else { throw error }
            return invalid(caseError)
        }
    }

    static func invalid(_ error: CaseError) -> JSONValue {
        .object([
            JSONMember(key: "exit_code", value: .number("65")),
            JSONMember(key: "error", value: .string(error.description)),
        ])
    }

    static func expectedJSON(_ name: String) throws -> JSONValue {
        try JSONReader.parse(Array(data(name, ".expected.json")))
    }

    /// The first path where two JSON values differ (keys, key order, values), or `nil` when they are equal.
    static func firstDifference(_ expected: JSONValue, _ actual: JSONValue, path: String = "$") -> String? {
        switch (expected, actual) {
        case (.object(let left), .object(let right)):
            for member in left {
                guard let value = actual[member.key] else { return "\(path).\(member.key): missing" }
                if let difference = firstDifference(member.value, value, path: "\(path).\(member.key)") {
                    return difference
                }
            }
            for member in right where expected[member.key] == nil { return "\(path).\(member.key): unexpected" }
            if left.map(\.key) != right.map(\.key) { return "\(path): key order \(right.map(\.key))" }
            return nil
        case (.array(let left), .array(let right)):
            for (index, (leftItem, rightItem)) in zip(left, right).enumerated() {
                if let difference = firstDifference(leftItem, rightItem, path: "\(path)[\(index)]") {
                    return difference
                }
            }
            if left.count != right.count { return "\(path): \(left.count) items expected, \(right.count) found" }
            return nil
        default:
            return expected == actual ? nil : "\(path): expected \(render(expected)), found \(render(actual))"
        }
    }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(text)\""
        case .number(let lexeme): return lexeme
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array(let items): return "[\(items.map(render).joined(separator: ", "))]"
        case .object(let members):
            return "{\(members.map { "\($0.key): \(render($0.value))" }.joined(separator: ", "))}"
        }
    }
}
