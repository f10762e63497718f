public import BenefitRules
import Foundation
public import Payouts
public import SantunanValues

/// The payout settings of `config/payments/`: the working-day calendar and the fund's debtor account; and, from the
/// rule parameters, the JP bounds and indexation that each pension month is paid under (RULEBOOK §9.7 item 8).
///
/// The files use the rules' dated-parameter format (`ConfigLoader`), but live in a subfolder that the rule
/// parameters (`config/*.yaml`, ``RuleConfig``) do not read.
public struct PayoutConfig: Sendable {
    public var calendar: WorkingDayCalendar
    public var debtor: DebtorAccount
    /// `jp.benefit_min`, `jp.benefit_max` and `jp.in_payment_indexation` of `config/jp.yaml`.
    public var pensions: PensionInPayment

    public init(calendar: WorkingDayCalendar, debtor: DebtorAccount, pensions: PensionInPayment) {
        self.calendar = calendar
        self.debtor = debtor
        self.pensions = pensions
    }

    /// Loads `config/payments/holidays.yaml`, `config/payments/payment.yaml` and the JP parameters of `config/`.
    ///
    /// - Parameter on: the date whose debtor account applies (today).
    public static func load(paths: ProjectPaths, on date: CivilDate) throws(AppError) -> PayoutConfig {
        let directory = paths.config.appendingPathComponent("payments", isDirectory: true)
        let holidays = try parameters(directory.appendingPathComponent("holidays.yaml"))
        let payment = try parameters(directory.appendingPathComponent("payment.yaml"))
        return PayoutConfig(
            calendar: try calendar(from: holidays),
            debtor: try debtor(from: payment, on: date),
            pensions: try pensions(paths: paths))
    }

    /// The pension-in-payment parameters of the rule configuration (`config/*.yaml`).
    static func pensions(paths: ProjectPaths) throws(AppError) -> PensionInPayment {
        let parameters = try RuleConfig.load(from: paths.config)
        do {
            return try PensionInPayment(parameters: parameters)
        } catch {
            throw AppError(.internalError, field: "config/\(error.key)", reason: error.reason)
        }
    }

    static func parameters(_ url: URL) throws(AppError) -> ParameterSet {
        let name = "config/payments/\(url.lastPathComponent)"
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw AppError(.internalError, field: name, reason: "cannot read this configuration file")
        }
        do {
            return try ConfigLoader.load([ConfigLoader.Document(name: name, text: text)])
        } catch {
            throw AppError(.internalError, field: name, reason: error.description)
        }
    }

    /// The calendar of `calendar.non_working_days`: one list of dates per year.
    static func calendar(from parameters: ParameterSet) throws(AppError) -> WorkingDayCalendar {
        let key = "calendar.non_working_days"
        let field = "config/payments/holidays.yaml \(key)"
        guard let parameter = parameters.parameters[key] else {
            throw AppError(.internalError, field: field, reason: "is missing")
        }
        var dates: [CivilDate] = []
        var years = Set<Int>()
        for dated in parameter.values {
            guard case .list(let items) = dated.value else {
                throw AppError(.internalError, field: field, reason: "each value is a list of dates")
            }
            for item in items {
                guard case .text(let text) = item, let date = CivilDate(iso: text) else {
                    throw AppError(.internalError, field: field, reason: "\(item) is not a YYYY-MM-DD date")
                }
                dates.append(date)
            }
            let to = dated.to ?? dated.from
            for year in dated.from.year...to.year { years.insert(year) }
        }
        return WorkingDayCalendar(holidays: dates, coveredYears: years)
    }

    static func debtor(from parameters: ParameterSet, on date: CivilDate) throws(AppError) -> DebtorAccount {
        func text(_ key: String, optional: Bool = false) throws(AppError) -> String? {
            let field = "config/payments/payment.yaml \(key)"
            do {
                switch try parameters.value(key, on: date).value {
                case .text(let value) where !value.isEmpty: return value
                case .null where optional: return nil
                default: throw AppError(.internalError, field: field, reason: "must be a non-empty quoted string")
                }
            } catch let error as ParameterError {
                if optional, error.code == .unknownKey { return nil }
                throw AppError(.internalError, field: field, reason: error.reason)
            } catch let error as AppError {
                throw error
            } catch {
                throw AppError(.internalError, field: field, reason: "\(error)")
            }
        }
        return DebtorAccount(
            name: try text("payment.debtor.name")!, accountNumber: try text("payment.debtor.account_number")!,
            bic: try text("payment.debtor.bic")!,
            initiatingPartyName: try text("payment.initiating_party.name", optional: true) ?? "BPJS Ketenagakerjaan",
            initiatingPartyID: try text("payment.initiating_party.id", optional: true))
    }
}
