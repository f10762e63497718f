import ArgumentParser
import BenefitRules
import Foundation
import SantunanApp
import SantunanValues

/// `santunan-bench rules`: claims computed per second on one core (a realistic mix of parsed cases in memory, and
/// JSON bytes in → JSON bytes out), then the two OpenFisca peer formulas (JKK death, JKM) computed by the engine over
/// generated persons, side by side with the OpenFisca peer run in the same process tree.
///
/// Everything runs on the calling thread (one core); the recorded figures live in `docs/benchmarks.md`.
struct RulesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Benefit rules engine: claims/s (in memory and JSON to JSON) and the OpenFisca peer formulas.")

    @Option(help: "Timed runs per figure (the median is reported).")
    var runs = 7

    @Option(help: "Generated cases in the realistic mix.")
    var mixCases = 20_000

    @Option(help: "Generated persons for the two peer formulas.")
    var persons = 1_000_000

    @Option(help: "Single cases timed one at a time for the per-case latency.")
    var singleCases = 100_000

    @Option(
        name: .customLong("peer-openfisca"),
        help: "The OpenFisca peer script (default ../shared/bench/peers/run-openfisca.sh).")
    var peerOpenFisca: String?

    @Option(help: "Timed runs of the OpenFisca peer.")
    var peerRuns = 3

    @Flag(help: "Do not run the OpenFisca peer.")
    var skipPeer = false

    @Option(help: "Profile one part only: memory (the mix in memory) or json (the mix end to end).")
    var only: String?

    func run() throws {
        let paths = try ProjectPaths.discover()
        let parameters = try RuleConfig.load(from: paths.config)
        let calculator = try ClaimCalculator(parameters: parameters)
        print("santunan-bench rules — \(machineDescription())")
        print("release build, single thread (one core); median of \(runs) runs")
        print("")

        // (a) + (b): the realistic mix.
        var generator = SeededRandom(seed: 20_261_123)
        let mix = RealisticMix.generate(count: mixCases, using: &generator)
        let parsed = try mix.map { try Case.parse($0.bytes) }
        print("realistic mix: \(mixCases) generated cases, \(RealisticMix.describe(mix))")
        if let only {
            let figure =
                only == "json"
                ? measure(runs: runs, count: mix.count) { endToEndAll(mix.map(\.bytes), calculator) }
                : measure(runs: runs, count: parsed.count) { computeAll(parsed, calculator) }
            print("  \(only): \(rate(figure)) claims/s")
            return
        }
        let inMemory = measure(runs: runs, count: parsed.count) { computeAll(parsed, calculator) }
        print(
            "  (a) in memory, parsed cases:        \(rate(inMemory)) claims/s "
                + "(target: at least 1,000,000 on one core) \(verdict(median(inMemory) >= 1_000_000))")
        for kind in RealisticMix.Kind.allCases {
            let subset = zip(mix, parsed).filter { $0.0.kind == kind }.map(\.1)
            guard !subset.isEmpty else { continue }
            let figure = measure(runs: runs, count: subset.count) { computeAll(subset, calculator) }
            print("        \(kind.label.padding(toLength: 30, withPad: " ", startingAt: 0)) \(rate(figure)) claims/s")
        }
        let mixBytes = mix.map(\.bytes)
        let endToEnd = measure(runs: runs, count: mixBytes.count) { endToEndAll(mixBytes, calculator) }
        print(
            "  (b) JSON bytes in → JSON bytes out: \(rate(endToEnd)) claims/s "
                + "(in-memory / end-to-end = \(ratio(inMemory, endToEnd)); target: within 5×) "
                + verdict(median(inMemory) <= 5 * median(endToEnd)))

        let files = try caseFiles(paths.cases)
        let fileCases = files.compactMap { try? Case.parse($0) }
        let repeatFiles = max(1, 20_000 / max(files.count, 1))
        let sharedBytes = Array(repeating: files, count: repeatFiles).flatMap { $0 }
        let sharedParsed = Array(repeating: fileCases, count: repeatFiles).flatMap { $0 }
        let sharedInMemory = measure(runs: runs, count: sharedParsed.count) { computeAll(sharedParsed, calculator) }
        let sharedEndToEnd = measure(runs: runs, count: sharedBytes.count) { endToEndAll(sharedBytes, calculator) }
        print("shared case files (cases/*.case.json, \(files.count) files, each repeated \(repeatFiles)×):")
        print("      in memory, parsed cases:        \(rate(sharedInMemory)) claims/s")
        print(
            "      JSON bytes in → JSON bytes out: \(rate(sharedEndToEnd)) claims/s "
                + "(in-memory / end-to-end = \(ratio(sharedInMemory, sharedEndToEnd)))")
        print("")

        // (c): the two peer formulas.
        let peer = try peerFormulas(calculator)
        print("")

        // (d): the OpenFisca peer, in the same run.
        guard !skipPeer else {
            print("OpenFisca peer: skipped (--skip-peer)")
            return
        }
        let script = peerOpenFisca ?? paths.root.appendingPathComponent("../shared/bench/peers/run-openfisca.sh").path
        guard FileManager.default.fileExists(atPath: script) else {
            print("OpenFisca peer: skipped, \(script) is absent (pass --peer-openfisca PATH)")
            return
        }
        let arguments = ["--n", String(persons), "--cases", "1000", "--runs", String(peerRuns)]
        print("OpenFisca peer: \(script) \(arguments.joined(separator: " "))")
        guard let output = runPeer(script, arguments) else {
            print("OpenFisca peer: the script failed; no comparison")
            return
        }
        for line in output.split(separator: "\n") { print("  | \(line)") }
        let openFiscaBatch = number(after: "load+compute persons/s median", in: output)
        let openFiscaPerCase = number(after: "per-case [api] x1000: median", in: output)
        print("")
        print("side by side (JKK death + JKM formulas):")
        if let openFiscaBatch {
            print(
                "  batch, set-up included: santunan \(rate(peer.batchPersonsPerSecond)) persons/s, "
                    + "OpenFisca \(rate(openFiscaBatch)) persons/s → "
                    + String(format: "%.1f× faster", peer.batchPersonsPerSecond / openFiscaBatch)
                    + " (target: faster) " + verdict(peer.batchPersonsPerSecond > openFiscaBatch))
        }
        if let openFiscaPerCase {
            print(
                "  one case at a time:     santunan \(String(format: "%.3f", peer.perCaseMicroseconds)) µs/case "
                    + "(full claim \(String(format: "%.2f", peer.fullClaimMicroseconds)) µs), OpenFisca "
                    + "\(String(format: "%.1f", openFiscaPerCase)) µs/case → "
                    + String(format: "%.0f× lower", openFiscaPerCase / peer.perCaseMicroseconds)
                    + String(format: " (full claim %.0f× lower)", openFiscaPerCase / peer.fullClaimMicroseconds)
                    + " (target: at least 50× lower) " + verdict(openFiscaPerCase >= 50 * peer.perCaseMicroseconds))
        }
    }

    // MARK: - Measurements

    /// Runs `body` once to warm up, then `runs` times; returns the per-run rates (items per second).
    func measure(runs: Int, count: Int, _ body: () -> Int) -> [Double] {
        var sink = body()
        var rates: [Double] = []
        for _ in 0..<runs {
            let start = monotonicSeconds()
            sink &+= body()
            rates.append(Double(count) / (monotonicSeconds() - start))
        }
        if sink == 42 { print("") }  // Keeps the results alive.
        return rates
    }

    func rate(_ rates: [Double]) -> String { rate(median(rates)) }

    func rate(_ value: Double) -> String {
        let whole = Int(value.rounded())
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return (digits + grouped).leftPadded(to: 11)
    }

    func ratio(_ numerator: [Double], _ denominator: [Double]) -> String {
        String(format: "%.1f×", median(numerator) / median(denominator))
    }

    /// Computes every case; returns a checksum of the totals. Never inlined, so that callgrind can count it alone
    /// (`--toggle-collect`, docs/benchmarks.md).
    @inline(never)
    func computeAll(_ cases: [Case], _ calculator: ClaimCalculator) -> Int {
        var checksum = 0
        for claim in cases {
            if let result = try? calculator.compute(claim) { checksum &+= Int(truncatingIfNeeded: result.total.value) }
        }
        return checksum
    }

    /// Parses, computes and writes every case file, as `santunan claim compute --json` would (an invalid case
    /// writes its error line); returns the bytes written. Never inlined, as ``computeAll(_:_:)``.
    @inline(never)
    func endToEndAll(_ files: [[UInt8]], _ calculator: ClaimCalculator) -> Int {
        var written = 0
        for bytes in files {
            do {
                let result = try calculator.compute(try Case.parse(bytes))
                written &+= result.jsonBytes().count
            } catch let error as CaseError {
                written &+= error.description.utf8.count
            } catch {
                written &+= String(describing: error).utf8.count
            }
        }
        return written
    }

    func caseFiles(_ folder: URL) throws -> [[UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".case.json") }.sorted()
        return try names.map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    // MARK: - The peer formulas

    struct PeerFigures {
        var batchPersonsPerSecond: Double
        var perCaseMicroseconds: Double
        var fullClaimMicroseconds: Double
    }

    /// JKK death `max(48 × wage, minimum) + funeral + periodic` and JKM `death + funeral + periodic`, read from the
    /// calculator's regime snapshots, over `persons` generated wages (2–8 million, like the peer's).
    func peerFormulas(_ calculator: ClaimCalculator) throws -> PeerFigures {
        let pp82 = CivilDate(year: 2024, month: 1, day: 1)!
        let pp44 = CivilDate(year: 2019, month: 12, day: 1)!
        print("peer formulas (JKK death and JKM lump sums) through the calculator's regime snapshots:")
        for (label, date) in [("event 2019-12-01 (PP 44/2015)", pp44), ("event 2024-01-01 (PP 82/2019)", pp82)] {
            let low = calculator.workAccidentDeathLumpSums(wage: Rupiah(3_000_000), eventDate: date)
            let high = calculator.workAccidentDeathLumpSums(wage: Rupiah(5_000_000), eventDate: date)
            print(
                "  \(label): JKK death (wage Rp 3.000.000) \(low), (wage Rp 5.000.000) \(high); "
                    + "JKM \(calculator.deathLumpSums(eventDate: date))")
        }
        var generator = SeededRandom(seed: 42)
        let wages = (0..<persons).map { _ in Int64(2_000_000 + generator.next() % 6_000_000) }
        // Batch, set-up included: the output columns are allocated and the regime resolved in every timed run.
        var checks: [Int64] = []
        let batch = measure(runs: runs, count: persons) {
            var workAccidentDeath = [Int64](repeating: 0, count: wages.count)
            var death = [Int64](repeating: 0, count: wages.count)
            wages.withUnsafeBufferPointer { wageBuffer in
                workAccidentDeath.withUnsafeMutableBufferPointer { jkk in
                    death.withUnsafeMutableBufferPointer { jkm in
                        calculator.deathLumpSums(wages: wageBuffer, eventDate: pp82, workAccidentDeath: jkk, death: jkm)
                    }
                }
            }
            checks = [workAccidentDeath[0], workAccidentDeath[wages.count - 1], death[0]]
            return Int(truncatingIfNeeded: workAccidentDeath[wages.count / 2] &+ death[wages.count / 3])
        }
        let expectedFirst = max(48 * wages[0], 20_000_000) + 22_000_000
        guard checks.count == 3, checks[0] == expectedFirst, checks[2] == 42_000_000 else {
            throw ValidationError("the batch peer formulas disagree with the PP 82/2019 figures: \(checks)")
        }
        print("  batch over \(persons) persons (columns allocated, regime resolved): \(rate(batch)) persons/s")

        // One case at a time: each person resolves its own regime (event dates alternate between the two regimes).
        let dates = [pp82, pp44]
        let single = measure(runs: runs, count: singleCases) {
            var sum: Int64 = 0
            for index in 0..<singleCases {
                let date = dates[index & 1]
                sum &+= calculator.workAccidentDeathLumpSums(wage: Rupiah(wages[index]), eventDate: date).value
                sum &+= calculator.deathLumpSums(eventDate: date).value
            }
            return Int(truncatingIfNeeded: sum)
        }
        let perCase = 1e6 / median(single)
        print(
            "  one case at a time (\(singleCases) cases, regime looked up per case): "
                + String(format: "%.4f µs/case", perCase))

        // A whole JKK death claim (parsed case → result: heirs, documents, lines, warnings), for an honest per-case.
        let claim = try Case.parse(Array(RealisticMix.minimalWorkAccidentDeath.utf8))
        let full = measure(runs: runs, count: singleCases) {
            var sum = 0
            for _ in 0..<singleCases {
                if let result = try? calculator.compute(claim) { sum &+= Int(result.total.value) }
            }
            return sum
        }
        let fullClaim = 1e6 / median(full)
        print(
            "  one whole JKK-death claim at a time (parsed case, no history): "
                + String(format: "%.3f µs/claim", fullClaim))
        return PeerFigures(
            batchPersonsPerSecond: median(batch), perCaseMicroseconds: perCase, fullClaimMicroseconds: fullClaim)
    }

    // MARK: - The OpenFisca peer

    func runPeer(_ script: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The number after `marker` on the line that holds it (`median 10,412,000 …` → 10412000).
    func number(after marker: String, in output: String) -> Double? {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: marker) else { continue }
            let rest = line[range.upperBound...].drop { $0 == " " }
            let token = rest.prefix { $0.isNumber || $0 == "," || $0 == "." }.filter { $0 != "," }
            return Double(token)
        }
        return nil
    }
}

