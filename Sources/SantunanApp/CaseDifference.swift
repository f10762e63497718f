public import BenefitRules
import Foundation

/// The first field in which two case documents differ, as a case-file path (`participant.wage`,
/// `contributions[3].wage`): what `claim submit` names when a `case_id` comes back with other content.
///
/// The comparison is of values, not bytes: key order, blanks and number spelling (`1e3` and `1000`) do not count,
/// so re-sending the same case from another tool is still "the same case". Members are visited in the order of the
/// submitted document, so the path named is the first one a reader of that file meets.
public enum CaseDifference {
    /// The path of the first difference, nil when the documents hold the same values; `case` for the whole document.
    public static func first(stored: JSONValue, submitted: JSONValue) -> String? {
        difference(stored, submitted, path: "")
    }

    private static func difference(_ stored: JSONValue, _ submitted: JSONValue, path: String) -> String? {
        let here = path.isEmpty ? "case" : path
        switch (stored, submitted) {
        case (.object(let old), .object(let new)):
            for member in new {
                let child = path.isEmpty ? member.key : "\(path).\(member.key)"
                guard let before = old.first(where: { $0.key == member.key }) else { return child }
                if let found = difference(before.value, member.value, path: child) { return found }
            }
            for member in old where !new.contains(where: { $0.key == member.key }) {
                return path.isEmpty ? member.key : "\(path).\(member.key)"
            }
            return nil
        case (.array(let old), .array(let new)):
            for index in 0..<max(old.count, new.count) {
                let child = "\(here)[\(index)]"
                guard index < old.count, index < new.count else { return child }
                if let found = difference(old[index], new[index], path: child) { return found }
            }
            return nil
        case (.number(let old), .number(let new)):
            if old == new { return nil }
            guard let a = Decimal(string: old, locale: Locale(identifier: "en_US_POSIX")),
                let b = Decimal(string: new, locale: Locale(identifier: "en_US_POSIX"))
            else { return here }
            return a == b ? nil : here
        default:
            return stored == submitted ? nil : here
        }
    }
}
