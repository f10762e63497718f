import ClaimStore
import Foundation
import Postgres
import SantunanValues
import Testing

/// Imported history is bounded like a case file (issue 15, decision 0013 door-bounds): every door refuses what the
/// case file refuses, naming the line and column, and writes nothing.
@Suite struct ImportBoundsTests {
    /// The import day of these tests.
    static let today = CivilDate(year: 2024, month: 6, day: 15)!

    static func fixture() throws -> ImportFixture {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        try fixture.load(.participants, ImportFixture.participants)
        return fixture
    }

    static let contributionHeader = "kpj,month,wage,amount_jkk,amount_jkm,amount_jht,amount_jp,due_on,paid_on\n"
    static let goodRow = "14007825461,2022-01,3880000,34532,11640,221160,116400,2022-02-15,2022-02-14\n"

    /// Imports `text` as `kind` on `today` and returns the refusal; records an issue when it is accepted.
    static func refusal(_ fixture: ImportFixture, _ kind: ImportKind, _ text: String) throws -> ImportError? {
        let path = try fixture.file("bad-\(kind.rawValue).csv", text)
        do {
            _ = try Importer(connection: fixture.connection, logger: ImportFixture.logger, today: today)
                .importFile(kind, path: path)
            Issue.record("the file was accepted")
            return nil
        } catch let error as ImportError {
            return error
        }
    }

