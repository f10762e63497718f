/// Who receives the santunan and the funeral cost of a death claim (RULEBOOK §3, D8, R17).
///
/// Immutable and shared: the claim assembly hands it around (builder, lines, documents), and a copy is one
/// reference count instead of one per payee string.
final class HeirResolution: Sendable {
    /// The santunan payee: the marked heir, or the residual fund when no heir exists.
    let santunan: Payee
    /// The funeral arranger, else the santunan payee.
    let funeral: Payee
    /// The entitled heir class, `nil` when no heir of a counted class exists.
    let entitledClass: Int?
    /// The warning about the residual fund, if any.
    let warning: String?
    /// The rejection reason when the marked payee is not in the entitled class.
    let notAHeir: String?

    init(santunan: Payee, funeral: Payee, entitledClass: Int?, warning: String?, notAHeir: String?) {
        self.santunan = santunan
        self.funeral = funeral
        self.entitledClass = entitledClass
        self.warning = warning
        self.notAHeir = notAHeir
    }

    /// Resolves the heirs of a death claim under `rules`; throws when heirs exist but none is marked as payee.
    static func resolve(_ heirs: [Heir], rules: RegimeRules) throws(CaseError) -> HeirResolution {
        var entitled: Int?
        // By index: the heirs are read in place, not copied.
        for index in heirs.indices {
            guard let heirClass = heirs[index].relation.heirClass, heirClass <= rules.heirClasses else { continue }
            entitled = min(entitled ?? heirClass, heirClass)
        }
        let arranger = heirs.firstIndex { $0.relation == .funeralArranger }.map { heirs[$0] }
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
        var notAHeir: String?
        if payee.relation.heirClass != entitled {
            let members = Heir.Relation.allCases.filter { $0.heirClass == entitled }.map(\.rawValue)
            notAHeir =
                "not a heir: payee heirs[\(index)] (\(payee.relation.rawValue)) is not in the entitled heir class "
                + "(class \(entitled): \(members.joined(separator: ", "))) (\(rules.heirBasis); D8)"
        }
        return HeirResolution(
            santunan: santunan, funeral: funeral, entitledClass: entitled, warning: nil, notAHeir: notAHeir)
    }
}
