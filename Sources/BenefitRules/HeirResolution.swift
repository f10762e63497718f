/// Who receives the santunan and the funeral cost of a death claim (RULEBOOK §3, D8, R17).
struct HeirResolution: Sendable {
    /// The santunan payee: the marked heir, or the residual fund when no heir exists.
    var santunan: Payee
    /// The funeral arranger, else the santunan payee.
    var funeral: Payee
    /// The entitled heir class, `nil` when no heir of a counted class exists.
    var entitledClass: Int?
    /// The warning about the residual fund, if any.
    var warning: String?
    /// The rejection reason when the marked payee is not in the entitled class.
    var notAHeir: String?

    /// Resolves the heirs of a death claim under `rules`; throws when heirs exist but none is marked as payee.
    static func resolve(_ heirs: [Heir], rules: RegimeRules) throws(CaseError) -> HeirResolution {
        var entitled: Int?
        for heir in heirs {
            guard let heirClass = heir.relation.heirClass, heirClass <= rules.heirClasses else { continue }
            entitled = min(entitled ?? heirClass, heirClass)
        }
        let arranger = heirs.first { $0.relation == .funeralArranger }
        guard let entitled else {
            let residual = Payee(role: rules.residualRole, nik: nil)
            let funeral = arranger.map { Payee(role: .funeralArranger, nik: $0.nik) } ?? residual
            let warning =
                rules.residualRole == .danaJaminanSosial
                ? "no heir and no will: santunan to the Dana Jaminan Sosial (PP 44/2015 Pasal 37(5))"
                : "no heir of class 1 or 2: santunan to the Balai Harta Peninggalan (PP 53/2012 Pasal 22; R17)"
            return HeirResolution(
                santunan: residual, funeral: funeral, entitledClass: nil, warning: warning, notAHeir: nil)
        }
        guard let index = heirs.firstIndex(where: { $0.payee }) else {
            throw CaseError(
                .payee, path: "heirs",
                reason: "no payee: mark one heir of the entitled class with \"payee\": true (D8)")
        }
        let payee = heirs[index]
        let santunan = Payee(role: .heirs, nik: payee.nik)
        let funeral = arranger.map { Payee(role: .funeralArranger, nik: $0.nik) } ?? santunan
        var resolution = HeirResolution(
            santunan: santunan, funeral: funeral, entitledClass: entitled, warning: nil, notAHeir: nil)
        if payee.relation.heirClass != entitled {
            let members = Heir.Relation.allCases.filter { $0.heirClass == entitled }.map(\.rawValue)
            resolution.notAHeir =
                "not a heir: payee heirs[\(index)] (\(payee.relation.rawValue)) is not in the entitled heir class "
                + "(class \(entitled): \(members.joined(separator: ", "))) (\(rules.heirBasis); D8)"
        }
        return resolution
    }
}
