import ArgumentParser
import Foundation

/// `santunan-bench`: the speed and memory targets, measured in a release build (`swift run -c release santunan-bench …`).
///
/// Each subcommand prints its figures and the machine it ran on; the recorded figures live in `docs/benchmarks.md`.
@main
struct SantunanBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "santunan-bench",
        abstract: "Santunan's benchmarks (run in a release build).",
        discussion: """
            Example:
              swift run -c release santunan-bench rules
            """,
        subcommands: [
            RulesBench.self, QueueBench.self, PayoutsBench.self, LedgerBench.self, ImportBench.self, JHTBench.self,
            LedgerQueriesBench.self,
        ]
    )
}

/// The machine a figure was measured on, printed with every benchmark.
func machineDescription() -> String {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let memoryGiB = ProcessInfo.processInfo.physicalMemory / (1 << 30)
    var model = "unknown CPU"
    if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
        let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
        let name = line.split(separator: ":", maxSplits: 1).last
    {
        model = name.trimmingCharacters(in: .whitespaces)
    }
    return "\(model), \(cores) cores, \(memoryGiB) GiB"
}

/// How a figure compares with its target, printed next to it (the targets are the issues'; docs/benchmarks.md).
func verdict(_ met: Bool) -> String { met ? "MET" : "NOT MET" }

/// Monotonic seconds, for timing.
func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// The median of some measurements.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
