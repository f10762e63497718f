import Foundation

/// The process's catalog: installed once at start-up (the CLI after reading `--lang`, the server per request's
/// `Accept-Language` through its own ``Catalog`` values), read by every view that prints for a person.
///
/// Views that must render in a given language (the golden-file tests render both in one process) take a
/// ``Catalog`` value instead of reading this one.
public enum Texts {
    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var catalog = Catalog(language: .english)
        var english = Catalog(language: .english)
    }

    private static let box = Box()

    /// The installed catalog (an empty English one until ``install(_:)``: keys render visibly).
    public static var catalog: Catalog {
        box.lock.lock()
        defer { box.lock.unlock() }
        return box.catalog
    }

    /// The English catalog, whose `errors.` messages are the patterns of the lower modules' English reasons.
    public static var english: Catalog {
        box.lock.lock()
        defer { box.lock.unlock() }
        return box.english
    }

    /// Installs `catalog` for the process, with the English one for translating the lower modules' reasons.
    public static func install(_ catalog: Catalog, english: Catalog) {
        box.lock.lock()
        box.catalog = catalog
        box.english = english
        box.lock.unlock()
    }

    /// A reason a lower module wrote in English, in the installed language (unchanged when English, or when no
    /// `errors.` message of the catalogs matches it).
    public static func reason(_ english: String) -> String {
        let catalog = catalog
        guard catalog.language != .english else { return english }
        return catalog.translate(english, from: Self.english, prefix: "errors.") ?? english
    }

    /// The installed catalog's language.
    public static var language: Language { catalog.language }

    /// Installs `catalog` for the process.
    public static func install(_ catalog: Catalog) {
        box.lock.lock()
        box.catalog = catalog
        box.lock.unlock()
    }

    /// The message `key` in the installed language.
    public static func text(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        catalog.render(key, arguments)
    }

    /// Formats of the installed language.
    public static var format: LocaleFormat { LocaleFormat(language) }
}

/// The message `key` in the installed language: `t("claim.list.empty")`, `t("batch.lines", ["count": .number(3)])`.
public func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
    Texts.text(key, arguments)
}
