import BenefitRules
import ClaimStore
import Postgres
import SantunanValues

/// The pension months of `payouts due` (RULEBOOK §9.7 item 8): each month of a `monthly` (JP pension) claim line
/// pays what ``PensionInPayment`` says for that month — the amount before the clamp, clamped to the bounds of the
/// award year containing the month, shared by at most two children, stopped by the events recorded on the claim.
///
/// A month already given a line is never changed (it may be in an approved batch, or paid): when what is due differs
/// from what its lines and recoveries add up to (a bound changed in `config/`, an event recorded late), the
/// difference is a new `pension_arrears` line, or a `pension_recoveries` row when too much was paid, each with its
/// basis.
extension PayoutLines {
    /// What the pension months of one run write besides the payout lines (whose bases travel on the candidates).
    struct PensionWork {
        var recoveries: [Recovery] = []
    }

    /// A pension month paid too much.
    struct Recovery {
        var sourceKey: String
        var claimID: Int64
        var claimLineID: String
        var month: CivilDate
        var payeeNIK: String?
        var amount: Int64
        var basis: String
    }

    /// What the live lines and the recoveries of one month and payee add up to.
    struct Issued {
        /// The `pension_month` lines (at most one is live).
        var monthLines = 0
        /// Paid or to be paid: month and arrears lines, less recoveries.
        var net: Int64 = 0
        /// Corrections so far (arrears lines and recoveries), to number the next one.
        var corrections = 0
    }

    /// A child of a child's pension, with the account their share is paid into.
    struct SharingChild {
        var candidate: JPSurvivorCandidate
        var account: BankAccountRow?
        var accountProblem: String?
    }

    static func collectPensionMonths(
        until date: CivilDate, pensions: PensionInPayment, into candidates: inout [Candidate],
        work: inout PensionWork, _ connection: Connection
    ) throws {
        let result = try connection.execute(
            """
            SELECT \(unescaped: claimColumns), cl.amount, cl.due, cl.pension_computed,
                   cl.pension_kind, cl.event_date
            FROM payable_claim_lines cl
            WHERE cl.schedule = 'monthly' AND cl.amount > 0 AND cl.due <= \(date)::date
            ORDER BY cl.claim_id, cl.position
            """)
        guard result.rowCount > 0 else { return }
        let issued = try issuedAmounts(connection)
        let events = try survivorEvents(connection)
        let children = try sharingChildren(connection)

        for row in result {
            let lineID: String = try row[0]
            let claimID: Int64 = try row[1]
            let payeeNIK: String? = try row[8]
            let firstMonth: Int64 = try row[12]
            let start: CivilDate = try row[13]
            let computed: Int64? = try row[14]
            let kindText: String? = try row[15]
            // A claim without `monthly_pension` (none in practice) is paid like a pension that never stops.
            let kind = kindText.flatMap(PensionKind.init(rawValue:)) ?? .oldAge
            var sharing: [SharingChild] = []
            if kind == .child, let found = children[claimID] {
                let eventDate: CivilDate = try row[16]
                sharing = Self.sharing(found, deathDate: eventDate)
            }
            let award = PensionInPayment.Award(
                kind: kind, computed: computed.map { Rupiah($0) }, firstMonth: Rupiah(firstMonth),
                startMonth: start.yearMonth, recipient: payeeNIK,
                children: sharing.map(\.candidate), events: events[claimID] ?? [])

            var offset = 0
            while true {
                let due = start.adding(months: offset)
                guard due <= date else { break }
                offset += 1
                let monthText = due.yearMonth.description
                let month = pensions.month(due.yearMonth, of: award)
                let pensionMonth = due.yearMonth.firstDay
                var owed: [String: (amount: Int64, basis: String)] = [:]
                for share in month.shares { owed[share.nik ?? ""] = (share.amount.value, share.basis) }
                // Everyone paid for this month before, and everyone due now.
                var payees = month.shares.map { $0.nik ?? "" }
                for nik in issued.payees(lineID, monthText) where !payees.contains(nik) { payees.append(nik) }

                for nik in payees {
                    let owedNow = owed[nik]
                    let before = issued.amounts["\(lineID)|\(monthText)|\(nik)"] ?? Issued()
                    // The line's own payee keeps the key of the months created before sharing existed.
                    let ownKey =
                        nik == (payeeNIK ?? "")
                        ? "pension:\(lineID):\(monthText)" : "pension:\(lineID):\(monthText):\(nik)"
                    if before.monthLines == 0 {
                        guard let owedNow, owedNow.amount > 0 else { continue }
                        // Due on the claim line's day of the month, as payout_lines_create_due checked (Schema/0010).
                        var candidate = try candidate(
                            row, sourceKey: ownKey, kind: "pension_month", amount: owedNow.amount, due: due)
                        candidate.pensionMonth = pensionMonth
                        candidate.basis = owedNow.basis
                        candidate.warnings = month.warnings
                        if nik != (payeeNIK ?? "") { payTo(nik, sharing, &candidate) }
                        candidates.append(candidate)
                        continue
                    }
                    let difference = (owedNow?.amount ?? 0) - before.net
                    guard difference != 0 else { continue }
                    let basis =
                        (owedNow.map { "due \(Rupiah($0.amount)): \($0.basis)" }
                            ?? "nothing due: the share stopped (\(stopReason(nik, award, month: pensionMonth)))")
                        + "; already \(Rupiah(before.net))"
                    let number = before.corrections + 1
                    if difference > 0 {
                        let key = "pension_arrears:\(lineID):\(monthText):\(nik):\(number)"
                        var candidate = try candidate(
                            row, sourceKey: key, kind: "pension_arrears", amount: difference, due: date)
                        candidate.pensionMonth = pensionMonth
                        candidate.basis = "arrears: " + basis
                        candidate.warnings = month.warnings
                        if nik != (payeeNIK ?? "") { payTo(nik, sharing, &candidate) }
                        candidates.append(candidate)
                    } else {
                        work.recoveries.append(
                            Recovery(
                                sourceKey: "recovery:\(lineID):\(monthText):\(nik):\(number)", claimID: claimID,
                                claimLineID: lineID, month: pensionMonth, payeeNIK: nik.isEmpty ? nil : nik,
                                amount: -difference, basis: "recovery: " + basis))
                    }
                }
            }
        }
    }

