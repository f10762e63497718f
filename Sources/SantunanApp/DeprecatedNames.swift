public import SantunanValues

// Forwarding names kept while the CLI files (Sources/santunan, rewritten by the family helpers in session 6) still
// call them; the shared values of SantunanValues replaced them (issue 17). Delete each once nothing names it.

/// The ledger's date is the shared ``CivilDate``.
@available(*, deprecated, renamed: "CivilDate")
public typealias LedgerDate = CivilDate

/// The payouts' date is the shared ``CivilDate``.
@available(*, deprecated, renamed: "CivilDate")
public typealias BankDate = CivilDate

/// JSON string quoting is ``JSONText``.
@available(*, deprecated, renamed: "JSONText")
public enum JSONString {
    @available(*, deprecated, renamed: "JSONText.quote(_:)")
    public static func quote(_ text: String) -> String { JSONText.quote(text) }
}
