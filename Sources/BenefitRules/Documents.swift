/// The heir-submission checklist of a death claim (RULEBOOK §4, R6).
public enum DocumentChecklist {
    /// The documents required for `event` in canonical order; empty for a living participant's claim.
    ///
    /// - Parameters:
    ///   - spouseEntitled: a spouse is in the entitled heir class (adds the marriage certificate).
    ///   - noHeir: no heir of a counted class exists (the funeral arranger's short list applies).
    ///   - wageListSegment: the event membership is PU or JAKON (adds the wage list for work deaths).
    public static func required(
        for event: EventType, spouseEntitled: Bool, noHeir: Bool, wageListSegment: Bool
    ) -> [Document] {
        guard event.isDeath else { return [] }
        if noHeir { return [.deathCertificate, .idCard, .bankBook] }
        var list: [Document] = [.deathCertificate, .familyCard, .heirCertificate]
        if spouseEntitled { list.append(.marriageCertificate) }
        list += [.idCard, .bankBook]
        switch event {
        case .workAccidentDeath:
            list += [.accidentReport, .medicalCertificate]
            if wageListSegment { list.append(.wageList) }
        case .occupationalDiseaseDeath:
            list.append(.medicalCertificate)
            if wageListSegment { list.append(.wageList) }
        default: break
        }
        return list
    }

    /// The required documents that no heir entry (funeral arranger included) carries, in canonical order.
    public static func missing(_ required: [Document], heirs: [Heir]) -> [Document] {
        // By index: the heirs are read in place rather than copied once per document.
        required.filter { document in !heirs.indices.contains { heirs[$0].documents.contains(document) } }
    }
}
