import BenefitRules
import Foundation
import Postgres
import SantunanApp
import SantunanValues
import Testing
import SantunanTestSupport

/// Issue 15: a seeded mutator over the shipped cases. Whatever a careless user or an attacker writes into a case
/// file, `claim compute` ends in success or in exactly one `error: <field>: <reason>` line with exit 65 — never a
/// trap, never another status, never a second line. The same mutated inputs check that the fast case reader and the
/// validating reader agree (docs/decisions/0013-identity-and-bounds.md).
@Suite struct CaseFuzzTests {
    /// The day the CLI would read the cases on (the shipped cases are dated up to 2030, so a third of the inputs is
    /// read on a day that lets them through).
    static let days = [
        CivilDate(year: 2026, month: 12, day: 6)!, CivilDate(year: 2031, month: 1, day: 1)!, nil,
    ]
    static let inputs = 3000
    static let binarySample = 50

    /// SplitMix64: small, fast, the same sequence on every machine.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static var shippedCases: [[UInt8]] {
        let root = CLIRunner.repository.appendingPathComponent("cases")
        var files: [URL] = []
        for folder in [root, root.appendingPathComponent("extra")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            files += names.filter { $0.hasSuffix(".case.json") }.sorted().map { folder.appendingPathComponent($0) }
        }
        return files.compactMap { try? Data(contentsOf: $0) }.map { Array($0) }
    }

    // MARK: - Mutations

    static let extremeDates = [
        "0001-01-01", "1899-12-31", "1900-01-01", "1949-12-31", "1977-01-01", "2027-12-07", "2050-12-31",
        "2051-01-01", "2500-12-31", "2512-01-01", "9999-12-31",
    ]
    static let extremeNumbers = [
        "0", "-1", "1", "1000000000", "1000000001", "1000000000000", "1000000000001", "999999999999999",
        "9223372036854775807", "9223372036854775808", "1e3", "1.5", "-0",
    ]
    static let strings = [
        String(repeating: "X", count: 100_000), "\u{1B}[31mred", "line\nerror: forged", "", "\u{7F}", "\u{85}",
        "3200000000000001", "other_finger_right", "arm_right_from_shoulder",
    ]

    /// Every node of the tree in preorder, counted, so one can be picked uniformly.
    static func count(_ value: JSONValue) -> Int {
        switch value {
        case .object(let members): return 1 + members.reduce(0) { $0 + count($1.value) }
        case .array(let items): return 1 + items.reduce(0) { $0 + count($1) }
        default: return 1
        }
    }

    /// `value` with node `target` (preorder) changed by `change`.
    static func mutate(
        _ value: JSONValue, _ target: inout Int, _ change: (JSONValue) -> JSONValue
    ) -> JSONValue {
        if target == 0 {
            target -= 1
            return change(value)
        }
        target -= 1
        switch value {
        case .object(let members):
            var result: [JSONMember] = []
            for member in members {
                result.append(
                    JSONMember(
                        key: member.key, value: target >= 0 ? mutate(member.value, &target, change) : member.value))
            }
            return .object(result)
        case .array(let items):
            return .array(items.map { target >= 0 ? mutate($0, &target, change) : $0 })
        default:
            return value
        }
    }

    static func treeMutation(_ value: JSONValue, _ random: inout Generator) -> JSONValue {
        var target = random.below(count(value))
        let kind = random.below(8)
        var local = random
        let result = mutate(value, &target) { node in
            switch (kind, node) {
            case (0, .object(var members)) where !members.isEmpty:
                // A duplicate key, with the value of another member.
                let index = local.below(members.count)
                members.insert(
                    JSONMember(key: members[index].key, value: members[local.below(members.count)].value),
                    at: local.below(members.count + 1))
                return .object(members)
            case (1, .array(var items)) where !items.isEmpty:
                items.remove(at: local.below(items.count))
                return .array(items)
            case (2, .array(var items)) where !items.isEmpty:
                let index = local.below(items.count)
                items.insert(items[index], at: index)
                return .array(items)
            case (3, .string(let text)) where text.count == 10 && text.dropFirst(4).first == "-":
                return .string(local.pick(extremeDates))
            case (4, .number):
                return .number(local.pick(extremeNumbers))
            case (5, .string):
                return .string(local.pick(strings))
            case (6, .object(var members)) where !members.isEmpty:
                members.remove(at: local.below(members.count))
                return .object(members)
            case (7, _):
                return .null
            default:
                return .string(local.pick(extremeDates))
            }
        }
        random = local
        return result
    }

    static func byteMutation(_ bytes: [UInt8], _ random: inout Generator) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var bytes = bytes
        switch random.below(4) {
        case 0:
            // Flip a digit.
            let digits = bytes.indices.filter { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
            if !digits.isEmpty { bytes[random.pick(digits)] = UInt8(0x30 + random.below(10)) }
        case 1:
            bytes = Array(bytes[..<random.below(bytes.count)])
        case 2:
            bytes.insert(
                random.pick([0x00, 0x07, 0x0A, 0x1B, 0x7F, 0xC2, 0xFF, 0x22, 0x5C]), at: random.below(bytes.count))
        default:
            bytes.insert(contentsOf: Array("\"x\":1,".utf8), at: random.below(bytes.count))
        }
        return bytes
    }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            return "{" + members.map { quote($0.key) + ": " + render($0.value) }.joined(separator: ", ") + "}"
        case .array(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .string(let text): return quote(text)
        case .number(let lexeme): return lexeme
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// The deterministic inputs: one to three mutations of a shipped case each.
    static func makeInputs() -> [(bytes: [UInt8], today: CivilDate?)] {
        let cases = shippedCases
        var random = Generator(state: 15)
        var inputs: [(bytes: [UInt8], today: CivilDate?)] = []
        for index in 0..<CaseFuzzTests.inputs {
            var bytes = cases[index % cases.count]
            for _ in 0...random.below(3) {
                if random.below(3) > 0, let tree = try? JSONReader.parse(bytes) {
                    bytes = Array(render(treeMutation(tree, &random)).utf8)
                } else {
                    bytes = byteMutation(bytes, &random)
                }
            }
            inputs.append((bytes, days[index % days.count]))
        }
        return inputs
    }

    // MARK: - The outcome the contract allows

    /// The one stderr line of a refused case, or `nil` when the case computes; records an issue for any other end.
    static func outcome(_ bytes: [UInt8], today: CivilDate?, calculator: ClaimCalculator, file: URL) -> String? {
        do {
            try Data(bytes).write(to: file)
            let claim = try ClaimFiles.readCase(at: file.path, today: today)
            _ = try ClaimFiles.compute(claim, with: calculator)
            return nil
        } catch let error as AppError {
            #expect(error.status == .invalidData, "\(error)")
            return "error: \(error.description)"
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    static func checkLine(_ line: String) {
        #expect(!line.contains("\n") && !line.contains("\r"), "\(line.prefix(200))")
        #expect(line.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
        #expect(line.count < 1200, "\(line.prefix(200))")
        // `error: <field>: <reason>`; only a document that is not JSON, or not an object, has no field.
        let body = line.dropFirst("error: ".count)
        let documentLevel = body.hasPrefix("invalid JSON") || body == "the case file must be a JSON object"
        #expect(line.hasPrefix("error: ") && (body.contains(": ") || documentLevel), "\(line)")
    }

    @Test func mutatedCasesComputeOrGiveOneErrorLine() throws {
        let paths = ProjectPaths(root: CLIRunner.repository)
        let calculator = try ClaimFiles.calculator(paths: paths)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("case.json")
        var computed = 0
        // Every shipped case as it is (on each day), then the mutated ones.
        let shipped = CaseFuzzTests.shippedCases.flatMap { bytes in CaseFuzzTests.days.map { (bytes: bytes, today: $0) } }
        for input in shipped + CaseFuzzTests.makeInputs() {
            if let line = CaseFuzzTests.outcome(input.bytes, today: input.today, calculator: calculator, file: file) {
                CaseFuzzTests.checkLine(line)
            } else {
                computed += 1
            }
            // The fast reader (first) and the validating reader (alone, on the tree) decide alike.
            let direct = Result { () throws(CaseError) in try Case.parse(input.bytes, today: input.today) }
            let tree = Result { () throws(CaseError) -> Case in
                let document: JSONValue
                do throws(JSONSyntaxError) {
                    document = try JSONReader.parse(input.bytes)
                } catch {
                    if let path = error.duplicateKeyPath {
                        throw CaseError(.duplicateKey, path: path, reason: "duplicate key")
                    }
                    throw CaseError(.syntax, path: "", reason: error.description(in: input.bytes))
                }
                return try Case.parse(document, today: input.today)
            }
            switch (direct, tree) {
            case (.success(let a), .success(let b)): #expect(a == b)
            case (.failure(let a), .failure(let b)): #expect(a.description == b.description)
            default: Issue.record("the readers disagree: \(direct) vs \(tree)")
            }
        }
        // The mutator must leave some cases valid, or it tests only the refusals.
        #expect(computed > 100)
    }

    /// The built binary on a sample: exit 0, or 65 with exactly one `error:` line on stderr.
    @Test func theBinaryGivesTheSameContract() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-fuzz-cli-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputs = CaseFuzzTests.makeInputs()
        let today = CivilDate(year: 2026, month: 12, day: 6)!
        let calculator = try ClaimFiles.calculator(paths: ProjectPaths(root: CLIRunner.repository))
        let cli = CLIRunner(environment: ["SANTUNAN_FIXED_CLOCK": "2026-12-06T09:00:00+07:00"])
        var run = 0
        for index in stride(from: 0, to: inputs.count, by: 7) where run < CaseFuzzTests.binarySample {
            let file = directory.appendingPathComponent("case-\(index).json")
            try Data(inputs[index].bytes).write(to: file)
            // A case whose history must come from the database (RULEBOOK §2.3) is left out: this test has none.
            var needsDatabase = false
            if let claim = try? ClaimFiles.readCase(at: file.path, today: today) {
                _ = try? ClaimFiles.compute(claim, with: calculator) { () throws(AppError) -> Connection in
                    needsDatabase = true
                    throw AppError(.databaseUnavailable, field: "database", reason: "none in this test")
                }
            }
            if needsDatabase { continue }
            run += 1
            let outcome = try cli.run(["claim", "compute", file.path])
            #expect([0, 65].contains(outcome.status), "input \(index): \(outcome.stderr.prefix(300))")
            if outcome.status == 65 {
                let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter {
                    !$0.isEmpty
                }
                #expect(lines.count == 1, "input \(index): \(outcome.stderr.prefix(300))")
                if let line = lines.first { CaseFuzzTests.checkLine(String(line)) }
            }
        }
        #expect(run == CaseFuzzTests.binarySample)
    }
}
