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

    /// The required documents that no heir entry (funeral arranger included) carries, in canonical order; a
    /// required document is there when an accepted substitute of it is (`substitutes`, from
    /// `config/documents.rules`: a police report for the accident report, issue 18).
    public static func missing(
        _ required: [Document], heirs: [Heir], substitutes: DocumentSubstitutes = .none
    ) -> [Document] {
        // By index: the heirs are read in place rather than copied once per document.
        required.filter { document in
            let accepted = substitutes.accepted(for: document)
            return !heirs.indices.contains { index in heirs[index].documents.contains { accepted.contains($0) } }
        }
    }
}

/// The documents the office accepts in place of a required one (`config/documents.rules`, each with its basis;
/// docs/decisions/0017-front-door.md, Session 6). Pure data: the application loads it, the calculator applies it.
public struct DocumentSubstitutes: Sendable, Hashable {
    /// required document → the documents accepted in its place.
    public var substitutes: [Document: [Document]]

    public init(_ substitutes: [Document: [Document]]) {
        self.substitutes = substitutes
    }

    /// No substitute: each required document only by itself (the RULEBOOK §4 checklist as written).
    public static let none = DocumentSubstitutes([:])

    /// `document` and its accepted substitutes.
    public func accepted(for document: Document) -> [Document] {
        [document] + (substitutes[document] ?? [])
    }
}