    /// Why a payee paid before is due nothing now.
    static func stopReason(_ nik: String, _ award: PensionInPayment.Award, month: CivilDate) -> String {
        if let event = award.events.first(where: { $0.nik == nik && month >= $0.date }) {
            return "\(event.kind.rawValue) on \(event.date)"
        }
        if award.children.contains(where: { $0.nik == nik }) { return "age 23" }
        return "no longer a payee"
    }

    /// Points a candidate at a sharing child other than the claim line's payee.
    static func payTo(_ nik: String, _ sharing: [SharingChild], _ candidate: inout Candidate) {
        candidate.payeeNIK = nik
        let child = sharing.first { $0.candidate.nik == nik }
        candidate.account = child?.account
        candidate.accountProblem = child == nil ? "not a child of this pension" : child?.accountProblem
    }

    /// The sharing children of a child's pension, eldest first, with their accounts.
    static func sharing(_ found: [SharingChild], deathDate: CivilDate) -> [SharingChild] {
        PensionInPayment.sharingChildren(among: found.map(\.candidate), deathDate: deathDate).compactMap { chosen in
            found.first { $0.candidate.nik == chosen.nik }
        }
    }

    /// The lines and recoveries of every pension month, by `line|YYYY-MM|nik`.
    static func issuedAmounts(_ connection: Connection) throws -> IssuedIndex {
        var index = IssuedIndex()
        let lines = try connection.execute(
            """
            SELECT claim_line_id, to_char(pension_month, 'YYYY-MM'), coalesce(payee_nik, ''),
                   count(*) FILTER (WHERE kind = 'pension_month'), sum(amount)::bigint,
                   count(*) FILTER (WHERE kind = 'pension_arrears')
            FROM payout_lines
            WHERE kind IN ('pension_month', 'pension_arrears') AND status NOT IN ('rejected', 'cancelled')
            GROUP BY 1, 2, 3
            """)
        for row in lines {
            let key = index.key(try row[0], try row[1], try row[2])
            index.amounts[key, default: Issued()].monthLines += try row[3] as Int
            index.amounts[key, default: Issued()].net += try row[4] as Int64
            index.amounts[key, default: Issued()].corrections += try row[5] as Int
        }
        let recovered = try connection.execute(
            """
            SELECT claim_line_id, to_char(pension_month, 'YYYY-MM'), coalesce(payee_nik, ''), sum(amount)::bigint,
                   count(*)
            FROM pension_recoveries GROUP BY 1, 2, 3
            """)
        for row in recovered {
            let key = index.key(try row[0], try row[1], try row[2])
            index.amounts[key, default: Issued()].net -= try row[3] as Int64
            index.amounts[key, default: Issued()].corrections += try row[4] as Int
        }
        return index
    }

    /// What was issued for each pension month, and who was paid for a month (shared pensions have two payees).
    struct IssuedIndex {
        var amounts: [String: Issued] = [:]
        private var byMonth: [String: [String]] = [:]

        mutating func key(_ line: String, _ month: String, _ nik: String) -> String {
            let monthKey = "\(line)|\(month)"
            if !(byMonth[monthKey]?.contains(nik) ?? false) { byMonth[monthKey, default: []].append(nik) }
            return "\(monthKey)|\(nik)"
        }

