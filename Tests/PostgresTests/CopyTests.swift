import Postgres
import Testing

@Suite("COPY FROM STDIN streams rows")
struct CopyTests {
    @Test func copyingOneHundredThousandRowsStoresThemAll() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE payout_line (id bigint PRIMARY KEY, amount bigint, note text)")
        let copied = try connection.copyIn("COPY payout_line (id, amount, note) FROM STDIN") { writer in
            for id in 1...100_000 {
                try writer.writeField(Int64(id))
                try writer.writeField(Int64(id) * 1_000)
                try writer.writeField(id.isMultiple(of: 10) ? nil : "santunan \(id)")
                try writer.endRow()
            }
            #expect(writer.rowsWritten == 100_000)
        }
        #expect(copied == 100_000)
        let result = try connection.execute("SELECT count(*), sum(amount), count(note) FROM payout_line")
        #expect(try result[0, 0] as Int64 == 100_000)
        #expect(try result[0, 1] as Int64 == 1_000 * 100_000 * 100_001 / 2)
        #expect(try result[0, 2] as Int64 == 90_000)
    }

    @Test func aBadRowThrowsItsSQLStateAndStoresNothing() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE payout_line (id bigint, amount bigint)")
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY payout_line FROM STDIN") { writer in
                for id in 1...1_000 {
                    try writer.writeRow([id, 10])
                }
                try writer.writeRow([1_001, "sepuluh"])
                for id in 1_002...2_000 {
                    try writer.writeRow([id, 10])
                }
            }
        }
        #expect(error.code == .copyFailed)
        #expect(error.sqlState == "22P02")
        #expect(connection.transactionStatus == .idle)
        #expect(try connection.execute("SELECT count(*) FROM payout_line")[0, 0] as Int == 0)
    }

    @Test func aDuplicateKeyInCopyReports23505() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE heir (id bigint PRIMARY KEY)")
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY heir FROM STDIN") { writer in
                try writer.writeRow([1])
                try writer.writeRow([1])
            }
        }
        #expect(error.sqlState == "23505")
        #expect(error.code == .copyFailed)
    }

    @Test func aProducerThatThrowsAbortsTheCopyAndItsErrorComesBack() throws {
        struct SourceUnavailable: Error {}
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE heir (id bigint)")
        #expect(throws: SourceUnavailable.self) {
            try connection.copyIn("COPY heir FROM STDIN") { writer in
                try writer.writeRow([1])
                throw SourceUnavailable()
            }
        }
        #expect(try connection.execute("SELECT count(*) FROM heir")[0, 0] as Int == 0)
        #expect(try connection.execute("SELECT 1")[0, 0] as Int == 1)
    }

    @Test func escapingRoundTripsTabsNewlinesBackslashesNullsAndBytea() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE note (id int, body text, flag boolean, raw bytea)")
        let tricky = "tab\there\nline\r\\N not null \\ ✓"
        let raw: [UInt8] = [0, 9, 10, 13, 92, 255]
        try connection.copyIn("COPY note FROM STDIN") { writer in
            try writer.writeRow([1, tricky, true, raw])
            try writer.writeRow([2, nil, nil, nil])
            try writer.writeRow([3, "", false, [UInt8]()])
        }
        let result = try connection.execute("SELECT body, flag, raw FROM note ORDER BY id")
        #expect(try result[0, 0] as String == tricky)
        #expect(try result[0, 1] as Bool == true)
        #expect(try result[0, 2] as [UInt8] == raw)
        #expect(try result[1, 0] as String? == nil)
        #expect(try result[1, 1] as Bool? == nil)
        #expect(try result[1, 2] as [UInt8]? == nil)
        #expect(try result[2, 0] as String == "")
        #expect(try result[2, 2] as [UInt8] == [])
    }

    @Test func textRowFormatsOneEscapedLine() throws {
        let row = try CopyWriter.textRow([Int64(-5), "a\tb\\c\nd", nil, true, [UInt8]([0xAB, 0x01])])
        #expect(row == "-5\ta\\tb\\\\c\\nd\t\\N\tt\t\\\\xab01\n")
    }

    @Test func preformattedCSVCanBeWrittenRaw() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE bank (code text, name text)")
        let copied = try connection.copyIn("COPY bank FROM STDIN WITH (FORMAT csv)") { writer in
            try writer.write("002,\"Bank Rakyat, Indonesia\"\n")
            try writer.write(Array("008,Mandiri\n".utf8))
        }
        #expect(copied == 2)
        #expect(
            try connection.execute("SELECT name FROM bank WHERE code = '002'")[0, 0] as String
                == "Bank Rakyat, Indonesia")
    }

    @Test func aStatementThatIsNotCopyFromStdinIsRefused() throws {
        let connection = try freshConnection()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("SELECT 1") { _ in }
        }
        #expect(error.code == .invalidArgument)
    }

    @Test func copyThroughExecuteIsRefusedAndLeavesTheConnectionUsable() throws {
        let connection = try freshConnection()
        try connection.executeScript("CREATE TABLE heir (id int)")
        let error = try #require(throws: PostgresError.self) { try connection.execute("COPY heir FROM STDIN") }
        #expect(error.code == .invalidArgument)
        #expect(connection.transactionStatus == .idle)
        #expect(try connection.execute("SELECT count(*) FROM heir")[0, 0] as Int == 0)
    }
}

