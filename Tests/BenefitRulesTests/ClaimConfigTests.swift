import BenefitRules
import SantunanValues
import Testing

/// The parameter files: refusals name the parameter and the dates (docs/decisions/0005-config-format.md).
@Suite struct ClaimConfigTests {
    func document(_ values: String) -> ConfigLoader.Document {
        ConfigLoader.Document(
            name: "test.yaml",
            text: """
                program: TEST
                parameters:
                  test.amount:
                    unit: rupiah
                    values:
                \(values)
                """)
    }

    @Test func theLoaderRefusesAGapNamingTheParameterAndTheMissingDates() {
        let values = """
                  - { from: 2013-01-01, to: 2015-06-30, value: 1, basis: "A", confirmed: true }
                  - { from: 2015-07-02, value: 2, basis: "B", confirmed: true }
            """
        #expect(throws: ParameterError.self) { try ConfigLoader.load([document(values)]) }
        do {
            _ = try ConfigLoader.load([document(values)])
        } catch {
            #expect(error.code == .gap)
            #expect(error.description == "test.amount: no value from 2015-07-01 to 2015-07-01")
        }
    }

    @Test func theLoaderRefusesAnOverlapNamingTheParameterAndTheDate() {
        let values = """
                  - { from: 2013-01-01, to: 2015-07-01, value: 1, basis: "A", confirmed: true }
                  - { from: 2015-07-01, value: 2, basis: "B", confirmed: true }
            """
        do {
            _ = try ConfigLoader.load([document(values)])
            Issue.record("an overlap was accepted")
        } catch {
            #expect(error.code == .overlap)
            #expect(error.description.contains("test.amount"))
            #expect(error.description.contains("2015-07-01"))
        }
    }

    @Test func aLookupOnAnUncoveredDateNamesTheParameterAndTheDate() throws {
        let parameters = try ConfigLoader.load([
            document(#"      - { from: 2015-07-01, value: 2, basis: "B", confirmed: true }"#)
        ])
        do {
            _ = try parameters.value("test.amount", on: CivilDate(iso: "2014-01-01")!)
            Issue.record("an uncovered date was answered")
        } catch {
            #expect(error.code == .notInForce)
            #expect(error.description == "test.amount: has no value in force on 2014-01-01")
        }
    }

    @Test func theDisabilityTableIsReportedFrom2015EvenForPP53Events() throws {
        let value = try RulesFixtures.parameters.value(
            "jkk.disability.table.thumb_right_bp", on: CivilDate(iso: "2014-03-01")!)
        #expect(value.effectiveFrom == CivilDate(iso: "2015-07-01"))
        #expect(value.confirmed == false)
        #expect(ParameterUse(key: "k", value).effectiveFrom == CivilDate(iso: "2015-07-01"))
    }

    @Test func everyClaimParameterCoversEveryDateFrom2013() throws {
        for key in RulesFixtures.parameters.sorted.map(\.key) where key.hasPrefix("jkk.") || key.hasPrefix("jkm.") {
            let parameter = try RulesFixtures.parameters.parameter(key)
            #expect(parameter.values.first?.from == CivilDate(iso: "2013-01-01"), "\(key)")
            #expect(parameter.values.last?.to == nil, "\(key)")
        }
    }

    @Test func theParametersInForceOnADateCanBeListedPerProgram() {
        let listing = RulesFixtures.parameters.inForce(on: CivilDate(iso: "2017-10-12")!, program: "JKM")
        #expect(listing.first { $0.key == "jkm.death" }?.value.value == .integer(16_200_000))
        #expect(listing.allSatisfy { $0.program == "JKM" })
    }
}
