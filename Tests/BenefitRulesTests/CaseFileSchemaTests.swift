import Foundation
import Testing

@testable import BenefitRules

/// docs/case-file.schema.json, the case reader and the examples kept in step (issue 18): every case the reader
/// accepts validates against the schema, every field the reader knows is in the schema (and no other), and the
/// example of docs/case-file.md is read and validated.
@Suite struct CaseFileSchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func schema() throws -> JSONValue {
        let data = try Data(contentsOf: repository.appendingPathComponent("docs/case-file.schema.json"))
        return try JSONReader.parse([UInt8](data))
    }

    static func caseFiles() throws -> [URL] {
        var files: [URL] = []
        for directory in ["cases", "cases/extra"] {
            let url = repository.appendingPathComponent(directory)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            where name.hasSuffix(".case.json") {
                files.append(url.appendingPathComponent(name))
            }
        }
        return files
    }

    @Test func everyCaseTheReaderAcceptsValidatesAgainstTheSchema() throws {
        let validator = SchemaValidator(root: try Self.schema())
        var accepted = 0
        for file in try Self.caseFiles() {
            let bytes = [UInt8](try Data(contentsOf: file))
            guard (try? Case.parse(bytes)) != nil else { continue }
            accepted += 1
            let problems = validator.validate(try JSONReader.parse(bytes))
            #expect(problems.isEmpty, "\(file.lastPathComponent): \(problems.prefix(3))")
        }
        #expect(accepted >= 40)
    }

    @Test func theSchemaRefusesWhatTheReaderRefusesForItsShape() throws {
        let validator = SchemaValidator(root: try Self.schema())
        for name in ["invalid-unknown-field", "invalid-negative-wage", "invalid-nik-not-16-digits"] {
            let bytes = [UInt8](
                try Data(contentsOf: Self.repository.appendingPathComponent("cases/extra/\(name).case.json")))
            #expect((try? Case.parse(bytes)) == nil, "\(name)")
            #expect(!validator.validate(try JSONReader.parse(bytes)).isEmpty, "\(name)")
        }
    }

    /// The keys the reader knows, by schema definition, against the schema's `properties`.
    @Test func everyFieldTheReaderAcceptsIsInTheSchemaAndNoOther() throws {
        let schema = try Self.schema()
        let readerKeys: [(String?, [String])] = [
            (nil, CaseParser.rootKeys), ("participant", CaseParser.participantKeys),
            ("membership", CaseParser.membershipKeys), ("employer", CaseParser.employerKeys),
            ("sponsor", CaseParser.sponsorKeys), ("contribution", CaseParser.contributionKeys),
            ("statement", CaseParser.statementKeys), ("event", CaseParser.eventKeys),
            ("accident", CaseParser.accidentKeys), ("injury", CaseParser.injuryKeys),
            ("transport", CaseParser.transportKeys), ("heir", CaseParser.heirKeys),
            ("bank_account", CaseParser.bankKeys), ("education", CaseParser.educationKeys),
        ]
        for (definition, keys) in readerKeys {
            let object = definition.map { schema["$defs"]?[$0] } ?? schema
            let properties = try #require(object?["properties"]?.members, "\(definition ?? "root")")
            #expect(Set(properties.map(\.key)) == Set(keys), "\(definition ?? "root")")
            #expect(object?["additionalProperties"] == .bool(false), "\(definition ?? "root")")
        }
        // The closed value lists are the reader's own.
        let defs = try #require(schema["$defs"])
        #expect(Self.strings(defs["event"]?["properties"]?["type"]?["enum"]) == EventType.allCases.map(\.rawValue))
        #expect(
            Self.strings(defs["heir"]?["properties"]?["relation"]?["enum"]) == Heir.Relation.allCases.map(\.rawValue))
        #expect(
            Self.strings(defs["heir"]?["properties"]?["documents"]?["items"]?["enum"])
                == Document.allCases.map(\.rawValue))
        #expect(Self.strings(defs["injury"]?["properties"]?["code"]?["enum"]) == InjuryTable.codes)
        #expect(Self.strings(defs["programs"]?["items"]?["enum"]) == Program.allCases.map(\.rawValue))
        #expect(
            Self.strings(defs["education"]?["properties"]?["level"]?["enum"])
                == Education.Level.allCases.map(\.rawValue))
    }

    static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// Every ```json block of docs/case-file.md is a case the reader accepts and the schema validates.
    @Test func theExamplesOfTheFormatReferenceAreValidCases() throws {
        let text = try String(
            contentsOf: Self.repository.appendingPathComponent("docs/case-file.md"), encoding: .utf8)
        let validator = SchemaValidator(root: try Self.schema())
        let blocks = text.components(separatedBy: "```json\n").dropFirst().map {
            String($0.components(separatedBy: "```")[0])
        }
        let cases = blocks.filter { $0.contains("\"case_id\"") }
        #expect(!cases.isEmpty)
        for block in cases {
            let parsed = Result { () throws(CaseError) in try Case.parse(block) }
            #expect((try? parsed.get()) != nil, "\(parsed)")
            #expect(validator.validate(try JSONReader.parse(block)).isEmpty)
        }
    }
}

