import BenefitRules
import SantunanValues
import Testing

/// Issue 15, the case file and the rules core: every date and amount bounded, arithmetic that cannot trap, duplicate
/// keys and the double-paying inputs refused with the field and the reason (docs/decisions/0013-identity-and-bounds.md).
/// Each test fails on main 6a4971f (which accepted or crashed on the input) and passes now.
@Suite struct CaseBoundsTests {
    /// The day the tests read the cases on; the dates may reach 2027-12-06.
    static let today = CivilDate(year: 2026, month: 12, day: 6)!

    /// The error line for `text` (read on ``today``, then computed), or `nil` when it computes.
    func error(_ text: String, today: CivilDate? = CaseBoundsTests.today) -> String? {
        do {
            _ = try RulesFixtures.calculator.compute(try Case.parse(text, today: today))
            return nil
        } catch let error as CaseError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    func death(claimDate: String = "2022-03-01", date: String = "2022-01-20", heirs: [String] = [CaseText.spouse])
        -> String
    {
        CaseText.claim(
            claimDate: claimDate, type: "death", date: date,
            memberships: [CaseText.membership(contributions: CaseText.rows(from: "2021-01", count: 5))], heirs: heirs)
    }

    // MARK: - Dates

    @Test func aClaimDatedCenturiesAheadIsRefusedNotComputed() {
        // Main: 2512-01-01 trapped in the JHT development loop; 2500-12-31 paid a JHT of Rp 5 × 10^18.
        #expect(
            error(death(claimDate: "2512-01-01"))
                == #"error: claim_date: "2512-01-01" is after 2027-12-06, a year after today"#)
        #expect(
            error(death(claimDate: "2500-12-31", date: "2500-12-01"))
                == #"error: claim_date: "2500-12-31" is after 2027-12-06, a year after today"#)
        // Without a clock the core's fixed bound applies.
        #expect(
            error(death(claimDate: "2500-12-31"), today: nil)
                == #"error: claim_date: "2500-12-31" is after 2050-12-31, the latest date a case may state"#)
        // A year ahead is still accepted.
        #expect(error(death(claimDate: "2027-12-06", date: "2027-12-01")) == nil)
    }

    @Test func everyDateOfTheCaseIsBoundedAbove() {
        let far = CaseText.claim(
            claimDate: "2022-03-01", type: "death", date: "2022-01-20",
            memberships: [CaseText.membership(contributions: #"[{"month": "2099-01", "wage": 4000000}]"#)],
            heirs: [CaseText.spouse])
        #expect(
            error(far)
                == #"error: participant.memberships[0].contributions[0].month: "2099-01" is after 2027-12-06, "#
                + "a year after today"
        )
        let heir = death(heirs: [CaseText.spouse.replacingFirst("1985-01-01", with: "2999-01-01")])
        #expect(error(heir) == #"error: heirs[0].birth_date: "2999-01-01" is after 2027-12-06, a year after today"#)
    }

    @Test func aClaimBefore1950IsRefused() {
        // The event must be from 2013 on, so a claim date before 1950 is named for itself.
        #expect(
            error(death(claimDate: "1949-12-31"))
                == #"error: claim_date: "1949-12-31" is before 1950-01-01, the earliest claim date"#)
    }

    // MARK: - Amounts

    @Test func aMonthlyWageAboveOneBillionIsRefusedInTheRowsToo() {
        let text = CaseText.claim(
            claimDate: "2022-03-01", type: "death", date: "2022-01-20",
            memberships: [
                CaseText.membership(contributions: CaseText.rows(from: "2021-01", count: 2, wage: 1_000_000_001))
            ],
            heirs: [CaseText.spouse])
        #expect(
            error(text)
                == "error: participant.memberships[0].contributions[0].wage: 1000000001 exceeds Rp 1.000.000.000, "
                + "the largest monthly wage a case may state"
        )
    }

    @Test func aComputedLineAboveTheLargestAmountIsRefusedNamingTheItem() {
        // A JHT statement at the largest amount a case may state, developed for four years: on main the claim was
        // payable with a JHT line above Rp 1.000.000.000.000.
        let membership = CaseText.membership(
            programs: #"["JKK", "JKM", "JHT"]"#, contributions: CaseText.rows(from: "2021-01", count: 5))
        let text = CaseText.claim(
            claimDate: "2024-03-01", type: "death", date: "2024-01-20", memberships: [membership],
            heirs: [CaseText.spouse]
        ).replacingFirst(
            #""birth_date": "1980-01-01", "#,
            with:
                #""birth_date": "1980-01-01", "#
                + #""jht_balance_statement": {"as_of": "2020-01-31", "amount": 1000000000000}, "#
        )
        let line = error(text)
        #expect(line?.hasPrefix("error: jht.balance: Rp 1.") == true)
        #expect(line?.hasSuffix("exceeds Rp 1.000.000.000.000, the largest amount a claim may pay") == true)
    }

    // MARK: - Duplicate keys

    @Test func aDuplicateKeyAnywhereIsRefusedNamingItsPath() {
        // Main computed with the first "number" while PostgreSQL's jsonb kept the second and paid it.
        let account = #""bank_account": {"bank_bic": "BMRIIDJA", "number": "111", "number": "999", "holder": "Sari"}, "#
        let heir = CaseText.spouse.replacingFirst(#""payee": true, "#, with: #""payee": true, "# + account)
        #expect(error(death(heirs: [heir])) == "error: heirs[0].bank_account.number: duplicate key")
        // In a contribution row (the fast reader's own row path) and at the top level.
        let rows = #"[{"month": "2021-01", "wage": 4000000, "wage": 9000000, "paid_on": "2021-02-10"}]"#
        let inRow = CaseText.claim(
            claimDate: "2022-03-01", type: "death", date: "2022-01-20",
            memberships: [CaseText.membership(contributions: rows)], heirs: [CaseText.spouse])
        #expect(error(inRow) == "error: participant.memberships[0].contributions[0].wage: duplicate key")
        let top = death().replacingFirst(#""case_id": "T-1", "#, with: #""case_id": "T-1", "case_id": "T-2", "#)
        #expect(error(top) == "error: case_id: duplicate key")
    }

    @Test func theJSONReaderRefusesADuplicateInALargeObject() {
        var members = (0..<40).map { #""k\#($0)": \#($0)"# }
        members.append(#""k7": 0"#)
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse("[{" + members.joined(separator: ",") + "}]") }
        do {
            _ = try JSONReader.parse("[1, {" + members.joined(separator: ",") + "}]")
        } catch {
            #expect(error.duplicateKeyPath == "[1].k7")
        }
    }

    // MARK: - What paid twice or paid the wrong person

    @Test func theSameBodyPartListedTwiceIsRefused() {
        func accident(_ codes: [String]) -> String {
            let injuries = codes.map { #"{"code": "\#($0)"}"# }.joined(separator: ", ")
            return CaseText.claim(
                claimDate: "2023-03-01", type: "work_accident", date: "2023-01-20",
                memberships: [CaseText.membership(kpj: "10000000001")], eventMembership: "10000000001",
                accident: #"{"injuries": [\#(injuries)]}"#)
        }
        // Main paid the right arm twice.
        #expect(
            error(accident(["arm_right_from_shoulder", "arm_right_from_shoulder"]))
                == #"error: event.accident.injuries[1].code: "arm_right_from_shoulder" is listed twice "#
                + "(one body part is paid once)"
        )
        // One of the other fingers may be listed up to three times (RULEBOOK §5.3, the shipped JAKON case lists two).
        #expect(error(accident(["other_finger_right", "other_finger_right", "other_finger_right"])) == nil)
        #expect(
            error(accident(Array(repeating: "other_finger_right", count: 4)))
                == #"error: event.accident.injuries[3].code: "other_finger_right" is listed more than 3 times"#)
        // Units are counted by repeating the entry (§5.2's 3 × hearing_reduction_one_per_10db).
        #expect(error(accident(Array(repeating: "hearing_reduction_one_per_10db", count: 3))) == nil)
    }

    @Test func aChildBornAfterTheEventIsRefused() {
        let child = CaseText.child("3200000000000003", born: "2022-06-01", level: "SD", grade: 1)
        // Main gave this child a scholarship.
        #expect(
            error(death(heirs: [CaseText.spouse, child]))
                == #"error: heirs[1].birth_date: "2022-06-01" is after event.date"#)
    }

    @Test func aHeirWithTheParticipantsNIKIsRefused() {
        let heir = CaseText.spouse.replacingFirst("3200000000000002", with: "3200000000000001")
        #expect(error(death(heirs: [heir])) == "error: heirs[0].nik: is the participant's NIK")
        let twice = CaseText.child("3200000000000002", born: "2014-07-21", level: "SD", grade: 2)
        #expect(
            error(death(heirs: [CaseText.spouse, twice]))
                == #"error: heirs[1].nik: "3200000000000002" is the NIK of heirs[0]"#)
    }

    @Test func aContributionPaidBeforeItsMonthIsRefused() {
        // RULEBOOK: no payment in advance, BPU included; main credited a decades-early paid_on to the JHT balance.
        let rows = #"[{"month": "2021-01", "wage": 4000000, "paid_on": "1980-01-10"}]"#
        let text = CaseText.claim(
            claimDate: "2022-03-01", type: "death", date: "2022-01-20",
            memberships: [CaseText.membership(contributions: rows)], heirs: [CaseText.spouse])
        #expect(
            error(text)
                == #"error: participant.memberships[0].contributions[0].paid_on: "1980-01-10" is before 2021-01-01, "#
                + "the first day of the month it pays"
        )
        // Paid on the first day of its month is in time.
        let onTime = text.replacingFirst("1980-01-10", with: "2021-01-01")
        #expect(error(onTime) == nil)
    }

    // MARK: - Text

    @Test func aHugeCaseIDIsRefused() {
        let huge = death().replacingFirst(#""T-1""#, with: "\"" + String(repeating: "A", count: 10_000_000) + "\"")
        #expect(error(huge) == "error: case_id: is longer than 64 characters")
        let blank = death().replacingFirst(#""T-1""#, with: #""T 1/2""#)
        #expect(error(blank) == #"error: case_id: "T 1/2" may use only letters, digits, '-', '_' and '.'"#)
    }

    @Test func freeTextIsBoundedAndMessagesEscapeControlCharacters() {
        let long = death().replacingFirst(
            #""name": "Budi""#, with: "\"name\": \"" + String(repeating: "B", count: 141) + "\"")
        #expect(error(long) == "error: participant.name: is longer than 140 characters")
        let escape = death().replacingFirst(#""name": "Budi""#, with: #""name": "Budi\u001b[31m\nerror: forged""#)
        let line = error(escape)
        #expect(line == #"error: participant.name: "Budi\u{1B}[31m\nerror: forged" contains a control character"#)
        #expect(line?.contains("\n") == false)
        // An unknown key is quoted in the path: escaped, and shortened.
        let key = death().replacingFirst(#""case_id": "T-1", "#, with: #""case_id": "T-1", "bad\u0007key": 1, "#)
        #expect(error(key) == #"error: bad\u{7}key: unknown field"#)
    }

    /// The fast reader and the validator agree on every bound: each refused case above is refused by both (the
    /// fast reader hands it over), and each accepted case is built the same by both.
    @Test func theFastReaderAndTheValidatorAgreeOnTheBounds() throws {
        let accepted = death(claimDate: "2027-12-06", date: "2027-12-01")
        let viaTree = try Case.parse(try JSONReader.parse(accepted), today: CaseBoundsTests.today)
        #expect(try Case.parse(accepted, today: CaseBoundsTests.today) == viaTree)
        let refused = death(claimDate: "2027-12-07", date: "2027-12-01")
        #expect(throws: CaseError.self) { try Case.parse(try JSONReader.parse(refused), today: CaseBoundsTests.today) }
        #expect(throws: CaseError.self) { try Case.parse(refused, today: CaseBoundsTests.today) }
    }
}
