public import Foundation
public import SantunanValues

/// The clock payout commands read "now" from: the system clock, or a fixed instant for tests and rehearsals.
public struct PayoutClock: Sendable {
    private let read: @Sendable () -> WIBDateTime

    public init(_ read: @escaping @Sendable () -> WIBDateTime) {
        self.read = read
    }

    /// The current instant.
    public var now: WIBDateTime { read() }

    /// Always `instant`.
    public static func fixed(_ instant: WIBDateTime) -> PayoutClock { PayoutClock { instant } }

    /// The system clock, to the second.
    public static let system = PayoutClock { WIBDateTime.now() }

    /// `SANTUNAN_FIXED_CLOCK` (an ISO date-time such as `2024-03-18T09:00:00+07:00`) when set, else the system clock.
    ///
    /// For tests and rehearsals of approval and SLA scenarios; production leaves it unset.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(AppError) -> PayoutClock
    {
        guard let text = environment["SANTUNAN_FIXED_CLOCK"], !text.isEmpty else { return .system }
        guard let instant = WIBDateTime(iso: text) else {
            throw AppError(
                .usage, field: "SANTUNAN_FIXED_CLOCK",
                reason:
                    "\(text) is not an ISO date-time like 2024-03-18T09:00:00+07:00; unset it to use the system clock")
        }
        return .fixed(instant)
    }
}
