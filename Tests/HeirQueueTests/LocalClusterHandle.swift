import EmbeddedPostgres
import Foundation
import SantunanTestSupport

/// A started throwaway cluster in `directory`, with its application database.
final class LocalClusterHandle {
    let cluster: LocalCluster

    init(directory: URL) throws {
        var configuration = LocalCluster.Configuration(
            dataDirectory: directory.appendingPathComponent("pg", isDirectory: true), port: 5432)
        configuration.durability = .throwaway
        cluster = LocalCluster(configuration: configuration, logger: QueueFixtures.logger)
        try cluster.start()
    }

    var conninfo: String { cluster.conninfo }

    /// Stops and starts the server: every connection is cut.
    func restart() throws {
        try cluster.stop()
        try cluster.start()
    }

    func stop() throws {
        try cluster.stop()
    }
}
