public import Foundation

extension LocalCluster {
    /// Where a cluster lives and how its server is reached and tuned.
    public struct Configuration: Sendable {
        /// The data directory relative to a project root: `./.santunan/pg`.
        public static let defaultRelativeDataDirectory = ".santunan/pg"
        /// The application database created on first start.
        public static let defaultDatabase = "santunan"

        /// The cluster's data directory; its parent holds the lock file and the staging directory of `initdb`.
        public var dataDirectory: URL
        /// The directory of the server's unix socket; by default the data directory itself, which is private to
        /// the server user (mode 700), so no other local user can connect. Another directory must already exist
        /// and be writable by the server user.
        public var socketDirectory: URL
        /// The port number. The server never listens on TCP; the number only names the socket file
        /// (`.s.PGSQL.<port>`).
        public var port: Int
        /// The bootstrap superuser's role name (`initdb -U`).
        public var superuser: String
        /// The application database that ``LocalCluster/start()`` creates when it is missing.
        public var database: String
        /// Extra server settings passed as `-c name=value` at every start.
        public var serverSettings: [String: String]
        /// Whether the cluster must survive a crash of the machine.
        public var durability: Durability
        /// A directory holding `initdb`, `pg_ctl` and `postgres`, overriding the search.
        public var binaryDirectory: URL?

        /// A cluster in `projectRoot/.santunan/pg` (or `relativeDataDirectory`).
        public init(
            projectRoot: URL,
            relativeDataDirectory: String = Configuration.defaultRelativeDataDirectory,
            port: Int = 5432,
            superuser: String = "postgres",
            database: String = Configuration.defaultDatabase
        ) {
            self.init(
                dataDirectory: projectRoot.appendingPathComponent(relativeDataDirectory, isDirectory: true),
                port: port,
                superuser: superuser,
                database: database
            )
        }

        /// A cluster whose data directory is `dataDirectory`, with the socket inside it.
        public init(
            dataDirectory: URL,
            port: Int = 5432,
            superuser: String = "postgres",
            database: String = Configuration.defaultDatabase
        ) {
            let standardized = dataDirectory.standardizedFileURL
            self.dataDirectory = standardized
            self.socketDirectory = standardized
            self.port = port
            self.superuser = superuser
            self.database = database
            self.serverSettings = [:]
            self.durability = .durable
            self.binaryDirectory = nil
        }

        /// The file whose `flock` serialises `initdb`, start and stop across processes: `<data dir>.lock`.
        public var lockFile: URL {
            dataDirectory.deletingLastPathComponent()
                .appendingPathComponent(dataDirectory.lastPathComponent + ".lock")
        }

        /// Where `initdb` builds a new cluster before it is renamed into place: `<data dir>.initdb`.
        var stagingDirectory: URL {
            dataDirectory.deletingLastPathComponent()
                .appendingPathComponent(dataDirectory.lastPathComponent + ".initdb", isDirectory: true)
        }

        /// The server log that `pg_ctl start -l` appends to.
        public var logFile: URL {
            dataDirectory.appendingPathComponent("server.log")
        }

        /// The socket file the server creates.
        public var socketFile: URL {
            socketDirectory.appendingPathComponent(".s.PGSQL.\(port)")
        }
    }

    /// How much a cluster protects its data against a crash of the machine.
    public enum Durability: Sendable, Hashable {
        /// PostgreSQL's defaults: every commit reaches the disk.
        case durable
        /// For throwaway test clusters: `initdb --no-sync`, and `fsync`, `synchronous_commit` and
        /// `full_page_writes` off. A crash of the machine may corrupt the cluster; a crash of the server does not.
        case throwaway
    }
}