/// The realistic mix of a branch office's claims: event types weighted by their share of the caseload, each with a
/// contribution history of typical length (see docs/benchmarks.md, "rules").
enum RealisticMix {
    enum Kind: CaseIterable {
        case resignation, partialWithdrawal, oldAge, workAccident, death, workAccidentDeath

        /// Cases per 100 claims.
        var weight: UInt64 {
            switch self {
            case .resignation: return 70
            case .partialWithdrawal: return 4
            case .oldAge: return 6
            case .workAccident: return 12
            case .death: return 6
            case .workAccidentDeath: return 2
            }
        }

        /// History length in months (uniform in the range).
        var historyMonths: ClosedRange<Int> {
            switch self {
            case .resignation: return 6...120
            case .partialWithdrawal: return 120...240
            case .oldAge: return 120...300
            case .workAccident: return 0...0
            case .death: return 12...240
            case .workAccidentDeath: return 12...120
            }
        }

        var label: String {
            switch self {
            case .resignation: return "JHT resignation/layoff"
            case .partialWithdrawal: return "JHT partial withdrawal"
            case .oldAge: return "old age (JHT + JP)"
            case .workAccident: return "JKK work accident"
            case .death: return "JKM death (+ JHT, JP)"
            case .workAccidentDeath: return "JKK death (+ JHT, JP)"
            }
        }
    }