        func payees(_ line: String, _ month: String) -> [String] { byMonth["\(line)|\(month)"] ?? [] }
    }

    /// The events recorded on the claims (`claim event`), by claim.
    static func survivorEvents(_ connection: Connection) throws -> [Int64: [PensionInPayment.SurvivorEvent]] {
        var events: [Int64: [PensionInPayment.SurvivorEvent]] = [:]
        for row in try connection.execute("SELECT claim_id, event, nik, event_date FROM survivor_events ORDER BY id") {
            guard let kind = PensionInPayment.SurvivorEvent.Kind(rawValue: try row[1]) else { continue }
            let date: CivilDate = try row[3]
            events[try row[0], default: []].append(.init(kind: kind, nik: try row[2], date: date))
        }
        return events
    }

    /// The case's children of every payable child's pension, in case order, with the account each share is paid
    /// into: the child's own, else the account of the heir marked payee (the guardian), as for scholarships.
    static func sharingChildren(_ connection: Connection) throws -> [Int64: [SharingChild]] {
        let result = try connection.execute(
            """
            SELECT claim_id, nik, birth_date, married, working, bank_bic, bank_account_number, bank_account_holder
            FROM payable_child_pension_heirs ORDER BY claim_id, heir_position
            """)
        var children: [Int64: [SharingChild]] = [:]
        for row in result {
            let birth: String? = try row[2]
            var child = SharingChild(
                candidate: JPSurvivorCandidate(
                    relation: .child, nik: try row[1], birthDate: birth.flatMap { CivilDate(iso: $0) },
                    married: try row[3], working: try row[4]))
            if let bic: String = try row[5], let number: String = try row[6], let holder: String = try row[7] {
                let given = BankAccountRow(bic: bic, number: number, holder: holder)
                if let invalid = given.problem {
                    child.accountProblem = "\(invalid.field) \(invalid.reason)"
                } else {
                    child.account = given
                }
            } else {
                child.accountProblem = "no bank account in the case"
            }
            children[try row[0], default: []].append(child)
        }
        return children
    }

    /// Writes the pension months, arrears lines (with their bases) and recoveries of one run in one call of
    /// `pension_payouts_record` (Schema/0013), which reads the accounts itself, makes the source keys, and refuses
    /// (SR001) a month paying in all outside its award year's bounds, an arrears line or recovery for a month not
    /// paid, or a payee who is neither the claim line's nor a child of the case.
    static func recordPensionWork(
        _ lines: [Candidate], _ recoveries: [Recovery], into outcome: inout DueOutcome, by user: String,
        _ connection: Connection
    ) throws {
        guard !lines.isEmpty || !recoveries.isEmpty else { return }
        var warnings = "["
        for (index, line) in lines.enumerated() {
            if index > 0 { warnings += "," }
            warnings += jsonArray(line.warnings)
        }
        warnings += "]"
        let result = try connection.execute(
            """
            SELECT kind, created, awaiting FROM pension_payouts_record(\(user),
                \(postgresArrayLiteral(texts: lines.map(\.kind)))::text[],
                \(postgresArrayLiteral(texts: lines.map(\.claimLineID)))::text[],
                \(postgresArrayLiteral(texts: lines.map(\.payeeNIK)))::text[],
                \(postgresArrayLiteral(texts: lines.map { $0.pensionMonth?.description }))::date[],
                \(postgresArrayLiteral(texts: lines.map(\.due.description)))::date[],
                \(postgresArrayLiteral(lines.map(\.amount)))::bigint[],
                \(postgresArrayLiteral(texts: lines.map { $0.account == nil ? "f" : "t" }))::boolean[],
                \(postgresArrayLiteral(texts: lines.map(\.accountProblem)))::text[],
                \(postgresArrayLiteral(texts: lines.map(\.basis)))::text[], \(warnings)::json,
                \(postgresArrayLiteral(texts: recoveries.map(\.claimLineID)))::text[],
                \(postgresArrayLiteral(texts: recoveries.map(\.month.description)))::date[],
                \(postgresArrayLiteral(texts: recoveries.map(\.payeeNIK)))::text[],
                \(postgresArrayLiteral(recoveries.map(\.amount)))::bigint[],
                \(postgresArrayLiteral(texts: recoveries.map(\.basis)))::text[])
            """)
        for row in result {
            let kind: String = try row[0]
            if kind == "recovery" {
                outcome.recoveries += try row[1] as Int
            } else {
                outcome.createdByKind[kind, default: 0] += try row[1] as Int
                outcome.awaitingBankDetails += try row[2] as Int
            }
        }
    }

    /// A JSON array of strings.
    static func jsonArray(_ values: [String]) -> String {
        "[" + values.map { JSONText.quote($0) }.joined(separator: ",") + "]"
    }
}
