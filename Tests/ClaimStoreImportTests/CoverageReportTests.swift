import ClaimStore
import Testing

/// A hand-made branch on 2024-12-15 whose every figure is known.
@Suite struct CoverageReportTests {
    static let employers = """
        npp,name,kind,branch_office,region
        NN000001,PT Satu,company,Medan Kota,Kota Medan
        PM000001,Pemerintah Kota Medan (Dinas Kebersihan),government_unit,Medan Kota,Kota Medan
        PM000002,Pemerintah Kota Medan (Dinas Pertamanan),government_unit,Medan Kota,Kota Medan
        JK000001,Proyek Jembatan,project,Medan Kota,Kota Medan
        NN000009,PT Lain Cabang,company,Binjai,Kota Binjai

        """
    // P1 PU active; P2 PU ended in June; P3 honorer of PM000001; P4 JAKON; P5 BPU sponsored to 2024-12-31;
    // P6 BPU who paid November on 2024-12-05; P7 BPU who never paid; P8 PU of another branch.
    static let participants = """
        nik,name,birth_date,sex,kpj,segment,npp,work_description,programs,risk_group,start,end,branch_office,reported_on,reported_wage
        1271000000000001,Satu,1980-01-01,M,10000000001,PU,NN000001,,JKK+JKM+JHT+JP,I,2020-01-01,,,2020-01-01,4000000
        1271000000000002,Dua,1980-01-01,F,10000000002,PU,NN000001,,JKK+JKM+JHT+JP,I,2020-01-01,2024-06-30,,2020-01-01,4000000
        1271000000000003,Tiga,1980-01-01,M,10000000003,PU,PM000001,,JKK+JKM,I,2021-01-01,,,2021-01-01,2000000
        1271000000000004,Empat,1980-01-01,M,10000000004,JAKON,JK000001,,JKK+JKM,V,2024-01-01,2025-03-31,,2024-01-01,3000000
        1271000000000005,Lima,1980-01-01,F,10000000005,BPU,,Nelayan,JKK+JKM,,2024-11-01,,Medan Kota,2024-11-01,1000000
        1271000000000006,Enam,1980-01-01,F,10000000006,BPU,,Pedagang,JKK+JKM,,2024-01-01,,Medan Kota,2024-01-01,1000000
        1271000000000007,Tujuh,1980-01-01,M,10000000007,BPU,,Petani,JKK+JKM,,2024-01-01,,Medan Kota,2024-01-01,1000000
        1271000000000008,Delapan,1980-01-01,M,10000000008,PU,NN000009,,JKK+JKM,I,2020-01-01,,,2020-01-01,4000000

        """
    // NN000001 owes September, October and November (due before the report date); JK000001 owes two months.
    static let contributions = """
        kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on
        10000000001,2024-08,4000000,9600,12000,228000,120000,2024-09-10,2024-09-09
        10000000001,2024-09,4000000,9600,12000,228000,120000,2024-10-10,
        10000000001,2024-10,4000000,9600,12000,228000,120000,2024-11-10,
        10000000001,2024-11,4000000,9600,12000,228000,120000,2024-12-10,2024-12-20
        10000000001,2024-12,4000000,9600,12000,228000,120000,2025-01-10,
        10000000004,2024-10,3000000,52200,9000,0,0,2024-11-10,
        10000000004,2024-11,3000000,52200,9000,0,0,2024-12-10,
        10000000006,2024-11,1000000,10000,6800,0,0,2024-12-15,2024-12-05

        """
    static let sponsors = """
        sponsor,kind,programs,from,to,kpj
        Pemerintah Kota Medan,local_government,JKK+JKM,2024-11-01,2024-12-31,10000000005

        """

    static func report(branch: String? = "Medan Kota") throws -> CoverageReport {
        let fixture = try ImportFixture()
        try fixture.load(.employers, employers)
        try fixture.load(.participants, participants)
        try fixture.load(.contributions, contributions)
        try fixture.load(.sponsors, sponsors)
        return try CoverageReport.compute(fixture.connection, on: "2024-12-15", branch: branch)
    }

    @Test func activeParticipantsAreCountedBySegmentAndEmployerKind() throws {
        let report = try Self.report()
        #expect(report.activeParticipants == 5)
        let counts = Dictionary(
            uniqueKeysWithValues: report.active.map { ("\($0.segment)/\($0.employerKind)", $0.participants) })
        #expect(counts == ["BPU/self": 2, "JAKON/project": 1, "PU/company": 1, "PU/government_unit": 1])
        let all = try Self.report(branch: nil)
        #expect(all.activeParticipants == 6)
    }

    @Test func eachGovernmentUnitSaysWhetherItRegisteredHonorerWorkers() throws {
        let report = try Self.report()
        let units = Dictionary(uniqueKeysWithValues: report.governmentUnits.map { ($0.npp, $0.activeWorkers) })
        #expect(units == ["PM000001": 1, "PM000002": 0])
        #expect(report.governmentUnits.filter { !$0.hasRegisteredWorkers }.map(\.npp) == ["PM000002"])
    }

    @Test func aSponsorWindowEndingWithin30DaysListsWhoLosesCover() throws {
        let report = try Self.report()
        #expect(report.endingWindows.count == 1)
        let window = try #require(report.endingWindows.first)
        #expect(window.sponsor == "Pemerintah Kota Medan")
        #expect(window.to == "2024-12-31")
        #expect(window.participants == 1)
        #expect(window.losingCover.map(\.kpj) == ["10000000005"])
    }

    @Test func employersThreeOrMoreMonthsBehindAreInArrears() throws {
        let report = try Self.report()
        #expect(report.arrears.map(\.npp) == ["NN000001"])
        let employer = try #require(report.arrears.first)
        #expect(employer.months == 3)
        #expect(employer.oldestMonth == "2024-09")
        #expect(employer.outstanding == 3 * (9600 + 12000 + 228000 + 120000))
    }
}
