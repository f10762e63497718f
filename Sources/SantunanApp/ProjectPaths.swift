public import Foundation

/// Where Santunan finds its shipped files (`config/`, `Schema/`, `cases/`, `schemas/`) and keeps its embedded cluster.
///
/// The root is `SANTUNAN_HOME` when set, else the nearest directory at or above the working directory, or above the
/// executable, that holds both `config/` and `Schema/` — so `swift run` and `.build/…/santunan` both work from a clone
/// (the search is SantunanValues' ``ProjectRoot``, which the message catalogs use too).
public struct ProjectPaths: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    /// Finds the project root (``ProjectRoot/search(environment:)``), or fails with an error that says how to point
    /// at it.
    public static func discover(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AppError)
        -> ProjectPaths
    {
        switch ProjectRoot.search(environment: environment) {
        case .root(let url):
            return ProjectPaths(root: url)
        case .badHome(let home):
            throw AppError(
                .inputMissing, field: "SANTUNAN_HOME",
                reason: "\(home) has no config/ and Schema/ directories; point it at a Santunan checkout")
        case .notFound:
            throw AppError(
                .inputMissing, field: "config",
                reason:
                    "cannot find Santunan's config/ and Schema/ directories; run from the checkout or set SANTUNAN_HOME"
            )
        }
    }

    public var config: URL { root.appendingPathComponent("config", isDirectory: true) }
    public var schema: URL { root.appendingPathComponent("Schema", isDirectory: true) }
    public var cases: URL { root.appendingPathComponent("cases", isDirectory: true) }
    public var xmlSchemas: URL { root.appendingPathComponent("schemas", isDirectory: true) }

    /// The embedded cluster's directory: `SANTUNAN_PGDATA`, else `<root>/.santunan/pg` (CONTRACT §5).
    public func clusterDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let data = environment["SANTUNAN_PGDATA"], !data.isEmpty {
            return URL(fileURLWithPath: data, isDirectory: true)
        }
        return root.appendingPathComponent(".santunan/pg", isDirectory: true)
    }
}
