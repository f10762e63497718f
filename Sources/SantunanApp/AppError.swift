/// The process exit statuses of the contract (CONTRACT §1), BSD sysexits numbering.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case usage = 64
    case invalidData = 65
    case inputMissing = 66
    case databaseUnavailable = 69
    case internalError = 70
    case temporaryFailure = 75
    case permissionDenied = 77
}

/// A failure a user can act on: printed as one line `error: <field>: <reason>` and mapped to an exit status.
///
/// `field` names what was wrong (a case-file path such as `heirs[1].birth_date`, an option such as `--database-url`,
/// or a file); `reason` says why and, where it helps, what to do next. Personal data stays out of both.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public var status: ExitStatus
    public var field: String
    public var reason: String

    public init(_ status: ExitStatus, field: String, reason: String) {
        self.status = status
        self.field = field
        self.reason = reason
    }

    /// The contract's one-line form, without the `error: ` prefix.
    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
}

/// Text from outside (a file name, a case id, an option value, a server message) made safe to print on a terminal.
///
/// Every control character (C0, DEL, C1: newlines, escape sequences, carriage returns that overwrite the line) is
/// written as a visible escape (`\n`, `\u{1B}`), so a quoted input can neither forge a second `error:` line nor move
/// the cursor or recolour the terminal. Overlong text is cut, with the number of characters left out.
public enum PrintableText {
    /// `text` with control characters escaped and at most `limit` characters kept.
    public static func escaped(_ text: String, limit: Int = 2000) -> String {
        var out = ""
        var kept = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            guard kept < limit else { continue }
            kept += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar):
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        if total > kept {
            out += "… (\(total - kept) more characters)"
        }
        return out
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional overrides that can
    /// make a terminal show text in another order than it has.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The check of an acting user's name (`--as`, `SANTUNAN_USER`), the same rule as `santunan_actor()` in
    /// Schema/0008_identity.sql: 1-64 characters, none a control character, no leading or trailing blank.
    /// Returns why the name is refused, nil when it is acceptable.
    public static func actingUserProblem(_ name: String) -> String? {
        let count = name.unicodeScalars.count
        if count == 0 { return "name the acting user (1-64 printable characters)" }
        if count > 64 { return "is \(count) characters long; at most 64" }
        if name.unicodeScalars.contains(where: isControl) {
            return "must not contain control characters (line breaks, tabs, terminal escapes)"
        }
        if let first = name.first, let last = name.last, first.isWhitespace || last.isWhitespace {
            return "must not begin or end with a blank"
        }
        if name.allSatisfy(\.isWhitespace) { return "must not be blank" }
        return nil
    }
}
