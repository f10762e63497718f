import BenefitRules
import Testing

/// Builds small case files for the calculator tests.
enum CaseText {
    static func membership(
        kpj: String = "10000000001", segment: String = "PU", start: String = "2010-01-01",
        programs: String = #"["JKK", "JKM"]"#, wage: Int64 = 4_000_000, contributions: String? = nil,
        sponsor: String? = nil
    ) -> String {
        var text = #"{"kpj": "\#(kpj)", "segment": "\#(segment)", "#
        text += #""employer": {"npp": "NN000001", "name": "PT Contoh", "kind": "company"}, "#
        text += #""start": "\#(start)", "programs": \#(programs), "reported_wage": \#(wage)"#
        if let contributions { text += #", "contributions": \#(contributions)"# }
        if let sponsor { text += #", "sponsor": \#(sponsor)"# }
        return text + "}"
    }

    /// Monthly rows paid on the 10th of the next month, from `first` for `count` months.
    static func rows(from first: String, count: Int, wage: Int64 = 4_000_000) -> String {
        var month = YearMonth(iso: first)!
        var items: [String] = []
        for _ in 0..<count {
            let paid = month.advanced(by: 1).firstDay.adding(days: 9)
            items.append(#"{"month": "\#(month)", "wage": \#(wage), "paid_on": "\#(paid)"}"#)
            month = month.advanced(by: 1)
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    static let spouse =
        #"{"nik": "3200000000000002", "name": "Sari", "relation": "spouse", "birth_date": "1985-01-01", "payee": true, "#
        + #""documents": ["death_certificate", "family_card", "heir_certificate", "marriage_certificate", "id_card", "#
        + #""bank_book", "accident_report", "medical_certificate", "wage_list"]}"#

    static func child(_ nik: String, born: String, level: String, grade: Int?, extra: String = "") -> String {
        let education = grade.map { #"{"level": "\#(level)", "grade": \#($0)}"# } ?? #"{"level": "\#(level)"}"#
        return #"{"nik": "\#(nik)", "name": "Anak", "relation": "child", "birth_date": "\#(born)", "#
            + #""education": \#(education)\#(extra)}"#
    }

    static func claim(
        claimDate: String, type: String, date: String, memberships: [String] = [membership()],
        eventMembership: String? = nil, accident: String? = nil, heirs: [String] = []
    ) -> String {
        var event = #"{"type": "\#(type)", "date": "\#(date)""#
        if let eventMembership { event += #", "membership": "\#(eventMembership)""# }
        if let accident { event += #", "accident": \#(accident)"# }
        event += "}"
        return #"{"case_id": "T-1", "claim_date": "\#(claimDate)", "participant": {"nik": "3200000000000001", "#
            + #""name": "Budi", "birth_date": "1980-01-01", "memberships": [\#(memberships.joined(separator: ", "))]}, "#
            + #""event": \#(event), "heirs": [\#(heirs.joined(separator: ", "))]}"#
    }

    static func compute(_ text: String) throws -> ClaimResult {
        try RulesFixtures.calculator.compute(try Case.parse(text))
    }

    static func amount(_ result: ClaimResult, _ item: String) -> Int64? {
        result.lines.first { $0.item == item }?.amount.value
    }
}

/// The worked examples of RULEBOOK §13 for JKK, JKM and scholarships.
@Suite struct ClaimRulesTests {
    @Test func deathOutsideWorkPays42MillionUnderPP82() throws {
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2022-02-08", type: "death", date: "2022-01-18",
                memberships: [CaseText.membership(contributions: CaseText.rows(from: "2020-03", count: 22))],
                heirs: [CaseText.spouse, CaseText.child("3200000000000003", born: "2014-07-21", level: "SD", grade: 2)])
        )
        #expect(result.total == 42_000_000)
        #expect(result.scholarships.isEmpty)
        #expect(result.warnings.contains("no JKM scholarship: masa iur 22 months < 36 months (PP 82/2019 Pasal 34)"))
    }

    @Test(arguments: [("2017-10-12", Int64(24_000_000)), ("2014-09-10", 21_000_000)])
    func deathOutsideWorkPaysTheRegimeTotal(date: String, total: Int64) throws {
        let result = try CaseText.compute(
            CaseText.claim(claimDate: "2018-01-10", type: "death", date: date, heirs: [CaseText.spouse]))
        #expect(result.total.value == total)
        #expect(result.status == .payable)
    }

    @Test func bpuDeathWithinThreeMonthsPaysTheLimitedTenMillion() throws {
        let sponsor =
            #"{"name": "Pemkab", "kind": "local_government", "from": "2022-10-01", "to": "2022-12-31", "#
            + #""programs": ["JKK", "JKM"]}"#
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2022-12-12", type: "death", date: "2022-11-25",
                memberships: [CaseText.membership(segment: "BPU", start: "2022-10-01", sponsor: sponsor)],
                heirs: [CaseText.spouse]))
        #expect(result.total == 10_000_000)
        #expect(CaseText.amount(result, "jkm.periodic") == nil)
    }

    @Test func bpuDeathAfterTheSponsorWindowIsRejectedNamingTheWindow() throws {
        let sponsor =
            #"{"name": "Pemkab", "kind": "local_government", "from": "2022-10-01", "to": "2022-12-31", "#
            + #""programs": ["JKK", "JKM"]}"#
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2023-02-27", type: "death", date: "2023-02-10",
                memberships: [CaseText.membership(segment: "BPU", start: "2022-10-01", sponsor: sponsor)],
                heirs: [CaseText.spouse]))
        #expect(result.status == .rejected)
        #expect(result.reasons.first?.contains("2022-10-01..2022-12-31 (Pemkab) ended on 2022-12-31") == true)
    }

    @Test func workDeathUnderPP82PaysFortyEightWagesAndTheSMAScholarship() throws {
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2022-03-01", type: "work_accident_death", date: "2022-01-20",
                memberships: [CaseText.membership(wage: 3_131_321)], eventMembership: "10000000001",
                heirs: [
                    CaseText.spouse, CaseText.child("3200000000000003", born: "2006-05-01", level: "SMA", grade: 1),
                ]))
        #expect(CaseText.amount(result, "jkk.death") == 150_303_408)
        #expect(result.scholarships.first?.commitment == 69_000_000)
        #expect(result.total == 241_303_408)
    }

