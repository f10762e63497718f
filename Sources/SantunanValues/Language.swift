/// The language a person reads the product in (issue 20): Bahasa Indonesia or English.
///
/// Machine outputs (`--json`, `--csv`, pain.001, the ledger's canonical texts) never depend on it.
public enum Language: String, Sendable, CaseIterable, Hashable {
    case indonesian = "id"
    case english = "en"

    /// The language from, in order: `--lang`, `SANTUNAN_LANG`, then the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`,
    /// the first one set, as POSIX orders them). A locale that is Indonesian (`id_ID.UTF-8`, `id`, and the
    /// withdrawn code `in_ID`) gives Indonesian; any other locale, or none (`C`, `POSIX`), gives English, so
    /// scripts and the test corpus written against the English outputs keep them.
    ///
    /// A `--lang` or `SANTUNAN_LANG` that names no supported language is an error naming it, not a silent
    /// fallback: a branch that set `SANTUNAN_LANG=ind` should learn at once that it reads English.
    public static func resolve(flag: String?, environment: [String: String]) -> Result<Language, LanguageError> {
        if let flag {
            guard let language = Language(code: flag) else { return .failure(LanguageError(source: "--lang", given: flag)) }
            return .success(language)
        }
        if let chosen = environment["SANTUNAN_LANG"], !chosen.isEmpty {
            guard let language = Language(code: chosen) else {
                return .failure(LanguageError(source: "SANTUNAN_LANG", given: chosen))
            }
            return .success(language)
        }
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let locale = environment[variable], !locale.isEmpty else { continue }
            return .success(Language(locale: locale))
        }
        return .success(.english)
    }

    /// `id` or `en` (any case), as `--lang` and `SANTUNAN_LANG` take them.
    public init?(code: String) {
        switch code.lowercased() {
        case "id", "ind", "indonesian", "bahasa": self = .indonesian
        case "en", "eng", "english": self = .english
        default: return nil
        }
    }

    /// The language of a POSIX locale name such as `id_ID.UTF-8`.
    public init(locale: String) {
        let language = locale.prefix { $0 != "_" && $0 != "." && $0 != "@" }.lowercased()
        self = (language == "id" || language == "in") ? .indonesian : .english
    }
}

/// A `--lang` or `SANTUNAN_LANG` naming no supported language.
public struct LanguageError: Error, Sendable, Hashable {
    /// `--lang` or `SANTUNAN_LANG`.
    public var source: String
    public var given: String
}
