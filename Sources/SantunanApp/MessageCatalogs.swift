public import Foundation

/// Loads the message catalogs of `config/messages/` (issue 20) and installs the one of the chosen language.
public enum MessageCatalogs {
    /// `config/messages/<language>.catalog`.
    public static func file(_ language: Language, paths: ProjectPaths) -> URL {
        paths.root.appendingPathComponent("config/messages/\(language.rawValue).catalog")
    }

    /// The catalog of `language`, read and checked.
    public static func load(_ language: Language, paths: ProjectPaths) throws(AppError) -> Catalog {
        let url = file(language, paths: paths)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw AppError(.internalError, field: "config/messages/\(language.rawValue).catalog", reason: "cannot read it")
        }
        do {
            return try Catalog(language: language, text: text, name: "config/messages/\(language.rawValue).catalog")
        } catch {
            throw Faults.appError(error)
        }
    }

    /// Resolves the language (`--lang`, `SANTUNAN_LANG`, the locale), loads its catalog and installs it for the
    /// process. Returns the language.
    @discardableResult
    public static func install(
        flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AppError) -> Language {
        let paths = try ProjectPaths.discover(environment: environment)
        let language: Language
        switch Language.resolve(flag: flag, environment: environment) {
        case .success(let chosen): language = chosen
        case .failure(let error):
            // Said in English: the language asked for is the one we do not know.
            Texts.install(try load(.english, paths: paths))
            throw Faults.appError(error)
        }
        let english = try load(.english, paths: paths)
        Texts.install(language == .english ? english : try load(language, paths: paths), english: english)
        return language
    }
}

/// The product's version, as `santunan --version` prints it.
public enum SantunanVersion {
    public static let current = "0.6.0"
}
