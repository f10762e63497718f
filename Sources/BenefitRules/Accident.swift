/// The work-accident details of `event.accident` (RULEBOOK §5.2); absent keys take their defaults.
public struct Accident: Hashable, Sendable {
    /// Months of temporary incapacity (STMB, *sementara tidak mampu bekerja*), 0–600.
    public var incapacityMonths: Int
    public var injuries: [Injury]
    /// *Kidal*: upper-limb codes are looked up under the other side.
    public var leftHanded: Bool
    public var transport: [TransportClaim]
    public var homeCare: Rupiah
    public var medical: Rupiah
    /// *Cacat total tetap* caused by the accident.
    public var totalPermanent: Bool

    public init(
        incapacityMonths: Int = 0, injuries: [Injury] = [], leftHanded: Bool = false, transport: [TransportClaim] = [],
        homeCare: Rupiah = .zero, medical: Rupiah = .zero, totalPermanent: Bool = false
    ) {
        self.incapacityMonths = incapacityMonths
        self.injuries = injuries
        self.leftHanded = leftHanded
        self.transport = transport
        self.homeCare = homeCare
        self.medical = medical
        self.totalPermanent = totalPermanent
    }
}

/// One injury of the disability table (RULEBOOK §5.3), optionally a partial loss of function.
public struct Injury: Hashable, Sendable {
    /// A table key such as `arm_right_from_shoulder`.
    public var code: String
    /// Loss of function in percent (1–100); `nil` = anatomical loss.
    public var functionLossPercent: Int?

    public init(code: String, functionLossPercent: Int? = nil) {
        self.code = code
        self.functionLossPercent = functionLossPercent
    }
}

/// A transport cost claimed for one trip.
public struct TransportClaim: Hashable, Sendable {
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        case land, sea, air
    }
    public var mode: Mode
    public var amount: Rupiah

    public init(mode: Mode, amount: Rupiah) {
        self.mode = mode
        self.amount = amount
    }
}

/// The injury codes of the disability table (RULEBOOK §5.3), in table order.
public enum InjuryTable {
    /// Every valid `injuries[].code`.
    public static let codes: [String] = [
        "eyes_both_sight", "eye_one_sight_or_diplopia", "hearing_both_ears", "hearing_one_ear", "scalp_loss_10",
        "scalp_loss_20", "scalp_loss_30", "hearing_reduction_both_per_10db", "hearing_reduction_one_per_10db",
        "earlobe_one", "earlobes_both", "nose_wing", "nasal_septum_perforation", "smell", "vision_partial_unit",
        "colour_vision", "visual_field_per_10pct", "arm_right_from_shoulder", "arm_left_from_shoulder",
        "arm_right_from_elbow", "arm_left_from_elbow", "hand_right_from_wrist", "hand_left_from_wrist",
        "legs_both_from_hip", "leg_one_from_hip", "legs_both_from_ankle", "leg_one_from_ankle", "thumb_right",
        "thumb_left", "index_finger_right", "index_finger_left", "other_finger_right", "other_finger_left",
        "index_finger_right_first_joint", "index_finger_left_first_joint", "other_finger_right_first_joint",
        "other_finger_left_first_joint", "big_toe", "second_toe", "other_toe", "leg_shortening_under_5cm",
        "leg_shortening_5_to_7_5cm", "leg_shortening_7_5cm_or_more", "impotence", "work_capacity_loss_51_70",
        "work_capacity_loss_26_50", "work_capacity_loss_10_25",
    ]

    static let codeSet: Set<String> = Set(codes)

    /// How many entries of one code a case may list (RULEBOOK §5.3, docs/decisions/0013-identity-and-bounds.md).
    ///
    /// A code that names one particular body part or condition is listed once: listed twice it was paid twice
    /// (issue 15). The rulebook repeats an entry only to count units (§5.2: "3 × `hearing_reduction_one_per_10db`
    /// for 30 dB") or one of several like parts: the three other fingers of a hand (`other_finger_*`, "salah satu
    /// jari lain"), the toes, whose codes name no foot, and a shortened leg, whose code names no side. A left or
    /// right code of a pair is its own code, and the `_both` codes stand for the pair.
    public static func maximumEntries(_ code: String) -> Int {
        switch code {
        case "hearing_reduction_both_per_10db", "hearing_reduction_one_per_10db":
            return 12  // 120 dB; the total is capped at 70 % anyway (R1).
        case "vision_partial_unit", "visual_field_per_10pct": return 10
        case "other_finger_right", "other_finger_left", "other_finger_right_first_joint",
            "other_finger_left_first_joint":
            return 3
        case "big_toe", "second_toe", "leg_shortening_under_5cm", "leg_shortening_5_to_7_5cm",
            "leg_shortening_7_5cm_or_more":
            return 2
        case "other_toe": return 6
        default: return 1
        }
    }

    /// The code a left-handed worker's injury is looked up under: upper-limb codes swap `right` and `left`.
    public static func leftHandedCode(_ code: String) -> String {
        let upperLimb = ["arm_", "hand_", "thumb_", "index_finger_", "other_finger_"]
        guard upperLimb.contains(where: { code.hasPrefix($0) }) else { return code }
        if code.contains("_right") { return code.replacingFirst("_right", with: "_left") }
        if code.contains("_left") { return code.replacingFirst("_left", with: "_right") }
        return code
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
