import Foundation
import SantunanTestSupport
import Testing

/// Issue 21's read resources over real HTTP: a participant's summary and the auditors' balance at a date, trial
/// balance and JHT statement — each the same document the CLI's `--json` prints for the same data, each refused
/// (403, the CLI's exit 77) to a role whose database rights do not reach it.
@Suite("HTTP service: participant and ledger queries", .serialized)
struct QueryRoutesTests {
    /// Loads a small generated region (employers, participants, contributions) with the CLI and posts its
    /// contributions to the ledger; returns a KPJ that carries JHT.
    static func loadRegion(_ server: RunningServer) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("santunan-query-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let cli = CLIRunner()
        let generated = try cli.run(
            ["sample", "generate", "--participants", "10", "--years", "2", "--seed", "7", "--out", scratch.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        for kind in ["employers", "participants", "contributions"] {
            let imported = try cli.run(
                ["import", kind, scratch.appendingPathComponent("\(kind).csv").path, "--database-url", server.conninfo])
            #expect(imported.status == 0, "\(kind): \(imported.stderr)")
        }
        let posted = try cli.run(
            ["ledger", "post-contributions", "--as", "ani", "--database-url", server.conninfo])
        #expect(posted.status == 0, "\(posted.stderr)")
        let participants = try String(
            contentsOf: scratch.appendingPathComponent("participants.csv"), encoding: .utf8)
        let row = try #require(participants.split(separator: "\n").dropFirst().first { $0.contains("JHT") })
        return String(row.split(separator: ",")[4])
    }

    /// The CLI's `--json` output as an object, run on the server's database on the server's day.
    static func cliJSON(_ server: RunningServer, _ arguments: [String]) throws -> [String: Any] {
        let outcome = try CLIRunner(environment: ["SANTUNAN_FIXED_CLOCK": "2023-03-01T10:00:00+07:00"])
            .run(arguments + ["--json", "--database-url", server.conninfo])
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// The CLI's `--json` of a table: an array of rows (issue 18), where the service keeps its documented objects.
    static func cliRows(_ server: RunningServer, _ arguments: [String]) throws -> [[String: Any]] {
        let outcome = try CLIRunner(environment: ["SANTUNAN_FIXED_CLOCK": "2023-03-01T10:00:00+07:00"])
            .run(arguments + ["--json", "--database-url", server.conninfo])
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) as? [[String: Any]] ?? []
    }

    static func int(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }

    @Test func participantAndLedgerQueriesMatchTheCLIAndFollowTheRoles() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let kpj = try Self.loadRegion(server)
        let officer = server.tokens["ani"]!
        let approver = server.tokens["budi"]!
        let auditor = server.tokens["siti"]!

        // The participant's summary: the officer's page, the same as `participant show --json`.
        let summary = try await server.client.call("GET", "/v1/participants/\(kpj)", token: officer)
        #expect(summary.status == 200, "\(summary.text)")
        let shown = try Self.cliJSON(server, ["participant", "show", kpj])
        #expect(summary.json["nik"] as? String == shown["nik"] as? String)
        #expect(
            (summary.json["jht_balance"] as? NSNumber)?.int64Value == (shown["jht_balance"] as? NSNumber)?.int64Value)
        #expect((summary.json["jht_balance"] as? NSNumber)?.int64Value ?? 0 > 0)
        let memberships = try #require(summary.json["memberships"] as? [[String: Any]])
        let cliMemberships = try #require(shown["memberships"] as? [[String: Any]])
        #expect(memberships.map { $0["kpj"] as? String } == cliMemberships.map { $0["kpj"] as? String })
        #expect(
            NSDictionary(dictionary: memberships[0]["contributions"] as? [String: Any] ?? [:])
                == NSDictionary(dictionary: cliMemberships[0]["contributions"] as? [String: Any] ?? ["x": 1]))
        #expect(try await server.client.call("GET", "/v1/participants/\(kpj)", token: auditor).status == 200)
        // An approver's role reads no participant table: refused by the database, 403 as the CLI's 77.
        let approverReads = try await server.client.call("GET", "/v1/participants/\(kpj)", token: approver)
        #expect(approverReads.status == 403, "\(approverReads.text)")
        #expect(approverReads.json["exit_status"] as? Int == 77)
        // Unknown: the CLI's 66 (not found) and its error line, 404; a name in the path: 400.
        let unknown = try await server.client.call("GET", "/v1/participants/99999999999", token: officer)
        #expect(unknown.status == 404)
        let cliUnknown = try CLIRunner().run(["participant", "show", "99999999999", "--database-url", server.conninfo])
        #expect(cliUnknown.status == 66)
        #expect(cliUnknown.stderr == "error: \(unknown.json["detail"] as? String ?? "?")\n")
        #expect(try await server.client.call("GET", "/v1/participants/budi", token: officer).status == 400)

