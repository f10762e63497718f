import ClaimStore
import Foundation
import Postgres
import SantunanApp
import SantunanTestSupport
import Testing

/// A seeded fuzz of the CSV doors (issue 15): mutated sample files are imported into a real database; each must be
/// stored or refused with one ``ImportError`` (exit 65, one line, control characters escaped), and a refused file
/// writes no row. Deterministic (fixed seed) and bounded (a few hundred files, seconds).
@Suite struct ImportFuzzTests {
    static let tables = [
        "employer", "participant", "membership", "wage_report", "contribution", "sponsor", "sponsor_window",
        "sponsor_cover", "import_file",
    ]

    /// Every table's row count, in one query.
    static func counts(_ connection: Connection) throws -> [Int] {
        let sql = tables.map { "(SELECT count(*) FROM \($0))" }.joined(separator: ", ")
        let result = try connection.execute(SQL("SELECT " + sql))
        return try (0..<tables.count).map { try result.decode(Int.self, row: 0, column: $0) }
    }

    /// The sample files (small: 12 participants, 2 years) and the fixture's hand-written ones, as bytes by kind.
    static func seeds(_ fixture: ImportFixture) throws -> [(ImportKind, [UInt8])] {
        let sample = fixture.directory.url.appendingPathComponent("sample")
        _ = try SampleGenerator(participants: 12, years: 2, seed: 15).write(to: sample)
        var seeds: [(ImportKind, [UInt8])] = []
        for kind in ImportKind.allCases {
            let data = try Data(contentsOf: sample.appendingPathComponent("\(kind.rawValue).csv"))
            // The first 40 lines keep each import to milliseconds; the mutations reach every column of them.
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(40)
            seeds.append((kind, Array(lines.joined(separator: [0x0A])) + [0x0A]))
        }
        seeds.append((.employers, Array(ImportFixture.employers.utf8)))
        seeds.append((.participants, Array(ImportFixture.participants.utf8)))
        seeds.append((.contributions, Array(ImportFixture.contributions.utf8)))
        return seeds
    }

    @Test func mutatedCSVFilesAreStoredOrRefusedWithOneLineAndNoRowWritten() throws {
        let fixture = try ImportFixture()
        let seeds = try Self.seeds(fixture)
        // The references the other kinds need: the sample's employers and participants, stored first.
        for kind in [ImportKind.employers, .participants] {
            for (seedKind, bytes) in seeds where seedKind == kind {
                _ = try fixture.importer.importFile(
                    kind,
                    path: try fixture.file("base-\(kind)-\(bytes.count).csv", String(decoding: bytes, as: UTF8.self)))
            }
        }
        var mutator = SeededMutator(seed: 0x15_2026_1206)
        let started = Date()
        var refused = 0
        var stored = 0
        for iteration in 0..<600 {
            let (kind, seed) = seeds[mutator.below(seeds.count)]
            let input = mutator.mutate(seed)
            let path = fixture.directory.url.appendingPathComponent("fuzz-\(iteration).csv").path
            try Data(input).write(to: URL(fileURLWithPath: path))
            let before = try Self.counts(fixture.connection)
            do {
                _ = try fixture.importer.importFile(kind, path: path)
                stored += 1
            } catch let error as ImportError {
                refused += 1
                #expect(error.code != .fileUnreadable, "iteration \(iteration): \(error)")
                let message = "error: \(error.description)"
                #expect(
                    !message.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) },
                    "iteration \(iteration): a control character in \(message.debugDescription)")
                #expect(try Self.counts(fixture.connection) == before, "iteration \(iteration) wrote rows: \(error)")
            } catch {
                Issue.record("iteration \(iteration) (\(kind)): not an ImportError (exit 69/70): \(error)")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(refused > 100 && stored > 10, "refused \(refused), stored \(stored)")
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test func theCLIRefusesMutatedFilesWithExit65AndExactlyOneErrorLine() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        let runner = CLIRunner(environment: ["SANTUNAN_FIXED_CLOCK": "2049-12-31T09:00:00+07:00"])
        var mutator = SeededMutator(seed: 65)
        let seed = Array(ImportFixture.contributions.utf8)
        // The faults of issue 15 first (a NUL, raw escape codes, 1900 and 15-digit values), then mutations.
        var inputs: [[UInt8]] = [
            Array(
                "kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on\n14007825461,2022-01,3880000,0,0,0,\u{0}0,2022-02-15,\n"
                    .utf8),
            Array(
                "kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on\n14007825461,\"\u{1B}[2J\u{1B}[31m\nX\",1,0,0,0,0,2022-02-15,\n"
                    .utf8),
            Array(
                "kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on\n14007825461,1900-01,3880000,0,0,0,0,1900-02-15,\n"
                    .utf8),
            Array(
                "kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on\n14007825461,2022-01,999999999999999,0,0,0,0,2022-02-15,\n"
                    .utf8),
        ]
        while inputs.count < 12 { inputs.append(mutator.mutate(seed)) }
        for (index, input) in inputs.enumerated() {
            let path = fixture.directory.url.appendingPathComponent("cli-\(index).csv").path
            try Data(input).write(to: URL(fileURLWithPath: path))
            let before = try Self.counts(fixture.connection)
            let outcome = try runner.run(["import", "contributions", path, "--database-url", fixture.conninfo])
            if outcome.status == 0 { continue }
            #expect(outcome.status == 65, "input \(index): exit \(outcome.status): \(outcome.stderr)")
            let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            #expect(
                lines.count == 1 && lines[0].hasPrefix("error: "), "input \(index): \(outcome.stderr.debugDescription)")
            #expect(!outcome.stderr.unicodeScalars.contains { $0.value < 0x20 && $0.value != 0x0A })
            #expect(try Self.counts(fixture.connection) == before)
            if index < 4 { #expect(outcome.stderr.hasPrefix("error: line 2"), "\(outcome.stderr)") }
        }
    }
}
