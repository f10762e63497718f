import Foundation
import SantunanValues

/// The languages a problem+json body is written in: the request's `Accept-Language`, Bahasa Indonesia or English.
///
/// The body's `title`, `reason` and `detail` are for the person behind the client (an officer's branch system shows
/// them as they are), so they follow the request's language as the CLI's `error:` line follows `--lang`: the same
/// field path and exit status, the reason translated through the catalogs' `errors.` patterns exactly as the CLI
/// translates it. A request without the header, or preferring neither language, reads English: a program parsing
/// the reasons keeps the text it was written against (docs/decisions/0016-http-service.md, Session 8).
struct ProblemLanguages: Sendable {
    let english: Catalog
    let indonesian: Catalog

    /// The English catalog the process reads (``Texts/english``: `serve` installed it, or the shipped one) and the
    /// shipped Indonesian one under `root`; English alone when that cannot be read (the CLI's start-up reports a
    /// broken catalog before `serve` gets here).
    static func shipped(root: URL) -> ProblemLanguages {
        let english = Texts.english
        return ProblemLanguages(english: english, indonesian: (try? Texts.load(.indonesian, root: root)) ?? english)
    }

    /// The language `header` (an `Accept-Language` value, RFC 9110 §12.5.4) prefers among ours: the supported tag
    /// with the highest weight, the first listed on a tie; `id` (and the withdrawn `in`) with any region is
    /// Indonesian, `en` with any region English. Weight 0 refuses a language. Malformed entries are skipped; a header
    /// over 512 bytes is not read.
    static func preferred(_ header: String?) -> Language {
        guard let header, header.utf8.count <= 512 else { return .english }
        var best: (language: Language, weight: Int)?
        for entry in header.split(separator: ",") {
            let parts = entry.split(separator: ";", omittingEmptySubsequences: false)
            let tag = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
            let primary = tag.prefix { $0 != "-" && $0 != "_" }
            let language: Language
            switch primary {
            case "id", "in": language = .indonesian
            case "en": language = .english
            default: continue
            }
            var weight = 1000
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingCharacters(in: .whitespaces)
                guard pair.lowercased().hasPrefix("q=") else { continue }
                weight = Self.weight(pair.dropFirst(2)) ?? -1
            }
            guard weight > 0 else { continue }
            if weight > (best?.weight ?? 0) { best = (language, weight) }
        }
        return best?.language ?? .english
    }

    /// A `qvalue` (`0`, `1`, `0.8`, `0.125`, `1.000`) in thousandths; nil when malformed.
    static func weight(_ text: Substring) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, whole == "0" || whole == "1" else { return nil }
        var thousandths = whole == "1" ? 1000 : 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard fraction.count <= 3, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let padded = fraction + String(repeating: "0", count: 3 - fraction.count)
            guard let value = Int(padded), whole == "0" || value == 0 else { return nil }
            thousandths += value
        }
        return thousandths
    }

    func catalog(_ language: Language) -> Catalog { language == .indonesian ? indonesian : english }

    /// `problem` as `language` reads it: its title from the catalog, its reason translated (when a pattern matches;
    /// as it was otherwise), its detail the CLI's `<field>: <reason>` of the translated reason.
    func localized(_ problem: Problem, in language: Language) -> Problem {
        var localized = problem
        let catalog = catalog(language)
        localized.title = Self.title(for: problem.status, in: catalog)
        if language != .english {
            // The lower modules' reasons are `errors.` patterns; the application's own are rendered from its
            // messages in English (serve keeps the process catalog English), so any English message matches.
            localized.reason =
                catalog.translate(problem.reason, from: english, prefix: "errors.")
                ?? catalog.translate(problem.reason, from: english, prefix: "") ?? problem.reason
        }
        localized.detail = localized.field.isEmpty ? localized.reason : "\(localized.field): \(localized.reason)"
        return localized
    }

    /// The catalog's title of an HTTP status (`ops.serve.problem.title.<code>`); `HTTP <code>` for a status the
    /// catalog does not name.
    static func title(for status: Int, in catalog: Catalog) -> String {
        catalog.message("ops.serve.problem.title.\(status)") ?? "HTTP \(status)"
    }
}
