public import BenefitRules
public import ClaimStore

/// Why an attempt at a job failed; the message goes into the job's error list, so it names fields, never values
/// of personal data.
public struct JobFailure: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Computes the claim of a heir submission from its stored case file with the rules of `config/`.
public struct HeirSubmissionComputer: Sendable {
    public let calculator: ClaimCalculator

    public init(calculator: ClaimCalculator) {
        self.calculator = calculator
    }

    /// Parses the stored case, computes it and maps the result to rows. Pure: no database, no clock.
    public func claimRow(for job: ClaimedJob) throws(JobFailure) -> ClaimRow {
        guard let submissionID = job.submissionID, let document = job.caseDocument else {
            throw JobFailure("the job has no submission or its case file is missing")
        }
        let claim: Case
        do {
            claim = try Case.parse(Array(document.utf8))
        } catch {
            throw JobFailure("stored case file is invalid: \(error.path): \(error.code)")
        }
        do {
            return try calculator.compute(claim).rows(id: submissionID, case: claim)
        } catch {
            switch error {
            case .invalidCase(let caseError):
                throw JobFailure("case cannot be computed: \(caseError.path): \(caseError.code)")
            case .configuration(let parameterError):
                throw JobFailure("configuration: \(parameterError.key): \(parameterError.reason)")
            }
        }
    }
}
