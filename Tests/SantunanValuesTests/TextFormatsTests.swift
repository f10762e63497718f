import SantunanValues
import Testing

/// The shared rupiah, JSON and CSV texts (issue 17: one formatter each).
@Suite struct TextFormatsTests {
    @Test func rupiahGroupsThousandsWithDots() {
        #expect(RupiahText.text(0) == "Rp 0")
        #expect(RupiahText.text(999) == "Rp 999")
        #expect(RupiahText.text(1_000) == "Rp 1.000")
        #expect(RupiahText.text(42_000_000) == "Rp 42.000.000")
        #expect(RupiahText.text(-1_500) == "-Rp 1.500")
        #expect(RupiahText.text(.min) == "-Rp 9.223.372.036.854.775.808")
    }

    @Test func jsonQuotingEscapesQuotesBackslashesAndControls() {
        #expect(JSONText.quote("plain") == "\"plain\"")
        #expect(JSONText.quote("a\"b\\c\nd\re\tf\u{1}g\u{1F}") == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001f\"")
        #expect(JSONText.quote("Surabaya – é 😀") == "\"Surabaya – é 😀\"")
        #expect(JSONText.quoteOrNull(nil) == "null")
        #expect(JSONText.array(["a", "b\""]) == "[\"a\", \"b\\\"\"]")
        #expect(JSONText.array([]) == "[]")
    }

    /// Quoting is decided on bytes: `\r\n` is one `Character`, equal to neither `\r` nor `\n`.
    @Test func csvQuotesSeparatorsQuotesAndLineBreaks() {
        let comma = CSVText()
        #expect(comma.field("plain") == "plain")
        #expect(comma.field("a,b") == "\"a,b\"")
        #expect(comma.field("a;b") == "a;b")
        #expect(comma.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(comma.field("two\r\nlines") == "\"two\r\nlines\"")
        #expect(comma.field("two\nlines") == "\"two\nlines\"")
        #expect(comma.field("\"\u{301}") == "\"\"\"\u{301}\"")
        #expect(CSVText(separator: ";").row(["a;b", "c,d", "e"]) == "\"a;b\";c,d;e")
        var bytes: [UInt8] = []
        comma.appendRow(["a\"b,c", "plain"], to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == comma.row(["a\"b,c", "plain"]))
    }

    /// Dates for people take the shared date directly: ISO in English, the Indonesian month names in Indonesian.
    @Test func localeFormatsTheSharedDateAndMonth() {
        let date = CivilDate(year: 2024, month: 3, day: 10)!
        #expect(LocaleFormat(.english).date(date) == "2024-03-10")
        #expect(LocaleFormat(.indonesian).date(date) == "10 Maret 2024")
        #expect(LocaleFormat(.english).month(date.yearMonth) == "2024-03")
        #expect(LocaleFormat(.indonesian).month(date.yearMonth) == "Maret 2024")
        #expect(MessageArgument.date(date) == .date(year: 2024, month: 3, day: 10))
        #expect(MessageArgument.month(date.yearMonth) == .month(year: 2024, month: 3))
    }
}
