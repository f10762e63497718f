import ClaimStore
import Foundation
import Postgres
import Testing

@Suite struct ImportTests {
    @Test func goodFilesAreStoredWithEveryRowCounted() throws {
        let fixture = try ImportFixture()
        let employers = try fixture.load(.employers, ImportFixture.employers)
        #expect(employers.inserted == ["employer": 2])
        let participants = try fixture.load(.participants, ImportFixture.participants)
        #expect(participants.records == 3)
        #expect(participants.inserted == ["participant": 2, "membership": 2, "wage_report": 3])
        let contributions = try fixture.load(.contributions, ImportFixture.contributions)
        #expect(contributions.inserted == ["contribution": 3])
        #expect(try fixture.count("employer") == 2)
        #expect(try fixture.count("participant") == 2)
        #expect(try fixture.count("membership") == 2)
        #expect(try fixture.count("wage_report") == 3)
        #expect(try fixture.count("contribution") == 3)
        let name = try fixture.connection.execute("SELECT name FROM employer WHERE npp = 'NN000001'")
        #expect(try name.decode(String.self, row: 0, column: 0) == "PT Sumatra Tobacco Trading Company, Tbk")
        let branch = try fixture.connection.execute("SELECT branch_office FROM membership WHERE kpj = '14007825461'")
        #expect(try branch.decode(String.self, row: 0, column: 0) == "Pematangsiantar")
        let unpaid = try fixture.connection.execute("SELECT count(*) FROM contribution WHERE paid_on IS NULL")
        #expect(try unpaid.decode(Int.self, row: 0, column: 0) == 1)
    }

