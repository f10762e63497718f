import EmbeddedPostgres
import Foundation
import SantunanTestSupport
import Testing

/// A second (third, ...) process for tests of what happens when separate commands run at once.
///
/// It re-runs this very test binary with a filter that selects ``actAsChildProcess()`` and an environment variable
/// naming what the child should do; in a normal run that variable is absent and the test is skipped.
enum ChildProcess {
    static let dataDirectoryVariable = "SANTUNAN_TEST_CHILD_DATA_DIRECTORY"

    struct Running {
        let process: Process
        let output: Pipe

        func wait() -> (Int32, String) {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    /// Starts a child process that calls `ensureInitialized()` and `start()` on the cluster in `dataDirectory`.
    static func startCluster(dataDirectory: String) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["--testing-library", "swift-testing", "--filter", "actAsChildProcess"]
        var environment = ProcessInfo.processInfo.environment
        environment[dataDirectoryVariable] = dataDirectory
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return Running(process: process, output: output)
    }
}

/// The body of a child process started by ``ChildProcess``; skipped in a normal test run.
@Test(.enabled(if: ProcessInfo.processInfo.environment[ChildProcess.dataDirectoryVariable] != nil))
func actAsChildProcess() throws {
    let path = try #require(ProcessInfo.processInfo.environment[ChildProcess.dataDirectoryVariable])
    var configuration = LocalCluster.Configuration(dataDirectory: URL(fileURLWithPath: path))
    configuration.durability = .throwaway
    let cluster = LocalCluster(configuration: configuration, logger: TestLogging.logger("santunan.test.child"))
    try cluster.ensureInitialized()
    try cluster.start()
}