        // Balance at a date: the auditor's, the same as `ledger balance --json`.
        let account = "JHT:\(kpj)"
        let balances = try await server.client.call(
            "GET", "/v1/ledger/balances?account=\(account)&at=2024-06-30", token: auditor)
        #expect(balances.status == 200, "\(balances.text)")
        let cliRows = try Self.cliRows(server, ["ledger", "balance", "--account", account, "--at", "2024-06-30"])
        let rows = try #require(balances.json["accounts"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(cliRows.count == 1)
        #expect(rows.first?["account"] as? String == cliRows.first?["account"] as? String)
        #expect(Self.int(rows.first?["balance"]) == Self.int(cliRows.first?["balance"]))
        let balanceAtMid = (rows.first?["balance"] as? NSNumber)?.int64Value ?? 0
        #expect(balanceAtMid > 0)

        // The trial balance, by class and per account, balanced, with the CLI's totals.
        let trial = try await server.client.call("GET", "/v1/ledger/trial-balance?at=2024-12-31", token: auditor)
        #expect(trial.status == 200, "\(trial.text)")
        #expect(trial.json["balanced"] as? Bool == true)
        let cliTrial = try Self.cliRows(server, ["ledger", "trial-balance", "--at", "2024-12-31"])
        // The CLI's last row is the totals (its CSV's TOTAL); the rows before it are the classes.
        #expect(Self.int(trial.json["total_debit"]) == Self.int(cliTrial.last?["debit"]))
        #expect((trial.json["classes"] as? [Any])?.count == cliTrial.count - 1)
        let detail = try await server.client.call("GET", "/v1/ledger/trial-balance?detail=true", token: auditor)
        let cliDetail = try Self.cliRows(server, ["ledger", "trial-balance", "--detail"])
        let detailAccounts = (detail.json["accounts"] as? [[String: Any]] ?? []).compactMap { $0["account"] as? String }
        #expect(!detailAccounts.isEmpty)
        #expect(detailAccounts == cliDetail.dropLast().compactMap { $0["account"] as? String })

        // The JHT statement up to the same date closes on that balance.
        let statement = try await server.client.call(
            "GET", "/v1/ledger/statements/\(kpj)?to=2024-06-30", token: auditor)
        #expect(statement.status == 200, "\(statement.text)")
        #expect((statement.json["closing_balance"] as? NSNumber)?.int64Value == balanceAtMid)
        let cliStatement = try Self.cliRows(
            server, ["ledger", "statement", "--participant", kpj, "--to", "2024-06-30"])
        #expect(Self.int(cliStatement.last?["balance"]) == balanceAtMid)

        // An officer and an approver read no ledger table: 403 with the CLI's exit status 77 on every auditor route.
        for path in [
            "/v1/ledger/balances", "/v1/ledger/trial-balance", "/v1/ledger/statements/\(kpj)", "/v1/ledger/verify",
        ] {
            for token in [officer, approver] {
                let refused = try await server.client.call("GET", path, token: token)
                #expect(refused.status == 403, "\(path): \(refused.text)")
                #expect(refused.header("Content-Type") == "application/problem+json")
                #expect(refused.json["exit_status"] as? Int == 77, "\(path)")
            }
        }
        // A bad date names its parameter (the CLI's --at).
        let badDate = try await server.client.call("GET", "/v1/ledger/balances?at=2024-13-01", token: auditor)
        #expect(badDate.status == 400)
        #expect(badDate.json["field"] as? String == "at")
    }
}

