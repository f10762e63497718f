import Logging
import Postgres
import SantunanTestSupport
import Testing

@Suite("Server notices reach the caller's logger")
struct NoticeTests {
    @Test func noticesAndWarningsAreLoggedWithTheirSQLState() throws {
        let (logger, store) = RecordingLogHandler.logger()
        let connection = try freshConnection(logger: logger)
        try connection.executeScript(
            """
            DO $$
            BEGIN
                RAISE NOTICE 'batch % checked', 7;
                RAISE WARNING 'parameter table expires soon' USING ERRCODE = '01000';
            END
            $$;
            """
        )
        let notice = try #require(store.entries.first { $0.message == "batch 7 checked" })
        #expect(notice.level == .notice)
        #expect(notice.metadata["sqlstate"] == "00000")
        let warning = try #require(store.entries.first { $0.message == "parameter table expires soon" })
        #expect(warning.level == .warning)
        #expect(warning.metadata["sqlstate"] == "01000")
    }

    @Test func boundValuesNeverReachTheLog() throws {
        let (logger, store) = RecordingLogHandler.logger()
        let connection = try freshConnection(logger: logger)
        let nik = "3171012345678901"
        try connection.execute("SELECT \(nik)::text")
        _ = try? connection.execute("SELECT \(nik)::bigint / 0")
        try connection.transaction { connection in
            try connection.execute("SELECT \(nik)::text")
        }
        connection.close()
        #expect(!store.entries.isEmpty)
        for entry in store.entries {
            #expect(!entry.message.contains(nik))
            #expect(!entry.metadata.description.contains(nik))
        }
    }
}
