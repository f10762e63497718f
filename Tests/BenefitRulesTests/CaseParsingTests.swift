import BenefitRules
import Testing

/// RULEBOOK §10: the first problem wins and is reported as `error: <field path>: <reason>`.
@Suite struct CaseParsingTests {
    func error(_ text: String) -> String? {
        do {
            _ = try Case.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    var valid: String {
        CaseText.claim(
            claimDate: "2022-03-01", type: "death", date: "2022-01-20",
            memberships: [CaseText.membership(contributions: CaseText.rows(from: "2021-01", count: 5))],
            heirs: [CaseText.spouse])
    }

    @Test func aValidCaseParses() throws {
        let parsed = try Case.parse(valid)
        #expect(parsed.participant.memberships[0].contributions?.count == 5)
        #expect(parsed.heirs[0].relation == .spouse)
    }

    @Test(arguments: [
        (#""case_id": "T-1""#, #""case_id": "T-1", "typo": 1"#, "error: typo: unknown field"),
        (
            #""reported_wage": 4000000"#, #""reported_wage": 4000000.0"#,
            "error: participant.memberships[0].reported_wage: must be an integer (whole rupiah / count)"
        ),
        (
            #""reported_wage": 4000000"#, #""reported_wage": "4000000""#,
            "error: participant.memberships[0].reported_wage: must be an integer (whole rupiah / count)"
        ),
        (
            #""reported_wage": 4000000"#, #""reported_wage": -1"#,
            "error: participant.memberships[0].reported_wage: -1 is negative"
        ),
        (
            #""nik": "3200000000000001""#, #""nik": "32000000001""#,
            #"error: participant.nik: "32000000001" is not a 16-digit NIK"#
        ),
        (
            #""date": "2022-01-20""#, #""date": "2012-12-31""#,
            #"error: event.date: "2012-12-31" is before 2013-01-01, the earliest supported event date"#
        ),
        (
            #""claim_date": "2022-03-01""#, #""claim_date": "2022-01-01""#,
            #"error: claim_date: "2022-01-01" is before event.date"#
        ),
        (
            #""birth_date": "1985-01-01""#, #""birth_date": "2022-02-30""#,
            #"error: heirs[0].birth_date: "2022-02-30" is not a date"#
        ),
        (
            #""reported_wage": 4000000"#, #""reported_wage": 4000000000000"#,
            "error: participant.memberships[0].reported_wage: 4000000000000 exceeds Rp 1.000.000.000, "
                + "the largest monthly wage a case may state"
        ),
        (
            #""birth_date": "1985-01-01""#, #""birth_date": "1885-01-01""#,
            #"error: heirs[0].birth_date: "1885-01-01" is before 1900-01-01"#
        ),
        (
            #""month": "2021-04""#, #""month": "1970-04""#,
            #"error: participant.memberships[0].contributions[3].month: "1970-04" is before 1977-01, when contributions began"#
        ),
        (
            #""month": "2021-04""#, #""month": "2021-4""#,
            #"error: participant.memberships[0].contributions[3].month: "2021-4" is not a month (YYYY-MM)"#
        ),
        (
            #""segment": "PU""#, #""segment": "XX""#,
            #"error: participant.memberships[0].segment: "XX" is not one of PU, BPU, JAKON"#
        ),
        (#""type": "death""#, #""type": "work_accident""#, "error: event.membership: is required"),
    ])
    func theFirstProblemIsReportedWithItsFieldPath(original: String, replacement: String, message: String) {
        let text = valid.replacingFirst(original, with: replacement)
        #expect(text != valid)
        #expect(error(text) == message)
    }

    @Test func aMissingRequiredFieldIsReportedAfterUnknownOnes() {
        let text = valid.replacingFirst(#""claim_date": "2022-03-01", "#, with: #""extra": true, "#)
        #expect(error(text) == "error: extra: unknown field")
        let missing = valid.replacingFirst(#""claim_date": "2022-03-01", "#, with: "")
        #expect(error(missing) == "error: claim_date: is required")
    }

    @Test func onlyOneHeirCanBeThePayee() {
        let text = CaseText.claim(
            claimDate: "2022-03-01", type: "death", date: "2022-01-20", heirs: [CaseText.spouse, CaseText.spouse])
        #expect(error(text) == "error: heirs[1].payee: only one heir can be the payee")
    }

    @Test func anUnknownInjuryCodeIsInvalid() {
        let text = CaseText.claim(
            claimDate: "2024-03-01", type: "work_accident", date: "2024-01-20", eventMembership: "10000000001",
            accident: #"{"injuries": [{"code": "tail"}]}"#)
        #expect(
            error(text)
                == #"error: event.accident.injuries[0].code: "tail" is not an injury code of the rulebook table"#)
    }

    @Test func aJPStatementAfterTheClaimDateIsInvalid() {
        let text = valid.replacingFirst(
            #""birth_date": "1980-01-01", "#,
            with: #""birth_date": "1980-01-01", "jp_balance_statement": {"as_of": "2024-10-01", "amount": 5}, "#)
        #expect(error(text) == #"error: participant.jp_balance_statement.as_of: "2024-10-01" is after claim_date"#)
    }

    @Test func brokenJSONIsReportedWithItsOffset() {
        #expect(error(#"{"case_id": }"#)?.hasPrefix("error: invalid JSON at line 1, column 13 (byte 12)") == true)
        // Issue 18: the line and column an editor shows, counted in characters.
        #expect(
            error("{\"case_id\": \"é\",\n  \"x\": }")
                == "error: invalid JSON at line 2, column 8 (byte 25): unexpected character")
    }

    @Test func theReaderKeepsKeyOrderAndNumberLexemes() throws {
        let value = try JSONReader.parse(#"{"b": 1.0, "a": [1, "x\u00e9\n"], "c": null}"#)
        #expect(value.members?.map(\.key) == ["b", "a", "c"])
        #expect(value["b"] == .number("1.0"))
        #expect(value["a"] == .array([.number("1"), .string("xé\n")]))
        #expect(value["c"]?.isNull == true)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