    @Test func workDeathUnderPP44PaysOneChildTwelveMillion() throws {
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2018-06-01", type: "work_accident_death", date: "2018-05-14",
                eventMembership: "10000000001",
                heirs: [CaseText.spouse, CaseText.child("3200000000000003", born: "2011-09-09", level: "TK", grade: 1)])
        )
        #expect(result.total == 211_800_000)
        #expect(result.warnings.first == "jkk.death.minimum is unconfirmed (confirmed: false)")
    }

    @Test(arguments: [("2023-01-09", "2024-04-15", Int64(54_000_000)), ("2018-01-09", "2019-06-01", 48_000_000)])
    func fifteenMonthsOfIncapacityFollowTheRegimeSchedule(date: String, claimDate: String, amount: Int64) throws {
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: claimDate, type: "work_accident", date: date,
                eventMembership: "10000000001", accident: #"{"incapacity_months": 15}"#))
        #expect(CaseText.amount(result, "jkk.stmb") == amount)
    }

    @Test(arguments: [
        (#"[{"code": "arm_right_from_shoulder"}]"#, false, Int64(5_000_000), Int64(160_000_000)),
        (#"[{"code": "arm_right_from_shoulder"}]"#, true, 5_000_000, 140_000_000),
        (
            #"[{"code": "arm_right_from_shoulder", "function_loss_pct": 50}, {"code": "index_finger_right"}]"#, false,
            4_200_000, 97_440_000
        ),
        (#"[{"code": "arm_right_from_shoulder"}, {"code": "leg_one_from_hip"}]"#, false, 5_000_000, 280_000_000),
    ])
    func partialDisabilityFollowsTheTableWithKidalSwapAndSeventyPercentCap(
        injuries: String, leftHanded: Bool, wage: Int64, amount: Int64
    ) throws {
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2024-06-10", type: "work_accident", date: "2024-02-05",
                memberships: [CaseText.membership(wage: wage)], eventMembership: "10000000001",
                accident: #"{"injuries": \#(injuries), "left_handed": \#(leftHanded)}"#))
        #expect(CaseText.amount(result, "jkk.disability_partial") == amount)
    }

    @Test func totalPermanentDisabilityPaysFiftySixWagesAndThePeriodicBenefit() throws {
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2024-06-10", type: "work_accident", date: "2024-02-05",
                memberships: [CaseText.membership(wage: 5_000_000)], eventMembership: "10000000001",
                accident: #"{"total_permanent": true}"#))
        #expect(CaseText.amount(result, "jkk.disability_total") == 280_000_000)
        #expect(result.total == 292_000_000)
    }

    @Test func transportIsCappedPerModeAfterSummingTheTrips() throws {
        let trips =
            #"[{"mode": "land", "amount": 4000000}, {"mode": "land", "amount": 2500000}, "#
            + #"{"mode": "sea", "amount": 2400000}, {"mode": "air", "amount": 12500000}]"#
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2024-06-10", type: "work_accident", date: "2024-02-05", eventMembership: "10000000001",
                accident: #"{"transport": \#(trips)}"#))
        #expect(CaseText.amount(result, "jkk.transport") == 17_000_000)
    }

    @Test func medicalCostsAreCappedAtTwentyMillionUnderPP53Only() throws {
        let pp53 = try CaseText.compute(
            CaseText.claim(
                claimDate: "2014-06-10", type: "work_accident", date: "2014-02-05", eventMembership: "10000000001",
                accident: #"{"medical": 35000000}"#))
        #expect(CaseText.amount(pp53, "jkk.medical") == 20_000_000)
        let pp82 = try CaseText.compute(
            CaseText.claim(
                claimDate: "2024-06-10", type: "work_accident", date: "2024-02-05", eventMembership: "10000000001",
                accident: #"{"medical": 35000000}"#))
        #expect(CaseText.amount(pp82, "jkk.medical") == 35_000_000)
    }

    @Test func aJKKClaimFiledExactlyOnTheSecondAnniversaryUnderPP44IsInTime() throws {
        let onTime = try CaseText.compute(
            CaseText.claim(
                claimDate: "2018-03-10", type: "work_accident", date: "2016-03-10", eventMembership: "10000000001",
                accident: #"{"incapacity_months": 1}"#))
        #expect(onTime.status == .payable)
        let late = try CaseText.compute(
            CaseText.claim(
                claimDate: "2018-03-11", type: "work_accident", date: "2016-03-10", eventMembership: "10000000001",
                accident: #"{"incapacity_months": 1}"#))
        #expect(late.status == .rejected)
    }

    @Test func aChildNotYetInSchoolGetsTheFullProgrammeFromTheYearSheTurnsFour() throws {
        let result = try CaseText.compute(
            CaseText.claim(
                claimDate: "2023-05-01", type: "work_accident_death", date: "2023-04-03",
                eventMembership: "10000000001",
                heirs: [
                    CaseText.spouse, CaseText.child("3200000000000003", born: "2021-06-11", level: "none", grade: nil),
                ]))
        let award = try #require(result.scholarships.first)
        #expect(award.commitment == 87_000_000)
        #expect(award.installments.first?.due == CivilDate(iso: "2026-04-03"))
    }

    @Test func aJHTBalanceWithoutHistoryOrStatementIsInvalidOffline() throws {
        let text = CaseText.claim(
            claimDate: "2024-03-01", type: "death", date: "2024-01-20",
            memberships: [CaseText.membership(programs: #"["JKK", "JKM", "JHT"]"#)], heirs: [CaseText.spouse])
        #expect(throws: ClaimError.self) { try CaseText.compute(text) }
        do {
            _ = try CaseText.compute(text)
        } catch let error as ClaimError {
            #expect(
                error.description
                    == "error: participant.memberships[0].contributions: is required to compute the JHT balance "
                    + "offline (no database)")
        }
    }

    @Test func aMarkedPayeeOutsideTheEntitledClassRejectsTheClaim() throws {
        let parent =
            #"{"nik": "3200000000000009", "name": "Ayah", "relation": "parent", "payee": true}"#
        let spouse = CaseText.spouse.replacingFirst(#""payee": true"#, with: #""payee": false"#)
        let result = try CaseText.compute(
            CaseText.claim(claimDate: "2024-03-01", type: "death", date: "2024-01-20", heirs: [spouse, parent]))
        #expect(result.status == .rejected)
        #expect(result.reasons.first?.hasPrefix("not a heir: payee heirs[1] (parent)") == true)
    }

    @Test func noPayeeAmongExistingHeirsIsInvalidInput() throws {
        let spouse = CaseText.spouse.replacingFirst(#""payee": true"#, with: #""payee": false"#)
        do {
            _ = try CaseText.compute(
                CaseText.claim(claimDate: "2024-03-01", type: "death", date: "2024-01-20", heirs: [spouse]))
            Issue.record("no payee was accepted")
        } catch let error as ClaimError {
            #expect(
                error.description
                    == #"error: heirs: no payee: mark one heir of the entitled class with "payee": true (D8)"#)
        }
    }

    @Test func theJSONOfAResultRoundTripsThroughTheReader() throws {
        let result = try CaseText.compute(
            CaseText.claim(claimDate: "2018-01-10", type: "death", date: "2017-10-12", heirs: [CaseText.spouse]))
        let json = try JSONReader.parse(result.jsonBytes())
        #expect(json["total"] == .number("24000000"))
        #expect(
            json["lines"].flatMap { if case .array(let items) = $0 { return items.count } else { return nil } } == 3)
        #expect(result.lines.first?.amount.description == "Rp 16.200.000")
    }
}
