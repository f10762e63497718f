import Foundation
import Postgres
import SantunanTestSupport
import SantunanValues
import Testing

@testable import ClaimStore

/// `postgresArrayLiteral(texts:)` builds the arrays every group of submissions binds (the case documents among them),
/// over UTF-8 bytes since Session 8. It is checked here against the plain scalar-by-scalar form it replaced, and
/// against PostgreSQL itself: the server must read back exactly the values given, in order, NULLs included.
@Suite struct ArrayLiteralTests {
    /// The form before Session 8, kept as the reference: each scalar appended, `"` and `\` escaped.
    static func reference(_ values: [String?]) -> String {
        "{"
            + values.map { value -> String in
                guard let value else { return "NULL" }
                var text = "\""
                for scalar in value.unicodeScalars {
                    if scalar == "\"" || scalar == "\\" { text += "\\" }
                    text.unicodeScalars.append(scalar)
                }
                return text + "\""
            }.joined(separator: ",") + "}"
    }

    /// Values made of the characters an array literal treats specially, multi-byte text and plain letters.
    static func values(seed: UInt64, count: Int) -> [String?] {
        let pieces = [
            "\"", "\\", "{", "}", ",", " ", "NULL", "null", "'", "\n", "\t", "é", "中", "🇮🇩", "a", "Rp 42.000.000",
            "\\\"", "\"\"", "",
        ]
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            if random.below(8) == 0 { return nil }
            return (0..<random.below(12)).map { _ in pieces[random.below(pieces.count)] }.joined()
        }
    }

    @Test func itIsTheReferenceLiteralForEveryValue() {
        for seed in 0..<500 as Range<UInt64> {
            let values = Self.values(seed: seed, count: Int(seed % 9))
            #expect(postgresArrayLiteral(texts: values) == Self.reference(values), "seed \(seed)")
        }
    }

    @Test func postgresReadsBackExactlyTheValuesInOrder() throws {
        let connection = try Connection(
            TestDatabase.shared.migratedDatabase(), logger: TestLogging.logger("santunan.test.array-literal"))
        defer { connection.close() }
        let document = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("cases/seed-honorer-jkm-42jt-a.case.json"),
            encoding: .utf8)
        for seed in 0..<40 as Range<UInt64> {
            var values = Self.values(seed: seed, count: 1 + Int(seed % 7))
            if seed % 5 == 0 { values.append(document) }
            let result = try connection.execute(
                """
                SELECT value, value IS NULL FROM unnest(\(postgresArrayLiteral(texts: values))::text[])
                    WITH ORDINALITY AS element(value, position) ORDER BY position
                """)
            var read: [String?] = []
            for row in result {
                read.append(try row.decode(Bool.self, column: 1) ? nil : try row.decode(String.self, column: 0))
            }
            #expect(read == values, "seed \(seed)")
        }
    }
}
