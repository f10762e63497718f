import SantunanValues

/// A code the data holds (an employer's or sponsor's kind, a payee role, a payout line's kind) in the words of the
/// chosen language, for pages and tables people read; JSON and CSV keep the code. The English catalog writes the
/// codes themselves, so English output is the code as before; a code no catalog knows is shown as stored.
public enum CodeWords {
    /// `family.code` from the catalog (`common.kind.company` → `perusahaan`), else `code`.
    public static func text(_ code: String, in family: String) -> String {
        Texts.catalog.message("\(family).\(code)") ?? code
    }
}