    struct Sample {
        var kind: Kind
        var months: Int
        var bytes: [UInt8]
    }

    static func generate(count: Int, using generator: inout SeededRandom) -> [Sample] {
        (0..<count).map { index in
            var pick = generator.next() % 100
            var kind = Kind.resignation
            for candidate in Kind.allCases {
                if pick < candidate.weight {
                    kind = candidate
                    break
                }
                pick -= candidate.weight
            }
            let range = kind.historyMonths
            let months = range.lowerBound + Int(generator.next() % UInt64(range.count))
            let text = json(kind: kind, months: months, index: index, using: &generator)
            return Sample(kind: kind, months: months, bytes: Array(text.utf8))
        }
    }

    static func describe(_ samples: [Sample]) -> String {
        let months = samples.reduce(0) { $0 + $1.months }
        let bytes = samples.reduce(0) { $0 + $1.bytes.count }
        return "mean history \(months / max(samples.count, 1)) months, mean file \(bytes / max(samples.count, 1)) bytes"
    }

    static func date(_ date: CivilDate) -> String { "\"\(date)\"" }

    /// One case file of `kind` with `months` monthly contribution rows ending at the event.
    static func json(kind: Kind, months: Int, index: Int, using generator: inout SeededRandom) -> String {
        let serial = String(100_000 + index)
        let nik = "3275010101" + serial.suffix(6)
        let wage = Int64(2_000_000 + (generator.next() % 120) * 50_000)
        let eventYear = 2020 + Int(generator.next() % 6)
        let event = CivilDate(
            year: eventYear, month: 1 + Int(generator.next() % 12), day: 1 + Int(generator.next() % 28))!
        let start = event.yearMonth.advanced(by: -max(months, 1)).firstDay
        let claim = event.adding(days: 5 + Int(generator.next() % 60))
        var programs = ["JKK", "JKM", "JHT", "JP"]
        var eventType: String
        var end = "null"
        var eventMembership = "null"
        var accident = "null"
        var heirs = "[]"
        var birth = CivilDate(year: eventYear - 25 - Int(generator.next() % 20), month: 3, day: 15)!
        let kpj = "1" + serial + "0001"
        switch kind {
        case .resignation:
            eventType = generator.next() % 10 < 7 ? "resignation" : "layoff"
            end = date(event)
        case .partialWithdrawal:
            eventType = "jht_partial_withdrawal"
        case .oldAge:
            eventType = "old_age"
            birth = CivilDate(year: eventYear - 60, month: event.month, day: event.day)!
        case .workAccident:
            eventType = "work_accident"
            programs = ["JKK", "JKM"]
            eventMembership = "\"\(kpj)\""
            let incapacity = generator.next() % 4
            let medical = 1_000_000 + (generator.next() % 40) * 500_000
            let injury = generator.next() % 4 == 0 ? "{\"code\": \"index_finger_right\"}" : ""
            accident = """
                {"incapacity_months": \(incapacity), "injuries": [\(injury)], "left_handed": false,
                 "transport": [{"mode": "land", "amount": 750000}], "home_care": 0, "medical": \(medical),
                 "total_permanent": false}
                """
        case .death, .workAccidentDeath:
            eventType = kind == .death ? "death" : "work_accident_death"
            if kind == .workAccidentDeath { eventMembership = "\"\(kpj)\"" }
            var documents = [
                "death_certificate", "family_card", "heir_certificate", "marriage_certificate", "id_card", "bank_book",
            ]
            if kind == .workAccidentDeath { documents += ["accident_report", "medical_certificate", "wage_list"] }
            let childBirth = CivilDate(year: eventYear - 9, month: 6, day: 1)!
            heirs = """
                [{"nik": "3275014101\(serial.suffix(6))", "name": "Spouse \(serial)", "relation": "spouse",
                  "birth_date": "\(birth.adding(years: 2))", "payee": true,
                  "bank_account": {"bank_bic": "BRINIDJA", "number": "01\(serial)", "holder": "Spouse \(serial)"},
                  "documents": [\(documents.map { "\"\($0)\"" }.joined(separator: ", "))]},
                 {"nik": "3275013001\(serial.suffix(6))", "name": "Child \(serial)", "relation": "child",
                  "birth_date": "\(childBirth)", "payee": false, "documents": [],
                  "education": {"level": "SD", "grade": 3}}]
                """
        }
        var rows: [String] = []
        rows.reserveCapacity(months)
        var month = start.yearMonth
        for _ in 0..<months {
            let paid = month.advanced(by: 1).firstDay.adding(days: 13)
            rows.append("{\"month\": \"\(month)\", \"wage\": \(wage), \"paid_on\": \"\(paid)\"}")
            month = month.advanced(by: 1)
        }
        let contributions = kind == .workAccident ? "" : "\"contributions\": [\(rows.joined(separator: ",\n"))],"
        return """
            {"case_id": "MIX-\(serial)", "claim_date": "\(claim)",
             "participant": {"nik": "\(nik)", "name": "Participant \(serial)", "birth_date": "\(birth)", "sex": "M",
              "marital_status": "married",
              "memberships": [{"kpj": "\(kpj)", "segment": "PU",
                "employer": {"npp": "NN\(serial)", "name": "PT Contoh \(serial)", "kind": "company"},
                "start": "\(start)", "end": \(end), "programs": [\(programs.map { "\"\($0)\"" }.joined(separator: ", "))],
                "risk_group": "II", "reported_wage": \(wage), \(contributions) "sponsor": null}],
              "jht_balance_statement": null},
             "event": {"type": "\(eventType)", "date": "\(event)", "membership": \(eventMembership),
              "accident": \(accident)},
             "heirs": \(heirs)}
            """
    }

    /// A JKK death claim without history (JKK only), for the per-case latency of a whole claim.
    static let minimalWorkAccidentDeath = """
        {"case_id": "PEER-1", "claim_date": "2024-02-01",
         "participant": {"nik": "3275010101900001", "name": "Peer Person", "birth_date": "1990-01-01",
          "memberships": [{"kpj": "10000000001", "segment": "PU",
            "employer": {"npp": "NN000001", "name": "PT Peer", "kind": "company"}, "start": "2015-01-01",
            "programs": ["JKK"], "reported_wage": 5000000}]},
         "event": {"type": "work_accident_death", "date": "2024-01-10", "membership": "10000000001"},
         "heirs": [{"nik": "3275014101900002", "name": "Peer Spouse", "relation": "spouse", "payee": true,
          "documents": ["death_certificate", "family_card", "heir_certificate", "marriage_certificate", "id_card",
            "bank_book", "accident_report", "medical_certificate", "wage_list"]}]}
        """
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