@Suite("COPY TO STDOUT streams rows out")
struct CopyOutTests {
    @Test func oneHundredThousandBinaryRowsArriveWithTheirValuesAndNulls() throws {
        let connection = try freshConnection()
        var count = 0
        var sum: Int64 = 0
        var nulls = 0
        var lastDay = 0
        let rows = try connection.copyOutBinary(
            """
            COPY (SELECT g::bigint * 1000, CASE WHEN g % 10 <> 0 THEN g END, DATE '2024-02-29' + g
                  FROM generate_series(1, 100000) g) TO STDOUT WITH (FORMAT binary)
            """
        ) { row in
            #expect(row.fieldCount == 3)
            count += 1
            sum += try row.int64(0) ?? 0
            if try row.int32(1) == nil { nulls += 1 }
            lastDay = try row.date(2) ?? 0
        }
        #expect(rows == 100_000)
        #expect(count == 100_000)
        #expect(sum == 1_000 * 100_000 * 100_001 / 2)
        #expect(nulls == 10_000)
        // 2024-02-29 is day 19,782 since 1970-01-01.
        #expect(lastDay == 19_782 + 100_000)
    }

    @Test func aFieldReadAsTheWrongSizeThrows() throws {
        let connection = try freshConnection()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyOutBinary("COPY (SELECT 1::bigint) TO STDOUT WITH (FORMAT binary)") { row in
                _ = try row.int32(0)
            }
        }
        #expect(error.code == .decodingFailed)
        #expect(try connection.execute("SELECT 2")[0, 0] as Int == 2)
    }

    @Test func aServerErrorMidStreamThrowsItsSQLState() throws {
        let connection = try freshConnection()
        var seen = 0
        let error = try #require(throws: PostgresError.self) {
            try connection.copyOutBinary(
                "COPY (SELECT 100 / (50000 - g) FROM generate_series(1, 100000) g) TO STDOUT WITH (FORMAT binary)"
            ) { _ in seen += 1 }
        }
        #expect(error.sqlState == "22012")
        #expect(try connection.execute("SELECT 3")[0, 0] as Int == 3)
    }

    @Test func aTextFormatCopyIsRefused() throws {
        let connection = try freshConnection()
        let error = try #require(throws: PostgresError.self) {
            try connection.copyOutBinary("COPY (SELECT 1) TO STDOUT") { _ in }
        }
        #expect(error.code == .invalidArgument)
        #expect(try connection.execute("SELECT 4")[0, 0] as Int == 4)
    }

    /// Two binary COPYs on two connections, pulled in turns by one thread (as `ledger verify` merges its two tables):
    /// every row of each arrives in order, the end is reported once, and the connections take commands again.
    @Test func twoPulledBinaryCopiesInterleaveOnOneThread() throws {
        let first = try freshConnection()
        let second = try freshConnection()
        let odd = try first.startCopyOutBinary(
            "COPY (SELECT g::bigint FROM generate_series(1, 99999, 2) g) TO STDOUT WITH (FORMAT binary)")
        let even = try second.startCopyOutBinary(
            "COPY (SELECT g::bigint FROM generate_series(2, 100000, 2) g) TO STDOUT WITH (FORMAT binary)")
        var merged: [Int64] = []
        var open = [true, true]
        while open[0] || open[1] {
            for (index, reader) in [odd, even].enumerated() where open[index] {
                open[index] = try reader.read { row in merged.append(try row.int64(0) ?? 0) }
            }
        }
        #expect(merged == Array(1...100_000))
        #expect(odd.isFinished && even.isFinished && odd.rows == 50_000 && even.rows == 50_000)
        #expect(try odd.read { _ in Issue.record("a row after the end") } == false)
        #expect(try first.execute("SELECT 5")[0, 0] as Int == 5)
        #expect(try second.execute("SELECT 6")[0, 0] as Int == 6)
    }

    @Test func aPulledCopyThrowsTheServersErrorAndRefusesTextFormat() throws {
        let connection = try freshConnection()
        let reader = try connection.startCopyOutBinary(
            "COPY (SELECT 100 / (5000 - g) FROM generate_series(1, 10000) g) TO STDOUT WITH (FORMAT binary)")
        let error = try #require(throws: PostgresError.self) {
            while try reader.read({ _ in }) {}
        }
        #expect(error.sqlState == "22012")
        #expect(try connection.execute("SELECT 7")[0, 0] as Int == 7)
        let text = try #require(throws: PostgresError.self) {
            _ = try connection.startCopyOutBinary("COPY (SELECT 1) TO STDOUT")
        }
        #expect(text.code == .invalidArgument)
        #expect(try connection.execute("SELECT 8")[0, 0] as Int == 8)
    }
}
