import ArgumentParser
import Foundation
import Logging
import Payouts
import SantunanApp

/// `santunan batch …`.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Prepare, approve, export and reconcile payout batches.",
        discussion: """
            A batch goes prepared -> approved (or rejected) -> exported -> reconciled. The preparer (maker) can never
            approve or reject their own batch (exit 77): another user (checker) decides.

            Example, end to end:
              santunan payouts due --on 2024-03-18 --as ani
              santunan batch prepare --as ani --json
              santunan batch approve PB-2024-0001 --as budi
              santunan batch export PB-2024-0001 --format pain001 --out PB-2024-0001.xml
              santunan batch reconcile PB-2024-0001 status-report.xml --as budi
            """,
        subcommands: [
            BatchPrepareCommand.self, BatchApproveCommand.self, BatchRejectCommand.self, BatchExportCommand.self,
            BatchReconcileCommand.self, BatchListCommand.self, BatchShowCommand.self,
        ]
    )
}

/// Opening the payout service for a command.
enum PayoutCLI {
    static func open(_ database: DatabaseOptions) throws -> PayoutService {
        let paths = try ProjectPaths.discover()
        let logger = Logger(label: "santunan.payouts")
        return try PayoutService.open(
            databaseURL: database.databaseURL, paths: paths, clock: try PayoutClock.fromEnvironment(), logger: logger)
    }

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func json(_ text: String?) -> String { text.map { json($0) } ?? "null" }

    /// `{"id": …, "state": …, …}` for a batch.
    static func json(_ batch: BatchSummary) -> String {
        let totals = batch.totals.map {
            "\(json($0.program.rawValue)): {\"lines\": \($0.lines), \"total\": \($0.total)}"
        }.joined(separator: ", ")
        return """
            {"batch_id": \(json(batch.id)), "state": \(json(batch.state.rawValue)), "lines": \(batch.lineCount), \
            "total": \(batch.total), "by_program": {\(totals)}, "prepared_by": \(json(batch.preparedBy)), \
            "prepared_at": \(json(batch.preparedAt.description)), "decided_by": \(json(batch.decidedBy)), \
            "decided_at": \(json(batch.decidedAt?.description)), "rejection_reason": \(json(batch.rejectionReason)), \
            "requested_execution_date": \(json(batch.requestedExecutionDate?.description))}
            """
    }

    /// Human-readable batch header.
    static func text(_ batch: BatchSummary) -> String {
        var lines = [
            "batch \(batch.id): \(batch.state.rawValue), \(batch.lineCount) lines, \(rupiah(batch.total))",
            "prepared by \(batch.preparedBy) at \(batch.preparedAt)",
        ]
        for total in batch.totals {
            lines.append("  \(total.program.rawValue): \(total.lines) lines, \(rupiah(total.total))")
        }
        if let decidedBy = batch.decidedBy, let decidedAt = batch.decidedAt {
            lines.append("\(batch.state == .rejected ? "rejected" : "approved") by \(decidedBy) at \(decidedAt)")
        }
        if let reason = batch.rejectionReason { lines.append("reason: \(reason)") }
        if let date = batch.requestedExecutionDate { lines.append("requested execution date: \(date)") }
        return lines.joined(separator: "\n")
    }

    /// `Rp 42.000.000`.
    static func rupiah(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(".") }
            grouped.append(character)
        }
        return (value < 0 ? "-Rp " : "Rp ") + grouped
    }

    /// A program name from an option, or a usage error.
    static func program(_ text: String?) throws -> PayoutProgram? {
        guard let text else { return nil }
        guard let program = PayoutProgram(rawValue: text.uppercased()) else {
            throw AppError(.usage, field: "--program", reason: "\(text) is not one of JKK, JKM, JHT, JP")
        }
        return program
    }
}
