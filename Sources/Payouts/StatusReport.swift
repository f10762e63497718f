public import SantunanValues

/// A pain.002.001.03 payment status report (CustomerPaymentStatusReportV03), reduced to what reconciliation reads.
public struct StatusReport: Sendable, Hashable {
    /// A status reason: the ISO external code (`Rsn/Cd`) or a proprietary one (`Rsn/Prtry`), and free text.
    public struct Reason: Sendable, Hashable {
        public var code: String?
        public var proprietary: String?
        public var additionalInfo: [String] = []

        public init(code: String? = nil, proprietary: String? = nil, additionalInfo: [String] = []) {
            self.code = code
            self.proprietary = proprietary
            self.additionalInfo = additionalInfo
        }

        /// The code to store: `Cd`, else `Prtry`, else nil.
        public var effectiveCode: String? { code ?? proprietary }
    }

    /// One `TxInfAndSts`.
    public struct Transaction: Sendable, Hashable {
        public var originalEndToEndID: String?
        public var originalInstructionID: String?
        public var status: String?
        public var reasons: [Reason] = []
        /// `AccptncDtTm`, when the bank gave it.
        public var acceptedAt: WIBDateTime?
        /// `OrgnlTxRef/Amt/InstdAmt` as written, when present.
        public var amountText: String?

        public init() {}
    }

    /// One `OrgnlPmtInfAndSts`.
    public struct PaymentInformation: Sendable, Hashable {
        public var originalPaymentInformationID: String?
        public var status: String?
        public var reasons: [Reason] = []
        public var transactions: [Transaction] = []

        public init() {}
    }

    /// `GrpHdr/MsgId`: the report's own id; importing the same id again is a no-op.
    public var messageID: String?
    /// `GrpHdr/CreDtTm`.
    public var createdAt: WIBDateTime?
    /// `OrgnlGrpInfAndSts/OrgnlMsgId`: must be the batch's `SNT-<batch_id>`.
    public var originalMessageID: String?
    /// `OrgnlGrpInfAndSts/OrgnlMsgNmId`: must be `pain.001.001.03`.
    public var originalMessageNameID: String?
    /// `OrgnlGrpInfAndSts/GrpSts`.
    public var groupStatus: String?
    public var groupReasons: [Reason] = []
    public var paymentInformation: [PaymentInformation] = []

    public init() {}
}