/// The part of JSON Schema 2020-12 that docs/case-file.schema.json uses: `type`, `enum`, `const`, `properties`,
/// `required`, `additionalProperties: false`, `items`, `minItems`, `maxItems`, `uniqueItems`, `minimum`, `maximum`,
/// `minLength`, `maxLength`, `pattern`, `$ref` to `#/$defs/…`, `anyOf`, `allOf`, `if`/`then`. A keyword it does not
/// know fails the test, so the schema cannot grow past what is checked here.
struct SchemaValidator {
    let root: JSONValue

    static let known: Set<String> = [
        "$schema", "$id", "title", "description", "$defs", "type", "enum", "const", "properties", "required",
        "additionalProperties", "items", "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "minLength",
        "maxLength", "pattern", "$ref", "anyOf", "allOf", "if", "then",
    ]

    /// The problems of `value`, as `path: what` texts; empty when it validates.
    func validate(_ value: JSONValue) -> [String] {
        var problems: [String] = []
        check(value, against: root, path: "", into: &problems)
        return problems
    }

    func check(_ value: JSONValue, against schema: JSONValue, path: String, into problems: inout [String]) {
        guard let keywords = schema.members else { return }
        for member in keywords where !Self.known.contains(member.key) {
            problems.append("schema keyword \(member.key) is not supported by the test's validator")
        }
        if case .string(let reference)? = schema["$ref"] {
            let name = String(reference.dropFirst("#/$defs/".count))
            if let target = root["$defs"]?[name] {
                check(value, against: target, path: path, into: &problems)
            } else {
                problems.append("\(path): unknown $ref \(reference)")
            }
        }
        if let type = schema["type"] {
            let allowed: [String] =
                if case .array(let items) = type {
                    items.compactMap { if case .string(let t) = $0 { t } else { nil } }
                } else if case .string(let t) = type { [t] } else { [] }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                problems.append("\(path): not of type \(allowed)")
                return
            }
        }
        if case .array(let options)? = schema["enum"], !options.contains(value) {
            problems.append("\(path): not one of the enum values")
        }
        if let constant = schema["const"], constant != value { problems.append("\(path): not the const value") }
        if case .array(let all)? = schema["allOf"] {
            for sub in all { check(value, against: sub, path: path, into: &problems) }
        }
        if case .array(let any)? = schema["anyOf"] {
            let fits = any.contains { sub in
                var scratch: [String] = []
                check(value, against: sub, path: path, into: &scratch)
                return scratch.isEmpty
            }
            if !fits { problems.append("\(path): matches none of anyOf") }
        }
        if let condition = schema["if"] {
            var scratch: [String] = []
            check(value, against: condition, path: path, into: &scratch)
            if scratch.isEmpty, let then = schema["then"] { check(value, against: then, path: path, into: &problems) }
        }
        switch value {
        case .object(let members):
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where !members.contains(where: { $0.key == key }) {
                    problems.append("\(path).\(key): required")
                }
            }
            let properties = schema["properties"]?.members ?? []
            for member in members {
                if let sub = properties.first(where: { $0.key == member.key }) {
                    check(member.value, against: sub.value, path: "\(path).\(member.key)", into: &problems)
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path).\(member.key): unknown field")
                }
            }
        case .array(let items):
            if let sub = schema["items"] {
                for (index, item) in items.enumerated() {
                    check(item, against: sub, path: "\(path)[\(index)]", into: &problems)
                }
            }
            if case .number(let n)? = schema["minItems"], items.count < Int(n)! { problems.append("\(path): too few") }
            if case .number(let n)? = schema["maxItems"], items.count > Int(n)! { problems.append("\(path): too many") }
            if schema["uniqueItems"] == .bool(true) {
                for index in items.indices where items[..<index].contains(items[index]) {
                    problems.append("\(path)[\(index)]: not unique")
                }
            }
        case .string(let text):
            let length = text.unicodeScalars.count
            if case .number(let n)? = schema["minLength"], length < Int(n)! { problems.append("\(path): too short") }
            if case .number(let n)? = schema["maxLength"], length > Int(n)! { problems.append("\(path): too long") }
            if case .string(let pattern)? = schema["pattern"],
                text.range(of: pattern, options: .regularExpression) == nil
            {
                problems.append("\(path): does not match \(pattern)")
            }
        case .number(let text):
            if let number = Double(text) {
                if case .number(let n)? = schema["minimum"], number < Double(n)! { problems.append("\(path): < min") }
                if case .number(let n)? = schema["maximum"], number > Double(n)! { problems.append("\(path): > max") }
            }
        case .bool, .null:
            break
        }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
            ("number", .number):
            return true
        case ("integer", .number(let text)):
            return Int64(text) != nil
        default:
            return false
        }
    }
}
