public import BenefitRules
public import Postgres

/// The JHT (*Jaminan Hari Tua*) balance of every stored participant, computed by the rules' ``JHTCalculator`` from
/// the contribution table in one pass (RULEBOOK §8.3).
///
/// The rows stream through a cursor in the table's own order (no sort on the server) and are grouped per participant
/// in memory; each participant is then handed to the calculator exactly as a claim would be. Only the fields the
/// balance reads are filled (segment, programs, month, wage, `paid_on`).
public enum JHTBalances {
    /// participant id → balance in whole rupiah, for every participant with at least one JHT membership.
    public static func compute(
        _ connection: Connection, calculator: JHTCalculator, payoutDate: CivilDate, fetchSize: Int = 200_000
    ) throws -> [Int64: Int64] {
        try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
            // membership id → (participant id, BPU?) of the memberships that carry JHT.
            var memberships: [Int64: (participant: Int64, nonWage: Bool)] = [:]
            let rows = try connection.execute(
                "SELECT id, participant_id, segment = 'BPU' FROM membership WHERE 'JHT' = ANY (programs)")
            memberships.reserveCapacity(rows.rowCount)
            for row in 0..<rows.rowCount {
                memberships[try rows[row, 0]] = (try rows[row, 1], try rows[row, 2])
            }
            var history: [Int64: [Deposit]] = [:]
            history.reserveCapacity(memberships.count)
            try connection.execute(
                """
                DECLARE jht_rows NO SCROLL CURSOR FOR
                SELECT membership_id, (extract(year FROM month) * 12 + extract(month FROM month) - 1)::int, wage,
                       paid_on - DATE '1970-01-01'
                FROM contribution WHERE paid_on IS NOT NULL
                """)
            while true {
                let batch = try connection.execute(SQL("FETCH " + String(fetchSize) + " FROM jht_rows"))
                if batch.rowCount == 0 { break }
                for row in 0..<batch.rowCount {
                    let membershipID: Int64 = try batch[row, 0]
                    guard let owner = memberships[membershipID] else { continue }
                    history[owner.participant, default: []].append(
                        Deposit(
                            membership: membershipID, nonWage: owner.nonWage, month: Int32(try batch[row, 1] as Int),
                            wage: try batch[row, 2], paidDay: Int32(try batch[row, 3] as Int)))
                }
            }
            var balances: [Int64: Int64] = [:]
            balances.reserveCapacity(history.count)
            for (participantID, deposits) in history {
                balances[participantID] =
                    calculator.balance(
                        participant: participant(deposits), payoutDate: payoutDate
                    ).value
            }
            // Participants whose JHT memberships have no paid row have a zero balance.
            for owner in memberships.values where balances[owner.participant] == nil {
                balances[owner.participant] = 0
            }
            return balances
        }
    }

    struct Deposit {
        var membership: Int64
        var nonWage: Bool
        var month: Int32
        var wage: Int64
        var paidDay: Int32
    }

    static let placeholderDate = CivilDate(year: 1970, month: 1, day: 1)!

    /// A participant carrying just what the balance reads: one JHT membership per stored membership.
    static func participant(_ deposits: [Deposit]) -> Participant {
        var byMembership: [Int64: (nonWage: Bool, rows: [ContributionRow])] = [:]
        for deposit in deposits {
            byMembership[deposit.membership, default: (deposit.nonWage, [])].rows.append(
                ContributionRow(
                    month: YearMonth(ordinal: Int(deposit.month)), wage: Rupiah(deposit.wage),
                    paidOn: CivilDate(dayNumber: Int(deposit.paidDay))))
        }
        let memberships = byMembership.keys.sorted().map { id in
            let entry = byMembership[id]!
            return Membership(
                kpj: String(id), segment: entry.nonWage ? .nonWageEarner : .wageEarner,
                employer: Employer(npp: nil, name: "", kind: entry.nonWage ? .`self` : .company),
                start: placeholderDate,
                end: nil, programs: [.jht], riskGroup: nil, reportedWage: .zero, contributions: entry.rows, sponsor: nil
            )
        }
        return Participant(
            nik: "", name: "", birthDate: placeholderDate, sex: nil, maritalStatus: nil, memberships: memberships,
            jhtStatement: nil, jpStatement: nil)
    }
}
