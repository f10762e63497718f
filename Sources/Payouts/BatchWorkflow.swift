/// The states of a payout batch.
///
/// `prepared → approved | rejected`, `approved → exported`, `exported → reconciled` once every line has a terminal
/// bank status (paid or rejected). `rejected` and `reconciled` are final.
public enum BatchState: String, Sendable, Hashable, CaseIterable {
    case prepared
    case approved
    case rejected
    case exported
    case reconciled

    /// Whether the batch still holds its lines: a line can be in at most one open batch.
    public var isOpen: Bool { self != .rejected && self != .reconciled }
}

/// The maker–checker workflow of one payout batch, as a pure state machine.
///
/// IO feeds it one event at a time and carries out the actions it returns (STYLE.md model 1). The maker–checker rule
/// lives here and, independently, in the database (`Schema/0004_payouts.sql`), so a direct SQL update cannot bypass
/// it either.
public struct BatchWorkflow: Sendable, Hashable {
    /// Something that happens to a batch.
    public enum Event: Sendable, Hashable {
        /// A checker approves the batch.
        case approve(by: String)
        /// A checker rejects the batch, with a reason for the preparer.
        case reject(by: String, reason: String)
        /// The pain.001 transfer file is written (first time or again).
        case export(by: String)
        /// A pain.002 status report was matched; `pendingAfter` lines of the batch are still without a final status.
        case reconcile(by: String, pendingAfter: Int)
    }

    /// What the caller must do, in order.
    public enum Action: Sendable, Hashable {
        /// Store the batch's new state.
        case changeState(to: BatchState)
        /// Append an insert-only history row.
        case recordHistory(BatchHistoryKind, actor: String, note: String?)
        /// Take the lines out of the batch, so they can go into another one.
        case releaseLines
        /// Write the transfer file (same content every time: CreDtTm is the approval time).
        case writeTransferFile
        /// Apply the matched line statuses of the status report.
        case applyLineStatuses
    }

    /// The batch's state.
    public private(set) var state: BatchState
    /// The user who prepared the batch (the maker).
    public let preparedBy: String

    public init(state: BatchState, preparedBy: String) {
        self.state = state
        self.preparedBy = preparedBy
    }

    /// A freshly prepared batch.
    public static func prepared(by user: String) -> BatchWorkflow {
        BatchWorkflow(state: .prepared, preparedBy: user)
    }

    /// Handles `event`, returning the actions to carry out; the state changes only when no error is thrown.
    ///
    /// - Throws: ``PayoutError/Code/makerChecker`` when the preparer decides on their own batch,
    ///   ``PayoutError/Code/invalidTransition`` when the batch's state does not allow the event.
    public mutating func handle(_ event: Event, batchID: String) throws(PayoutError) -> [Action] {
        let field = "batch \(batchID)"
        switch event {
        case .approve(let user), .reject(let user, _):
            let isApproval = if case .approve = event { true } else { false }
            guard user != preparedBy else {
                throw PayoutError(
                    .makerChecker, field: field,
                    reason: "\(user) prepared this batch and cannot \(isApproval ? "approve" : "reject") it; "
                        + "another approver must decide (maker-checker)")
            }
            guard state == .prepared else {
                throw PayoutError(
                    .invalidTransition, field: field,
                    reason: "is \(state.rawValue), only a prepared batch can be \(isApproval ? "approved" : "rejected")"
                )
            }
            if case .reject(_, let reason) = event {
                state = .rejected
                return [
                    .changeState(to: .rejected), .releaseLines, .recordHistory(.rejected, actor: user, note: reason),
                ]
            }
            state = .approved
            return [.changeState(to: .approved), .recordHistory(.approved, actor: user, note: nil)]
        case .export(let user):
            switch state {
            case .approved:
                state = .exported
                return [
                    .writeTransferFile, .changeState(to: .exported), .recordHistory(.exported, actor: user, note: nil),
                ]
            case .exported, .reconciled:
                return [.writeTransferFile, .recordHistory(.reexported, actor: user, note: nil)]
            case .prepared, .rejected:
                throw PayoutError(
                    .invalidTransition, field: field,
                    reason: "is \(state.rawValue); only an approved batch can be exported: approve it first "
                        + "(santunan batch approve \(batchID) --as CHECKER)")
            }
        case .reconcile(let user, let pendingAfter):
            guard state == .exported || state == .reconciled else {
                throw PayoutError(
                    .invalidTransition, field: field,
                    reason: "is \(state.rawValue); only an exported batch has a bank status report to reconcile")
            }
            var actions: [Action] = [.applyLineStatuses]
            if pendingAfter == 0, state == .exported {
                state = .reconciled
                actions.append(.changeState(to: .reconciled))
            }
            actions.append(.recordHistory(.reconciled, actor: user, note: nil))
            return actions
        }
    }
}

/// What a batch history row records.
public enum BatchHistoryKind: String, Sendable, Hashable, CaseIterable {
    case prepared
    case approved
    case rejected
    case exported
    case reexported
    case reconciled
}
