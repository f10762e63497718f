public import BenefitRules
public import ClaimStore
import SantunanValues

extension ClaimResult {
    /// The rows that store this result for submission `id` (Schema/0003_claims_queue.sql).
    ///
    /// Each line gets the bank account it is paid into, looked up in the case's heirs: the heir whose NIK is the
    /// payee's (the heir marked payee, the funeral arranger, a JP survivor); for a child's scholarship the child's own
    /// account, else the account of the heir marked payee (the guardian). Payees outside the case (dana jaminan
    /// sosial, the employer, the participant) get none.
    public func rows(id: Int64, case claim: Case) -> ClaimRow {
        let payeeHeir = claim.heirs.first { $0.payee }
        var lineRows: [ClaimLineRow] = []
        lineRows.reserveCapacity(lines.count)
        for line in lines {
            var installments: [InstallmentRow] = []
            if line.item == "scholarship", let child = line.idSuffix ?? line.payee.nik,
                let award = scholarships.first(where: { $0.childNIK == child })
            {
                installments = award.installments.map {
                    InstallmentRow(due: $0.due.description, level: $0.level.rawValue, amount: $0.amount.value)
                }
            }
            lineRows.append(
                ClaimLineRow(
                    id: line.id, program: line.program.rawValue, item: line.item, amount: line.amount.value,
                    payeeRole: line.payee.role.rawValue, payeeNIK: line.payee.nik, payeeNPP: line.payee.npp,
                    bankAccount: Self.account(for: line.payee, heirs: claim.heirs, payeeHeir: payeeHeir),
                    schedule: line.schedule.rawValue, due: line.due.description, basis: line.basis,
                    formula: line.formula, installments: installments,
                    pensionComputed: line.pensionBeforeClamp?.value))
        }
        return ClaimRow(
            id: id, caseID: caseID, status: status.rawValue, reasons: reasons, total: total.value,
            payableNow: payableNow.value, resultJSON: String(decoding: jsonBytes(), as: UTF8.self), lines: lineRows)
    }

    static func account(for payee: Payee, heirs: [Heir], payeeHeir: Heir?) -> BankAccountRow? {
        let account: BankAccount?
        switch payee.role {
        case .heirs, .funeralArranger, .jpSurvivor:
            account =
                heirs.first { $0.nik == payee.nik && $0.bankAccount != nil }?.bankAccount
                ?? (payee.role == .heirs ? payeeHeir?.bankAccount : nil)
        case .child:
            account = heirs.first { $0.nik == payee.nik }?.bankAccount ?? payeeHeir?.bankAccount
        case .participant, .employer, .danaJaminanSosial, .balaiHartaPeninggalan:
            account = nil
        }
        return account.map { BankAccountRow(bic: $0.bankBIC, number: $0.number, holder: $0.holder) }
    }
}
