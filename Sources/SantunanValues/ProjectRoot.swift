public import Foundation

/// Where the shipped files (`config/`, `Schema/`, `cases/`, `schemas/`) are found at run time: `SANTUNAN_HOME` when
/// set, else the nearest directory at or above the working directory, or above the executable, that holds both
/// `config/` and `Schema/` — so `swift run` and `.build/…/santunan` both work from a clone (docs/decisions/0001).
///
/// The search lives here, below every module, because the message catalogs are found by it too: ``Texts`` reads the
/// shipped English catalog itself when no door installed one, so a library caller reads its messages as the CLI
/// prints them (docs/decisions/0021, session 7). SantunanApp's `ProjectPaths` turns the answer into its paths or
/// into the error that says how to point at the root.
public enum ProjectRoot {
    /// What the search found.
    public enum Found: Sendable, Hashable {
        /// The root directory.
        case root(URL)
        /// `SANTUNAN_HOME` (the value given) names a directory without `config/` and `Schema/`.
        case badHome(String)
        /// No directory above the working directory or the executable holds both.
        case notFound
    }

    /// Searches as the type's documentation says.
    public static func search(environment: [String: String] = ProcessInfo.processInfo.environment) -> Found {
        if let home = environment["SANTUNAN_HOME"], !home.isEmpty {
            let url = URL(fileURLWithPath: home, isDirectory: true)
            return isRoot(url) ? .root(url) : .badHome(home)
        }
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
                .deletingLastPathComponent(),
        ]
        for start in starts {
            var candidate = start.standardizedFileURL
            while true {
                if isRoot(candidate) { return .root(candidate) }
                let parent = candidate.deletingLastPathComponent()
                if parent.path == candidate.path { break }
                candidate = parent
            }
        }
        return .notFound
    }

    /// Whether `url` holds both `config/` and `Schema/` directories.
    public static func isRoot(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent("config").path, isDirectory: &isDirectory)
            && isDirectory.boolValue
            && manager.fileExists(atPath: url.appendingPathComponent("Schema").path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }
}
