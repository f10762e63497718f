import ClaimStore
import Postgres
import Testing

@Suite struct SponsorTests {
    static let window = """
        sponsor,kind,programs,from,to,kpj
        Pemerintah Kabupaten Labuhanbatu Selatan,local_government,JKK+JKM,2022-10-01,2022-12-31,22109900411

        """

    @Test func aSponsorWindowCoversEachProgramOfItsMembership() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        let summary = try fixture.load(.sponsors, Self.window)
        #expect(summary.inserted == ["sponsor": 1, "sponsor_window": 1, "sponsor_cover": 2])
        let again = try fixture.load(.sponsors, Self.window, name: "again.csv")
        #expect(again.alreadyImported)
        #expect(try fixture.count("sponsor_cover") == 2)
    }

    @Test func anOverlappingWindowOfAnotherSponsorIsRejectedAtImport() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        try fixture.load(.sponsors, Self.window)
        let overlapping = """
            sponsor,kind,programs,from,to,kpj
            CSR PT Sawit Lestari,csr,JKM,2022-12-01,2023-02-28,22109900411

            """
        let error = try #require(throws: ImportError.self) {
            try fixture.load(.sponsors, overlapping, name: "overlap.csv")
        }
        #expect(
            error.description
                == "line 2, column kpj: \"22109900411\" is already covered for an overlapping period by the sponsor "
                + "window Pemerintah Kabupaten Labuhanbatu Selatan 2022-10-01..2022-12-31")
        #expect(try fixture.count("sponsor") == 1)
    }

    @Test func twoOverlappingWindowsInOneFileAreRejected() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        let file = """
            sponsor,kind,programs,from,to,kpj
            Pemerintah Kabupaten Labuhanbatu Selatan,local_government,JKK+JKM,2022-10-01,2022-12-31,22109900411
            CSR PT Sawit Lestari,csr,JKK,2022-12-31,2023-03-31,22109900411

            """
        let error = try #require(throws: ImportError.self) { try fixture.load(.sponsors, file) }
        #expect(error.line == 3)
        #expect(error.column == "kpj")
        #expect(try fixture.count("sponsor_cover") == 0)
    }

    @Test func theDatabaseRefusesOverlappingCoverForOneParticipantAndProgram() throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        try fixture.load(.sponsors, Self.window)
        let error = try #require(throws: PostgresError.self) {
            try fixture.connection.executeScript(
                """
                INSERT INTO sponsor (name, kind) VALUES ('CSR Lain', 'csr');
                INSERT INTO sponsor_window (sponsor_id, programs, valid_from, valid_to)
                SELECT id, ARRAY['JKM'], DATE '2022-12-15', DATE '2023-01-31' FROM sponsor WHERE name = 'CSR Lain';
                INSERT INTO sponsor_cover (window_id, membership_id, participant_id, program, period)
                SELECT w.id, m.id, m.participant_id, 'JKM', daterange(w.valid_from, w.valid_to, '[]')
                FROM sponsor_window w, membership m WHERE m.kpj = '22109900411' AND w.valid_from = DATE '2022-12-15';
                """)
        }
        #expect(error.sqlState == "23P01")
        #expect(error.constraintName == "sponsor_cover_no_overlap")
    }
}
