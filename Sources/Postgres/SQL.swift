/// A SQL statement with its parameters, built so that values are always bound, never spliced into the text.
///
/// Interpolating a value turns it into the next placeholder and records the bind:
///
/// ```swift
/// let query: SQL = "SELECT * FROM claim WHERE id = \(id) AND heir_name = \(name)"
/// // query.text  == "SELECT * FROM claim WHERE id = $1 AND heir_name = $2"
/// // query.binds == [.int64(id), .text(name)]
/// ```
///
/// Identifiers (table, channel names) cannot be parameters; interpolate them with `\(identifier: name)`, which
/// double-quotes them. `\(unescaped: text)` splices trusted SQL verbatim and must never see user input.
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The statement text with `$1`, `$2`, … placeholders.
    public var text: String
    /// The parameters, in placeholder order.
    public var binds: [PostgresValue]

    /// Creates a statement from text that already uses `$n` placeholders and the values for them.
    ///
    /// The text is sent as written: never build it from user input.
    public init(_ text: String, binds: [(any PostgresBindable)?] = []) {
        self.text = text
        self.binds = binds.map { $0?.postgresValue ?? .null }
    }

    public init(stringLiteral value: String) {
        self.text = value
        self.binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.text = stringInterpolation.text
        self.binds = stringInterpolation.binds
    }

    /// Collects literal text and turns each interpolated value into a `$n` placeholder.
    public struct StringInterpolation: StringInterpolationProtocol {
        var text: String
        var binds: [PostgresValue]

        public init(literalCapacity: Int, interpolationCount: Int) {
            text = ""
            text.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        /// Binds `value` as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresBindable) {
            binds.append(value.postgresValue)
            text += "$\(binds.count)"
        }

        /// Binds `value` as the next parameter, NULL when nil.
        public mutating func appendInterpolation(_ value: (any PostgresBindable)?) {
            binds.append(value?.postgresValue ?? .null)
            text += "$\(binds.count)"
        }

        /// Splices `name` as a double-quoted identifier (a table, column or channel name).
        public mutating func appendInterpolation(identifier name: String) {
            text += quoteIdentifier(name)
        }

        /// Splices `sql` verbatim. Only for trusted fragments written in code, never for user input.
        public mutating func appendInterpolation(unescaped sql: String) {
            text += sql
        }
    }
}

/// Double-quotes an identifier, doubling embedded quotes, so any name is safe to splice into SQL.
///
/// A NUL cannot appear in an identifier; it is dropped here and the server then reports the name as not found.
func quoteIdentifier(_ name: String) -> String {
    var quoted = "\""
    quoted.reserveCapacity(name.utf8.count + 2)
    for character in name.unicodeScalars where character != "\0" {
        if character == "\"" {
            quoted += "\"\""
        } else {
            quoted.unicodeScalars.append(character)
        }
    }
    quoted += "\""
    return quoted
}