    @Test(arguments: [
        // A month from 1900 (the history that crashed a claim), and one more than 12 months after today.
        (
            "14007825461,1900-01,3880000,0,0,221160,0,1900-02-15,1900-02-14\n", "month",
            "\"1900-01\" is outside 1977-01…2025-06"
        ),
        ("14007825461,2025-07,3880000,0,0,221160,0,2025-08-15,\n", "month", "\"2025-07\" is outside 1977-01…2025-06"),
        // A 15-digit wage, and one amount above Rp 1.000.000.000.
        (
            "14007825461,2022-03,999999999999999,0,0,221160,0,2022-04-15,2022-04-14\n", "wage",
            "\"999999999999999\" exceeds Rp 1.000.000.000"
        ),
        (
            "14007825461,2022-03,3880000,0,0,1000000001,0,2022-04-15,\n", "amount_jht",
            "\"1000000001\" exceeds Rp 1.000.000.000"
        ),
        // Paid decades before the month it pays for (it raised the JHT balance), and paid after today + 1 year.
        (
            "14007825461,2022-03,3880000,0,0,221160,0,2022-04-15,1990-01-01\n", "paid_on",
            "\"1990-01-01\" is before the month it pays for (2022-03)"
        ),
        (
            "14007825461,2022-03,3880000,0,0,221160,0,2022-04-15,2025-06-16\n", "paid_on",
            "\"2025-06-16\" is after 2025-06-15"
        ),
        // Due before its month, or more than 12 months after it.
        (
            "14007825461,2022-03,3880000,0,0,221160,0,2022-02-28,\n", "due_on",
            "\"2022-02-28\" is outside its month 2022-03"
        ),
        (
            "14007825461,2022-03,3880000,0,0,221160,0,2023-04-01,\n", "due_on",
            "\"2023-04-01\" is outside its month 2022-03"
        ),
    ])
    func aContributionOutsideTheBoundsIsRefusedNamingLineAndColumnAndNothingIsWritten(
        row: String, column: String, reason: String
    ) throws {
        let fixture = try Self.fixture()
        let error = try #require(
            try Self.refusal(fixture, .contributions, Self.contributionHeader + Self.goodRow + row))
        #expect(error.code == .invalidValue)
        #expect(error.line == 3)
        #expect(error.column == column)
        #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        #expect(try fixture.count("contribution") == 0)
        #expect(try fixture.count("import_file") == 2)
    }

    @Test func aContributionPaidOnTheFirstDayOfItsMonthAndOneDueAYearLaterAreAccepted() throws {
        let fixture = try Self.fixture()
        let text =
            Self.contributionHeader + "14007825461,2024-03,1000000000,0,0,1000000000,0,2025-03-31,2024-03-01\n"
            + "14007825461,2025-06,3880000,0,0,221160,0,2025-07-15,\n"
        let summary = try Importer(connection: fixture.connection, logger: ImportFixture.logger, today: Self.today)
            .importFile(.contributions, path: try fixture.file("edge.csv", text))
        #expect(summary.inserted == ["contribution": 2])
    }

    @Test(arguments: [
        (2, "birth_date", "\"2030-01-01\" is outside 1900-01-01…2024-06-15"),
        (3, "start", "\"1900-01-01\" is outside 1950-01-01…2025-06-15"),
        (4, "reported_wage", "\"123456789012345\" exceeds Rp 1.000.000.000"),
        (5, "reported_on", "\"2099-01-01\" is outside 1950-01-01…2025-06-15"),
    ])
    func aParticipantOutsideTheBoundsIsRefusedAndNothingIsWritten(line: Int, column: String, reason: String) throws {
        let fixture = try ImportFixture()
        try fixture.load(.employers, ImportFixture.employers)
        let rows = [
            "1272011204820031,Rudi,1982-04-12,M,14007825461,PU,NN000001,,JKK+JKM,III,2014-03-01,,,2014-03-01,2171000",
            "1272011204820032,Sari,2030-01-01,F,14007825462,PU,NN000001,,JKK+JKM,III,2014-03-01,,,2014-03-01,2171000",
            "1272011204820033,Budi,1982-04-12,M,14007825463,PU,NN000001,,JKK+JKM,III,1900-01-01,,,2014-03-01,2171000",
            "1272011204820034,Dewi,1982-04-12,F,14007825464,PU,NN000001,,JKK+JKM,III,2014-03-01,,,2014-03-01,123456789012345",
            "1272011204820035,Ani,1982-04-12,F,14007825465,PU,NN000001,,JKK+JKM,III,2014-03-01,,,2099-01-01,2171000",
        ]
        // Each bad row alone after the good one, so the line named is the bad one's.
        let header = ImportKind.participants.header + "\n"
        let error = try #require(
            try Self.refusal(fixture, .participants, header + rows[0] + "\n" + rows[line - 1] + "\n"))
        #expect(error.line == 3)
        #expect(error.column == column)
        #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        #expect(try fixture.count("participant") == 0)
        #expect(try fixture.count("wage_report") == 0)
    }

    @Test func aSponsorWindowFrom1900IsRefused() throws {
        let fixture = try Self.fixture()
        let text =
            "sponsor,kind,programs,from,to,kpj\nPemkab,local_government,JKK+JKM,1900-01-01,1900-12-31,22109900411\n"
        let error = try #require(try Self.refusal(fixture, .sponsors, text))
        #expect(error.line == 2)
        #expect(error.column == "from")
        #expect(try fixture.count("sponsor") == 0)
    }

    @Test func aNulByteIsInvalidCSVNamingItsLineNotADatabaseFailure() throws {
        let fixture = try ImportFixture()
        let text =
            "npp,name,kind,branch_office,region\nNN000001,PT A,company,Medan,Medan\nNN000002,PT \u{0}B,company,Medan,Medan\n"
        let error = try #require(try Self.refusal(fixture, .employers, text))
        #expect(error.code == .invalidCSV)
        #expect(error.line == 3)
        #expect(try fixture.count("employer") == 0)
        // Inside a quoted field too.
        let quoted = "npp,name,kind,branch_office,region\n\"NN0\u{0}1\",PT A,company,Medan,Medan\n"
        let second = try #require(try Self.refusal(fixture, .employers, quoted))
        #expect(second.code == .invalidCSV && second.line == 2)
    }

    @Test func controlCharactersInAQuotedValueAreEscapedInTheMessage() throws {
        let fixture = try Self.fixture()
        let text = Self.contributionHeader + "14007825461,\"20\u{1B}[2J\n\r22\",3880000,0,0,221160,0,2022-04-15,\n"
        let error = try #require(try Self.refusal(fixture, .contributions, text))
        #expect(error.column == "month")
        #expect(error.reason.hasPrefix(#""20\u{1B}[2J\n\r22" is not a month"#), "\(error.reason)")
        #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        // The header line is quoted the same way.
        let header = try #require(try Self.refusal(fixture, .employers, "npp,na\u{7}me,kind,branch_office,region\n"))
        #expect(header.reason.contains(#""npp,na\u{7}me,kind,branch_office,region""#), "\(header.reason)")
    }

    @Test func theSchemaRefusesOutOfBoundsRowsWrittenDirectly() throws {
        let fixture = try Self.fixture()
        let ids = try fixture.connection.execute(
            "SELECT participant_id, id FROM membership WHERE kpj = '14007825461'")
        let participant: Int64 = try ids[0, 0]
        let membership: Int64 = try ids[0, 1]
        let statements: [(String, SQL)] = [
            (
                "contribution_bounds",
                """
                INSERT INTO contribution (participant_id, membership_id, month, wage, due_on)
                VALUES (\(participant), \(membership), '1900-01-01', 3880000, '1900-02-15')
                """
            ),
            (
                "contribution_bounds",
                """
                INSERT INTO contribution (participant_id, membership_id, month, wage, due_on)
                VALUES (\(participant), \(membership), '2022-01-01', 999999999999999, '2022-02-15')
                """
            ),
            (
                "contribution_bounds",
                """
                INSERT INTO contribution (participant_id, membership_id, month, wage, due_on, paid_on)
                VALUES (\(participant), \(membership), '2022-01-01', 3880000, '2022-02-15', '1990-01-01')
                """
            ),
            ("participant_birth_date_bounds", "UPDATE participant SET birth_date = '1850-01-01'"),
            ("wage_report_bounds", "UPDATE wage_report SET wage = 100000000000000"),
            ("membership_dates_bounds", "UPDATE membership SET start_date = '1800-01-01'"),
        ]
        for (constraint, statement) in statements {
            do {
                try fixture.connection.execute(statement)
                Issue.record("accepted: \(constraint)")
            } catch {
                #expect(error.sqlState == "23514")
                #expect(error.constraintName == constraint)
            }
        }
        #expect(try fixture.count("contribution") == 0)
    }
}
