import BenefitRules
import ClaimStore
import Foundation
import HeirQueue
import Logging
import Postgres
import SantunanApp
import SantunanTestSupport

/// Shared fixtures of the queue tests: the project paths, the rules, migrated databases and generated cases.
enum QueueFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let paths = ProjectPaths(root: repository)
    static let logger = TestLogging.logger("santunan.heir-queue-tests")

    /// The calculator over `config/`, built once.
    static let calculator: ClaimCalculator = {
        do {
            return try ClaimFiles.calculator(paths: paths)
        } catch {
            fatalError("config/ does not load: \(error)")
        }
    }()

    static var computer: HeirSubmissionComputer { HeirSubmissionComputer(calculator: calculator) }

    /// A fresh database of the shared test cluster with the schema applied; returns its conninfo.
    static func migratedDatabase() throws -> String {
        try TestDatabase.shared.migratedDatabase()
    }

    static func migrate(_ conninfo: String) throws {
        let connection = try Connection(conninfo, logger: logger)
        defer { connection.close() }
        try DatabaseTarget(conninfo: conninfo, embedded: nil).migrate(connection, paths: paths, logger: logger)
    }

    /// The shared worked cases that are valid and computable (the invalid ones are refused at submission).
    static let sharedCases: [(name: String, text: String)] = {
        let directory = repository.appendingPathComponent("cases")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".case.json") && !$0.hasPrefix("invalid") }.sorted().compactMap { name in
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8),
                let claim = try? Case.parse(text), (try? calculator.compute(claim)) != nil
            else { return nil }
            return (name, text)
        }
    }()

    /// A submission of the case file `text` by `user`.
    static func submission(_ text: String, user: String = "officer-test") throws -> NewSubmission {
        let claim = try Case.parse(text)
        return NewSubmission(
            caseID: claim.caseID, caseDocument: text, participantNIK: claim.participant.nik, kpj: claim.eventKPJ,
            eventType: claim.event.type.rawValue, eventDate: claim.event.date.description,
            claimDate: claim.claimDate.description, submittedBy: user)
    }

    /// Submits `text` through the application's use case (case + job in one transaction).
    @discardableResult
    static func submit(_ text: String, queue: JobQueue, on connection: Connection) throws -> SubmissionReceipt {
        try SubmissionService.submit(try submission(text), queue: queue, on: connection)
    }

    /// The text of a shared case by file name.
    static func sharedCase(_ name: String) -> String {
        sharedCases.first { $0.name == name }!.text
    }
}

/// Many distinct valid cases derived from the shared ones: new case_id, participant NIK and KPJs, and the event
/// date moved back by up to two days when the case stays valid that way.
enum CaseVariants {
    static func generate(count: Int, tag: String) -> [String] {
        let bases = QueueFixtures.sharedCases
        var variants: [String] = []
        variants.reserveCapacity(count)
        for index in 0..<count {
            let base = bases[index % bases.count].text
            let claim = try! Case.parse(base)
            var text = base
            text = text.replacingOccurrences(
                of: "\"\(claim.caseID)\"", with: "\"\(tag)-\(String(format: "%06d", index))\"")
            text = text.replacingOccurrences(
                of: "\"\(claim.participant.nik)\"",
                with: "\"\(claim.participant.nik.prefix(6))\(String(format: "%010d", index))\"")
            for (membershipIndex, membership) in claim.participant.memberships.enumerated() {
                let kpj = "9\(membershipIndex)\(String(format: "%09d", index))"
                text = text.replacingOccurrences(of: "\"\(membership.kpj)\"", with: "\"\(kpj)\"")
            }
            let shift = index % 3
            if shift > 0, let shifted = shiftEventDate(text, byDays: -shift), let parsed = try? Case.parse(shifted),
                (try? QueueFixtures.calculator.compute(parsed)) != nil
            {
                text = shifted
            }
            variants.append(text)
        }
        return variants
    }

    /// Moves the `date` of the `event` object.
    static func shiftEventDate(_ text: String, byDays days: Int) -> String? {
        guard let eventRange = text.range(of: "\"event\"") else { return nil }
        let tail = text[eventRange.upperBound...]
        guard let dateKey = tail.range(of: "\"date\"") else { return nil }
        let afterKey = text[dateKey.upperBound...]
        guard let open = afterKey.firstIndex(of: "\"") else { return nil }
        let valueStart = text.index(after: open)
        guard let valueEnd = text[valueStart...].firstIndex(of: "\""),
            let date = CivilDate(iso: text[valueStart..<valueEnd])
        else { return nil }
        return text.replacingCharacters(in: valueStart..<valueEnd, with: date.adding(days: days).description)
    }
}
