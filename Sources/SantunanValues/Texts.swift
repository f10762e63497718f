public import Foundation

/// The process's catalog: installed once at start-up (the CLI after reading `--lang`, the server per request's
/// `Accept-Language` through its own ``Catalog`` values), read by every view that prints for a person.
///
/// This is the one door to the catalogs (docs/decisions/0021, session 7): it reads them from the shipped
/// `config/messages/` (``load(_:root:)``) and, when no door installed one, reads the shipped English catalog itself
/// on first use, so a library caller that never ran a door's start-up (a test calling a use case directly, a tool)
/// reads its messages in English as the CLI prints them, not as `⟦key⟧`.
///
/// Views that must render in a given language (the golden-file tests render both in one process) take a
/// ``Catalog`` value instead of reading this one.
public enum Texts {
    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        /// What a door installed; `nil` until then.
        var catalog: Catalog?
        var english: Catalog?
        /// The shipped English catalog, read once when needed before a door installs one.
        var shipped: Catalog?

        /// `shipped`, read now if not yet. Called with `lock` held.
        func shippedEnglish() -> Catalog {
            if let shipped { return shipped }
            let loaded = Texts.shipped(.english) ?? Catalog(language: .english)
            shipped = loaded
            return loaded
        }
    }

    private static let box = Box()

    /// The installed catalog; before ``install(_:)``, the shipped English one (empty when none is found: keys render
    /// visibly).
    public static var catalog: Catalog {
        box.lock.lock()
        defer { box.lock.unlock() }
        return box.catalog ?? box.shippedEnglish()
    }

    /// The English catalog, whose `errors.` messages are the patterns of the lower modules' English reasons.
    public static var english: Catalog {
        box.lock.lock()
        defer { box.lock.unlock() }
        return box.english ?? box.shippedEnglish()
    }

    /// Installs `catalog` for the process, with the English one for translating the lower modules' reasons.
    public static func install(_ catalog: Catalog, english: Catalog) {
        box.lock.lock()
        box.catalog = catalog
        box.english = english
        box.lock.unlock()
    }

    /// Reads the shipped catalogs of `language` and English under `root` and installs them for the process.
    public static func install(_ language: Language, root: URL) throws(CatalogError) {
        let english = try load(.english, root: root)
        install(language == .english ? english : try load(language, root: root), english: english)
    }

    /// The reason ``load(_:root:)`` gives for a catalog file it cannot read.
    public static let unreadable = "cannot read it"

    /// The catalog of `language` shipped under `root` (`config/messages/<language>.catalog`), read and checked. Its
    /// errors name the file as `config/messages/<language>.catalog`; one that cannot be read has the reason
    /// ``unreadable`` and line 0.
    public static func load(_ language: Language, root: URL) throws(CatalogError) -> Catalog {
        let name = "config/messages/\(language.rawValue).catalog"
        guard let text = try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8) else {
            throw CatalogError(file: name, line: 0, reason: unreadable)
        }
        return try Catalog(language: language, text: text, name: name)
    }

    /// The catalog of `language` under the root ``ProjectRoot`` finds, or `nil` when there is none or it is broken
    /// (a door's start-up reports that; a library caller gets the empty catalog, whose keys render visibly).
    static func shipped(_ language: Language) -> Catalog? {
        guard case .root(let root) = ProjectRoot.search() else { return nil }
        return try? load(language, root: root)
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
/// The one `t` of the product: SantunanApp and the CLI call this one.
public func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
    Texts.text(key, arguments)
}