    @Test func reimportingTheSameFilesChangesNothing() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        try fixture.load(.contributions, ImportFixture.contributions)
        let again = [
            try fixture.load(.employers, ImportFixture.employers, name: "again-employers.csv"),
            try fixture.load(.participants, ImportFixture.participants, name: "again-participants.csv"),
            try fixture.load(.contributions, ImportFixture.contributions, name: "again-contributions.csv"),
        ]
        #expect(again.allSatisfy { $0.alreadyImported && $0.totalInserted == 0 })
        #expect(try fixture.count("employer") == 2)
        #expect(try fixture.count("wage_report") == 3)
        #expect(try fixture.count("contribution") == 3)
        #expect(try fixture.count("import_file") == 3)
    }

    @Test func anOverlappingContributionFileAddsOnlyTheNewMonths() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        try fixture.load(.contributions, ImportFixture.contributions)
        let overlapping = """
            kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on
            22109900411,2022-11,1000000,10000,6800,0,0,2022-12-15,2022-11-05
            14007825461,2022-02,3880000,34532,11640,221160,116400,2022-03-15,
            14007825461,2022-03,3880000,34532,11640,221160,116400,2022-04-15,2022-04-14

            """
        let summary = try fixture.load(.contributions, overlapping, name: "overlap.csv")
        #expect(!summary.alreadyImported)
        #expect(summary.inserted == ["contribution": 2])
        #expect(try fixture.count("contribution") == 5)
    }

    @Test func aFileWhoseMonthsDoNotAscendIsReadAgainAndStoredWhole() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        let descending = """
            kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on
            14007825461,2022-03,3880000,34532,11640,221160,116400,2022-04-15,2022-04-14
            14007825461,2022-02,3880000,34532,11640,221160,116400,2022-03-15,
            14007825461,2022-01,3880000,34532,11640,221160,116400,2022-02-15,2022-02-14

            """
        let summary = try fixture.load(.contributions, descending, name: "descending.csv")
        #expect(summary.records == 3)
        #expect(summary.inserted == ["contribution": 3])
        #expect(try fixture.count("contribution") == 3)
        #expect(try fixture.count("import_file") == 3)
    }

    @Test func aFirstLoadSwapsInItsYearsWithTheIndexesAndChecksEveryPartitionHas() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        let oid = try fixture.connection.execute("SELECT 'contribution_2022'::regclass::oid::bigint")
        let before: Int64 = try oid[0, 0]
        try fixture.load(.contributions, ImportFixture.contributions)

        // The 2022 partition was empty, so its load table replaced it (a new relation).
        let after = try fixture.connection.execute("SELECT 'contribution_2022'::regclass::oid::bigint")
        #expect(try after.decode(Int64.self, row: 0, column: 0) != before)
        // Same indexes (attached to the parent's) and checks as a partition the migration made, e.g. 2023's.
        func shape(_ table: String) throws -> [String] {
            let rows = try fixture.connection.execute(
                """
                SELECT 'index ' || replace(pg_get_indexdef(i.indexrelid), \(table)::text, 'P')
                       || ' of ' || (SELECT p.inhparent::regclass::text FROM pg_inherits p WHERE p.inhrelid = i.indexrelid)
                FROM pg_index i WHERE i.indrelid = \(table)::regclass
                UNION ALL
                SELECT 'constraint ' || c.contype::text || ' ' || pg_get_constraintdef(c.oid)
                FROM pg_constraint c WHERE c.conrelid = \(table)::regclass
                ORDER BY 1
                """)
            return try (0..<rows.rowCount).map { try rows.decode(String.self, row: $0, column: 0) }
        }
        let swapped = try shape("contribution_2022")
        #expect(swapped == (try shape("contribution_2023")))
        #expect(
            swapped.contains(
                "index CREATE UNIQUE INDEX P_pkey ON public.P USING btree (membership_id, month) of contribution_pkey"))
        #expect(swapped.contains { $0.hasPrefix("constraint p PRIMARY KEY") })
        let leftovers = try fixture.connection.execute(
            "SELECT count(*) FROM pg_class WHERE relname LIKE 'contribution\\_load%'")
        #expect(try leftovers.decode(Int.self, row: 0, column: 0) == 0)
        #expect(try fixture.count("contribution") == 3)
        let sums = try fixture.connection.execute(
            "SELECT sum(wage)::bigint, count(paid_on) FROM contribution WHERE month >= '2022-01-01'")
        #expect(try sums.decode(Int64.self, row: 0, column: 0) == 3_880_000 * 2 + 1_000_000)
        #expect(try sums.decode(Int.self, row: 0, column: 1) == 2)
    }

    /// A bad file, the error it must give, and the table that must stay empty.
    struct BadFile: Sendable, CustomTestStringConvertible {
        var label: String
        var kind: ImportKind
        var text: String
        var error: String
        var testDescription: String { label }
    }

    static let contributionHeader = ImportKind.contributions.header
    static let participantHeader = ImportKind.participants.header

    static let badFiles: [BadFile] = [
        BadFile(
            label: "bad integer", kind: .contributions,
            text: """
                \(contributionHeader)
                14007825461,2022-01,3880000,34532,11640,221160,116400,2022-02-15,2022-02-14
                14007825461,2022-02,12.5,34532,11640,221160,116400,2022-03-15,

                """,
            error: "line 3, column wage: \"12.5\" is not a whole rupiah amount"),
        BadFile(
            label: "bad date", kind: .contributions,
            text: """
                \(contributionHeader)
                14007825461,2022-01,3880000,34532,11640,221160,116400,2022-02-30,2022-02-14

                """,
            error: "line 2, column due_on: \"2022-02-30\" is not a date (YYYY-MM-DD)"),
        BadFile(
            label: "duplicate month", kind: .contributions,
            text: """
                \(contributionHeader)
                14007825461,2022-01,3880000,34532,11640,221160,116400,2022-02-15,2022-02-14
                22109900411,2022-10,1000000,10000,6800,0,0,2022-11-15,2022-10-05
                14007825461,2022-01,3880000,34532,11640,221160,116400,2022-02-15,2022-02-14

                """,
            error: "line 4, column month: \"2022-01\" appears twice for this KPJ (one row per membership and month)"),
        BadFile(
            label: "unknown KPJ", kind: .contributions,
            text: """
                \(contributionHeader)
                99999999999,2022-01,3880000,34532,11640,221160,116400,2022-02-15,2022-02-14

                """,
            error: "line 2, column kpj: \"99999999999\" is not a registered membership (import the participants first)"
        ),
        BadFile(
            label: "NIK not 16 digits", kind: .participants,
            text: """
                \(participantHeader)
                1272011204820031,Rudi,1982-04-12,M,14007825462,PU,NN000001,,JKK+JKM,I,2014-03-01,,,2014-03-01,2171000
                127201120482003,Sari,1987-01-01,F,14007825463,PU,NN000001,,JKK+JKM,I,2014-03-01,,,2014-03-01,2171000

                """,
            error: "line 3, column nik: \"127201120482003\" is not a NIK (16 digits)"),
        BadFile(
            label: "unknown employer", kind: .participants,
            text: """
                \(participantHeader)
                1272011204820031,Rudi,1982-04-12,M,14007825462,PU,NN999999,,JKK+JKM,I,2014-03-01,,,2014-03-01,2171000

                """,
            error: "line 2, column npp: \"NN999999\" is not a registered employer (import the employers first)"),
        BadFile(
            label: "bad birth date", kind: .participants,
            text: """
                \(participantHeader)
                1272011204820031,Rudi,1982-13-12,M,14007825462,PU,NN000001,,JKK+JKM,I,2014-03-01,,,2014-03-01,2171000

                """,
            error: "line 2, column birth_date: \"1982-13-12\" is not a date (YYYY-MM-DD)"),
        BadFile(
            label: "bad wage in a wage report", kind: .participants,
            text: """
                \(participantHeader)
                1272011204820031,Rudi,1982-04-12,M,14007825462,PU,NN000001,,JKK+JKM,I,2014-03-01,,,2014-03-01,3.1jt

                """,
            error: "line 2, column reported_wage: \"3.1jt\" is not a whole rupiah amount"),
        BadFile(
            label: "quoted field with a comma and a line break", kind: .employers,
            text: """
                npp,name,kind,branch_office,region
                NN000001,"PT Contoh, ""Tembakau""
                Unit Dua",company,Medan Kota,Kota Medan
                NN000002,PT Lain,firm,Medan Kota,Kota Medan

                """,
            error: "line 4, column kind: \"firm\" is not one of company, government_unit, project"),
        BadFile(
            label: "duplicate employer", kind: .employers,
            text: """
                npp,name,kind,branch_office,region
                NN000001,PT Satu,company,Medan Kota,Kota Medan
                NN000001,PT Satu Lagi,company,Medan Kota,Kota Medan

                """,
            error: "line 3, column npp: \"NN000001\" repeats the employer of line 2"),
        BadFile(
            label: "wrong header", kind: .employers,
            text: "npp,nama,kind,branch_office,region\nNN000001,PT Satu,company,Medan Kota,Kota Medan\n",
            error:
                "line 1: the header must be \"npp,name,kind,branch_office,region\", found \"npp,nama,kind,branch_office,region\""
        ),
        BadFile(
            label: "wrong field count", kind: .contributions,
            text: "\(contributionHeader)\n14007825461,2022-01,3880000\n",
            error: "line 2: expected 9 fields (\(contributionHeader)), found 3"),
    ]

    @Test(arguments: badFiles)
    func aBadRecordRejectsTheWholeFileNamingLineAndColumn(_ bad: BadFile) throws {
        let fixture = try ImportFixture()
        // Participants and contributions need their references; the employers test starts from an empty table.
        if bad.kind != .employers {
            try fixture.load(.employers, ImportFixture.employers)
            try fixture.load(.participants, ImportFixture.participants)
        }
        let before = try ["employer", "participant", "membership", "wage_report", "contribution", "import_file"].map {
            try fixture.count($0)
        }
        let error = try #require(throws: ImportError.self) {
            try fixture.load(bad.kind, bad.text, name: "bad.csv")
        }
        #expect(error.description == bad.error)
        let after = try ["employer", "participant", "membership", "wage_report", "contribution", "import_file"].map {
            try fixture.count($0)
        }
        #expect(after == before)
    }

    @Test func theLedgerRecordsTheFilesSHA256AsPostgreSQLComputesIt() throws {
        let fixture = try ImportFixture()
        let summary = try fixture.load(.employers, ImportFixture.employers)
        let bytes = Array(ImportFixture.employers.utf8)
        let expected = try fixture.connection.execute("SELECT encode(sha256(\(bytes)), 'hex')")
        #expect(summary.sha256 == (try expected.decode(String.self, row: 0, column: 0)))
    }
}
