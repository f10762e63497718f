public import Foundation

/// The CLI's start-up over SantunanValues' ``Texts`` (which reads and installs the catalogs of `config/messages/`,
/// issue 20): resolves the language, finds the root, and turns the catalogs' and the language's errors into the
/// contract's ``AppError``.
public enum MessageCatalogs {
    /// The catalog of `language`, read and checked.
    public static func load(_ language: Language, paths: ProjectPaths) throws(AppError) -> Catalog {
        do {
            return try Texts.load(language, root: paths.root)
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
        do {
            try Texts.install(language, root: paths.root)
        } catch {
            throw Faults.appError(error)
        }
        return language
    }
}

/// The product's version, as `santunan --version` prints it.
public enum SantunanVersion {
    public static let current = "0.6.0"
}