extension QueryRoutesTests {
    /// The ledger routes run the CLI's `LedgerUseCases` on the request's connection (issue 17), so an account the
    /// chart does not hold is not found at both doors, with the same reason: 404 (exit status 66) naming the API's
    /// parameter, where the balance route answered 422 and the statement route a statement of zeros.
    @Test func anAccountTheChartDoesNotHoldIsNotFoundAsOnTheCLI() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        let auditor = server.tokens["siti"]!

        let balance = try await server.client.call(
            "GET", "/v1/ledger/balances?account=JHT:99999999999", token: auditor)
        #expect(balance.status == 404, "\(balance.text)")
        #expect(balance.json["exit_status"] as? Int == 66)
        #expect(balance.json["field"] as? String == "account")
        #expect(balance.json["reason"] as? String == "JHT:99999999999 is not in the chart of accounts")

        let statement = try await server.client.call("GET", "/v1/ledger/statements/99999999999", token: auditor)
        #expect(statement.status == 404, "\(statement.text)")
        #expect(statement.json["exit_status"] as? Int == 66)
        #expect(statement.json["field"] as? String == "participant")
        #expect(
            statement.json["reason"] as? String
                == "KPJ 99999999999 has no JHT account in the ledger (JHT:99999999999 is not in "
                + "the chart of accounts): not a JHT participant, or no JHT contribution posted "
                + "yet (santunan ledger post-contributions)")
        let cli = try CLIRunner().run(
            ["ledger", "statement", "--participant", "99999999999", "--database-url", server.conninfo])
        #expect(cli.status == 66)
        #expect(
            cli.stderr
                == "error: --participant: KPJ 99999999999 has no JHT account in the ledger "
                + "(JHT:99999999999 is not in the chart of accounts): not a JHT participant, or "
                + "no JHT contribution posted yet (santunan ledger post-contributions)\n")
        // In Indonesian when the request asks: the application's own message (rendered in English by the server,
        // not an errors. pattern), read as `--lang id` prints it.
        let indonesian = try await server.client.call(
            "GET", "/v1/ledger/statements/99999999999", token: auditor, headers: ["Accept-Language": "id"])
        #expect(indonesian.status == 404)
        let reason = try #require(indonesian.json["reason"] as? String)
        #expect(
            reason
                != "KPJ 99999999999 has no JHT account in the ledger (JHT:99999999999 is not in "
                + "the chart of accounts): not a JHT participant, or no JHT contribution posted "
                + "yet (santunan ledger post-contributions)")
        let cliIndonesian = try CLIRunner().run(
            ["ledger", "statement", "--participant", "99999999999", "--database-url", server.conninfo, "--lang", "id"])
        #expect(cliIndonesian.stderr == "error: --participant: \(reason)\n")

        // The verification the CLI prints is the route's answer, run on the auditor's connection alone.
        let verified = try await server.client.call("GET", "/v1/ledger/verify", token: auditor)
        #expect(verified.status == 200, "\(verified.text)")
        #expect(verified.json["valid"] as? Bool == true)
        #expect(verified.json["text"] as? String == "verified: 0 transactions, 0 entries, debits = credits")
    }

    /// A batch size beyond the document's bounds is the caller's error (400 naming `max_lines`), not the 500 of the
    /// database function's integer overflow that schemathesis found as an approver.
    @Test func anOutOfRangeBatchSizeIs400() async throws {
        let server = try await RunningServer.start()
        defer { Task { await server.stop() } }
        for value in [6_704_430_799, 0] {
            let reply = try await server.client.call(
                "POST", "/v1/batches", token: server.tokens["budi"]!, json: ["max_lines": value])
            #expect(reply.status == 400, "\(reply.text)")
            #expect(reply.json["field"] as? String == "max_lines")
        }
    }
}
