import BenefitRules
import Foundation
import Postgres
import Testing

/// The end-of-drain checks shared by the pool and crash tests.
enum ClaimChecks {
    /// Every submitted variant has exactly one claim equal to what the calculator gives, its effects happened once,
    /// and no job is left waiting, running or dead.
    static func expectExactlyOnce(variants: [String], on connection: Connection) throws {
        let submissions = try connection.execute("SELECT count(*) FROM submissions")
        #expect(try submissions[0].decode(Int.self, column: 0) == variants.count)
        let orphans = try connection.execute(
            "SELECT count(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = s.id)")
        #expect(try orphans[0].decode(Int.self, column: 0) == 0, "every submission has a claim")
        let claims = try connection.execute("SELECT count(*) FROM claims")
        #expect(try claims[0].decode(Int.self, column: 0) == variants.count)

        let states = try connection.execute(
            "SELECT state, count(*) FROM heir_jobs GROUP BY state ORDER BY state")
        var byState: [String: Int] = [:]
        for row in states {
            byState[try row.decode(String.self, column: 0)] = try row.decode(Int.self, column: 1)
        }
        #expect(byState == ["completed": variants.count], "no job running, waiting, dead or lost")
        let perSubmission = try connection.execute(
            "SELECT count(*) FROM submissions s WHERE (SELECT count(*) FROM heir_jobs j WHERE j.submission_id = s.id) <> 1"
        )
        #expect(try perSubmission[0].decode(Int.self, column: 0) == 0, "one job per submission")
        let effects = try connection.execute(
            """
            SELECT count(*) FROM claims c
            WHERE (SELECT count(*) FROM claim_status_history h
                   WHERE h.claim_id = c.id AND h.status IN ('payable', 'incomplete', 'rejected')) <> 1
            """
        )
        #expect(try effects[0].decode(Int.self, column: 0) == 0, "each claim was written exactly once")

        // Compare with the calculator: status, totals and every line amount.
        let stored = try connection.execute(
            """
            SELECT c.case_id, c.status, c.total, c.payable_now,
                coalesce((SELECT string_agg(l.id || '=' || l.amount, ';' ORDER BY l.position)
                          FROM claim_lines l WHERE l.claim_id = c.id), '')
            FROM claims c
            """
        )
        var byCase: [String: (String, Int64, Int64, String)] = [:]
        for row in stored {
            byCase[try row.decode(String.self, column: 0)] = (
                try row.decode(String.self, column: 1), try row.decode(Int64.self, column: 2),
                try row.decode(Int64.self, column: 3), try row.decode(String.self, column: 4)
            )
        }
        var mismatches = 0
        for text in variants {
            let expected = try QueueFixtures.calculator.compute(try Case.parse(text))
            let lines = expected.lines.map { "\($0.id)=\($0.amount.value)" }.joined(separator: ";")
            guard let actual = byCase[expected.caseID], actual.0 == expected.status.rawValue,
                actual.1 == expected.total.value, actual.2 == expected.payableNow.value, actual.3 == lines
            else {
                mismatches += 1
                continue
            }
        }
        #expect(mismatches == 0, "claims equal the calculator's results")
    }
}
