public import BenefitRules
import ClaimStore
public import Logging
public import Postgres
public import SantunanValues

/// The JHT (*Jaminan Hari Tua*) balance of every stored participant, computed by the rules' ``JHTCalculator`` from
/// the contribution table in one pass (RULEBOOK §8.3).
///
/// The paid rows stream out of binary `COPY`s in the table's own order (no sort, no join on the server: the client
/// drops the rows of memberships without JHT while it groups), into one row array per membership; each participant
/// is then handed to the calculator exactly as a claim would be. Only the fields the balance reads are filled
/// (segment, programs, month, wage, `paid_on`). ``compute(conninfo:workers:logger:calculator:payoutDate:)`` splits
/// the memberships into id ranges read by several connections on one exported snapshot, so the server's scans run
/// on every core.
public enum JHTBalances {
    /// participant id → balance in whole rupiah, for every participant with at least one JHT membership; one
    /// connection.
    public static func compute(
        _ connection: Connection, calculator: JHTCalculator, payoutDate: CivilDate
    ) throws -> [Int64: Int64] {
        try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
            let memberships = try MembershipSlots.load(connection)
            var rows = [[ContributionRow]](repeating: [], count: memberships.count)
            try read(connection, memberships: memberships, ids: nil, into: &rows)
            return balances(memberships, rows, calculator: calculator, payoutDate: payoutDate)
        }
    }

    /// The same balances read by `workers` connections in parallel, each streaming one range of membership ids, all
    /// on one snapshot (``Postgres/Connection/onExportedSnapshot(conninfo:shares:logger:_:)``).
    public static func compute(
        conninfo: String, workers: Int, logger: Logger, calculator: JHTCalculator, payoutDate: CivilDate
    ) throws -> [Int64: Int64] {
        let coordinator = try Connection(conninfo, logger: logger)
        defer { coordinator.close() }
        return try coordinator.transaction(isolation: .repeatableRead, readOnly: true) { coordinator in
            let memberships = try MembershipSlots.load(coordinator)
            // Equal shares of the JHT memberships, as half-open id ranges.
            let sorted = memberships.ids.sorted()
            let count = max(1, min(workers, sorted.count))
            let bounds: [Int64] = (0...count).map { share in
                share == 0 ? Int64.min : share == count ? Int64.max : sorted[sorted.count * share / count]
            }
            let parts = try coordinator.onExportedSnapshot(conninfo: conninfo, shares: count, logger: logger) {
                share, connection in
                var rows = [[ContributionRow]](repeating: [], count: memberships.count)
                try read(connection, memberships: memberships, ids: bounds[share]..<bounds[share + 1], into: &rows)
                return rows
            }
            var rows = [[ContributionRow]](repeating: [], count: memberships.count)
            for part in parts {
                // Each membership is in exactly one range: take its array as it is (shared, not copied).
                for slot in part.indices where !part[slot].isEmpty { rows[slot] = part[slot] }
            }
            return balances(memberships, rows, calculator: calculator, payoutDate: payoutDate)
        }
    }

    /// Streams the paid rows (of the memberships whose id is in `ids`, or all) into `rows`, by membership slot.
    static func read(
        _ connection: Connection, memberships: MembershipSlots, ids: Range<Int64>?, into rows: inout [[ContributionRow]]
    ) throws {
        // ClaimStore's binary COPY of the paid rows: (membership_id, month, wage, paid_on), in the table's order.
        try ContributionRows.copyPaidRows(on: connection, membershipIDs: ids) { row in
            guard let id = try row.int64(0), let slot = memberships.slot(of: id), let month = try row.date(1),
                let wage = try row.int64(2), let paid = try row.date(3)
            else { return }
            rows[slot].append(
                ContributionRow(
                    month: CivilDate(dayNumber: month).yearMonth, wage: Rupiah(wage),
                    paidOn: CivilDate(dayNumber: paid)))
        }
    }

    static func balances(
        _ memberships: MembershipSlots, _ rows: [[ContributionRow]], calculator: JHTCalculator, payoutDate: CivilDate
    ) -> [Int64: Int64] {
        // Slots are in (participant, membership id) order: each participant's memberships are one run.
        var balances: [Int64: Int64] = [:]
        balances.reserveCapacity(memberships.count)
        var first = 0
        while first < memberships.count {
            let participantID = memberships.participants[first]
            var end = first + 1
            while end < memberships.count, memberships.participants[end] == participantID { end += 1 }
            // Memberships without a paid row are left out, as a claim's history would not list them.
            let owned = (first..<end).filter { !rows[$0].isEmpty }.map { slot in
                (id: memberships.ids[slot], nonWage: memberships.nonWage[slot], rows: rows[slot])
            }
            balances[participantID] =
                owned.isEmpty ? 0 : calculator.balance(participant: participant(owned), payoutDate: payoutDate).value
            first = end
        }
        return balances
    }

    /// The JHT memberships, numbered 0… in (participant, membership id) order; ids are found through a flat table
    /// when they are dense enough (they are identity values) and a dictionary otherwise.
    struct MembershipSlots {
        var ids: [Int64] = []
        var participants: [Int64] = []
        var nonWage: [Bool] = []
        private var flat: [Int32] = []
        private var sparse: [Int64: Int32] = [:]

        /// The memberships that carry JHT.
        static func load(_ connection: Connection) throws -> MembershipSlots {
            let stored = try ContributionRows.jhtMemberships(on: connection)
            var memberships = MembershipSlots(capacity: stored.count)
            for membership in stored {
                memberships.add(id: membership.id, participant: membership.participantID, nonWage: membership.nonWage)
            }
            return memberships
        }

        init(capacity: Int) {
            ids.reserveCapacity(capacity)
            participants.reserveCapacity(capacity)
            nonWage.reserveCapacity(capacity)
        }

        var count: Int { ids.count }

        mutating func add(id: Int64, participant: Int64, nonWage: Bool) {
            let slot = Int32(ids.count)
            ids.append(id)
            participants.append(participant)
            self.nonWage.append(nonWage)
            if id >= 0, id < 4 * Int64(ids.count) + 65_536 {
                if Int(id) >= flat.count { flat.append(contentsOf: repeatElement(-1, count: Int(id) + 1 - flat.count)) }
                flat[Int(id)] = slot
            } else {
                sparse[id] = slot
            }
        }

        @inline(__always)
        func slot(of id: Int64) -> Int? {
            if id >= 0, id < flat.count {
                let slot = flat[Int(id)]
                if slot >= 0 { return Int(slot) }
            }
            return sparse[id].map(Int.init)
        }
    }

    static let placeholderDate = CivilDate(year: 1970, month: 1, day: 1)!

    /// A participant carrying just what the balance reads: one JHT membership per stored membership.
    static func participant(_ memberships: [(id: Int64, nonWage: Bool, rows: [ContributionRow])]) -> Participant {
        Participant(
            nik: "", name: "", birthDate: placeholderDate, sex: nil, maritalStatus: nil,
            memberships: memberships.map { entry in
                Membership(
                    kpj: String(entry.id), segment: entry.nonWage ? .nonWageEarner : .wageEarner,
                    employer: Employer(npp: nil, name: "", kind: entry.nonWage ? .`self` : .company),
                    start: placeholderDate, end: nil, programs: [.jht], riskGroup: nil, reportedWage: .zero,
                    contributions: entry.rows, sponsor: nil)
            },
            jhtStatement: nil, jpStatement: nil)
    }
}
