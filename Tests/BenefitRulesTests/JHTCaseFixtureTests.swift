import BenefitRules
import Foundation
import SantunanValues
import Testing

/// A shared case (`cases/NAME.case.json` + `.expected.json`) read into the savings calculators' inputs.
///
/// The JSON is read here with `JSONSerialization` on purpose: these tests check the JHT/JP rules, not the case parser.
struct SavingsCase {
    let participant: Participant
    let eventType: EventType
    let eventDate: CivilDate
    let claimDate: CivilDate
    let totalPermanent: Bool
    let survivors: [JPSurvivorCandidate]
    let expected: [String: Any]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Only the savings files: the tests of this file do not depend on the other programs' configuration.
    static let parameters: ParameterSet = {
        let documents = ["jht.yaml", "jp.yaml"].map { name in
            let url = root.appendingPathComponent("config").appendingPathComponent(name)
            return ConfigLoader.Document(name: name, text: (try? String(contentsOf: url, encoding: .utf8)) ?? "")
        }
        return try! ConfigLoader.load(documents)
    }()

    static let jht = try! JHTCalculator(parameters: parameters)
    static let jp = try! JPCalculator(parameters: parameters)

    init(_ name: String) throws {
        let folder = SavingsCase.root.appendingPathComponent("cases")
        let caseObject = try SavingsCase.object(folder.appendingPathComponent("\(name).case.json"))
        expected = try SavingsCase.object(folder.appendingPathComponent("\(name).expected.json"))
        let person = caseObject["participant"] as! [String: Any]
        var memberships: [Membership] = []
        for entry in person["memberships"] as! [[String: Any]] {
            let employer = entry["employer"] as! [String: Any]
            var rows: [ContributionRow]?
            if let list = entry["contributions"] as? [[String: Any]] {
                rows = list.map { row in
                    ContributionRow(
                        month: YearMonth(iso: row["month"] as! String)!, wage: Rupiah(SavingsCase.integer(row["wage"])),
                        paidOn: SavingsCase.date(row["paid_on"]))
                }
            }
            var sponsor: SponsorWindow?
            if let window = entry["sponsor"] as? [String: Any] {
                sponsor = SponsorWindow(
                    name: window["name"] as! String, kind: .localGovernment, from: SavingsCase.date(window["from"])!,
                    to: SavingsCase.date(window["to"])!,
                    programs: (window["programs"] as! [String]).map { Program(rawValue: $0)! })
            }
            memberships.append(
                Membership(
                    kpj: entry["kpj"] as! String, segment: Segment(rawValue: entry["segment"] as! String)!,
                    employer: Employer(
                        npp: employer["npp"] as? String, name: employer["name"] as! String,
                        kind: EmployerKind(rawValue: employer["kind"] as! String)!),
                    start: SavingsCase.date(entry["start"])!, end: SavingsCase.date(entry["end"]),
                    programs: (entry["programs"] as! [String]).map { Program(rawValue: $0)! },
                    riskGroup: entry["risk_group"] as? String,
                    reportedWage: Rupiah(SavingsCase.integer(entry["reported_wage"])), contributions: rows,
                    sponsor: sponsor))
        }
        participant = Participant(
            nik: person["nik"] as! String, name: person["name"] as! String,
            birthDate: SavingsCase.date(person["birth_date"])!, sex: nil, maritalStatus: nil,
            memberships: memberships, jhtStatement: SavingsCase.statement(person["jht_balance_statement"]),
            jpStatement: SavingsCase.statement(person["jp_balance_statement"]))
        let event = caseObject["event"] as! [String: Any]
        eventType = EventType(rawValue: event["type"] as! String)!
        eventDate = SavingsCase.date(event["date"])!
        claimDate = SavingsCase.date(caseObject["claim_date"])!
        totalPermanent = ((event["accident"] as? [String: Any])?["total_permanent"] as? Bool) ?? false
        survivors = (caseObject["heirs"] as! [[String: Any]]).map { heir in
            let relation: JPSurvivorCandidate.Relation
            switch heir["relation"] as! String {
            case "spouse": relation = .spouse
            case "child": relation = .child
            case "parent": relation = .parent
            default: relation = .other
            }
            return JPSurvivorCandidate(
                relation: relation, nik: heir["nik"] as! String, birthDate: SavingsCase.date(heir["birth_date"]),
                married: heir["married"] as? Bool ?? false, working: heir["working"] as? Bool ?? false)
        }
    }

