public import BenefitRules
public import Foundation

/// Reads every `config/*.yaml` file and loads the effective-dated rule parameters.
public enum RuleConfig {
    /// The parameters of `directory` (all `.yaml` files, in name order); a gap, overlap or malformed value fails
    /// naming the file or parameter.
    public static func load(from directory: URL) throws(AppError) -> ParameterSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw AppError(.inputMissing, field: directory.path, reason: t("ops.rules.error.config-directory"))
        }
        var documents: [ConfigLoader.Document] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw AppError(.inputMissing, field: url.path, reason: t("ops.rules.error.config-file"))
            }
            documents.append(ConfigLoader.Document(name: "config/\(name)", text: text))
        }
        do {
            return try ConfigLoader.load(documents)
        } catch {
            throw AppError(.internalError, field: "config/\(error.key)", reason: error.reason)
        }
    }
}