    func jhtOutcome() -> JHTOutcome? {
        SavingsCase.jht.compute(
            participant: participant, eventType: eventType, eventDate: eventDate, claimDate: claimDate,
            totalPermanent: totalPermanent)
    }

    func jpOutcome() -> JPOutcome? {
        SavingsCase.jp.compute(
            participant: participant, eventType: eventType, eventDate: eventDate, claimDate: claimDate,
            totalPermanent: totalPermanent, survivors: survivors)
    }

    /// The expected line of `program`, if any.
    func expectedLine(_ program: String) -> [String: Any]? {
        (expected["lines"] as! [[String: Any]]).first { ($0["program"] as! String) == program }
    }

    var expectedWarnings: [String] { expected["warnings"] as! [String] }

    /// Checks a computed line field by field against the expected JSON line.
    static func check(
        _ line: SavingsLine?, against expected: [String: Any]?, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let expected else {
            #expect(line == nil, sourceLocation: sourceLocation)
            return
        }
        guard let line else {
            Issue.record("no line; expected \(expected["item"]!)", sourceLocation: sourceLocation)
            return
        }
        #expect(line.item == expected["item"] as! String, sourceLocation: sourceLocation)
        #expect(line.amount.value == integer(expected["amount"]), sourceLocation: sourceLocation)
        #expect(line.due.description == expected["due"] as! String, sourceLocation: sourceLocation)
        #expect(line.schedule.rawValue == expected["schedule"] as! String, sourceLocation: sourceLocation)
        #expect(line.formula == expected["formula"] as! String, sourceLocation: sourceLocation)
        #expect(line.basis == expected["basis"] as! String, sourceLocation: sourceLocation)
        let payee = expected["payee"] as! [String: Any]
        switch line.payee {
        case .participant: #expect(payee["role"] as! String == "participant", sourceLocation: sourceLocation)
        case .heirs: #expect(payee["role"] as! String == "heirs", sourceLocation: sourceLocation)
        case .jpSurvivor(let nik):
            #expect(payee["role"] as! String == "jp_survivor", sourceLocation: sourceLocation)
            #expect(payee["nik"] as? String == nik, sourceLocation: sourceLocation)
        }
        let actual = line.parameters.map { "\($0.key) \($0.value.integer ?? -1) \($0.effectiveFrom) \($0.confirmed)" }
        let wanted = (expected["parameters"] as! [[String: Any]]).map {
            "\($0["key"] as! String) \(integer($0["value"])) \($0["effective_from"] as! String) \($0["confirmed"] as! Bool)"
        }
        #expect(actual == wanted, sourceLocation: sourceLocation)
    }

    /// Whether `part` appears in `whole` in the same relative order.
    static func isOrderedSubset(_ part: [String], of whole: [String]) -> Bool {
        var index = whole.startIndex
        for item in part {
            guard let found = whole[index...].firstIndex(of: item) else { return false }
            index = whole.index(after: found)
        }
        return true
    }

    static func object(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    static func integer(_ value: Any?) -> Int64 { (value as! NSNumber).int64Value }

    static func date(_ value: Any?) -> CivilDate? { (value as? String).flatMap { CivilDate(iso: $0) } }

    static func statement(_ value: Any?) -> BalanceStatement? {
        guard let object = value as? [String: Any] else { return nil }
        return BalanceStatement(asOf: date(object["as_of"])!, amount: Rupiah(integer(object["amount"])))
    }
}

@Suite struct JHTCaseFixtureTests {
    @Test func savingsConfigurationLoadsWithoutGapsOrOverlaps() throws {
        #expect(SavingsCase.parameters.parameters["jht.crediting_rate_bp"] != nil)
        #expect(SavingsCase.parameters.parameters["jp.inflation.2029"] != nil)
    }
}
