public import Postgres

/// One participant found by ``ParticipantStore/search(_:limit:)``: who they are and their KPJs.
public struct ParticipantMatch: Sendable, Hashable {
    public var nik: String
    public var name: String
    /// `YYYY-MM-DD`.
    public var birthDate: String
    /// The KPJs of their memberships, earliest start first.
    public var kpjs: [String]
}

extension ParticipantStore {
    /// An `ILIKE` pattern matching text that contains `text`: `%`, `_` and `\\` in it are escaped, so they match
    /// themselves and a search cannot become a pattern that scans for everything.
    public static func containsPattern(_ text: String) -> String {
        var pattern = "%"
        for character in text {
            if character == "%" || character == "_" || character == "\\" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }

    /// The participants whose name contains `text` (case-insensitive), whose NIK is `text`, or who hold the
    /// membership `text`; at most `limit`, by name then NIK.
    ///
    /// `%`, `_` and `\` in `text` are matched literally (escaped before `ILIKE`), so a name search cannot become a
    /// pattern that scans for everything.
    public func search(_ text: String, limit: Int) throws -> [ParticipantMatch] {
        let pattern = Self.containsPattern(text)
        let result = try connection.execute(
            """
            SELECT p.nik, p.name, to_char(p.birth_date, 'YYYY-MM-DD'),
                   coalesce((SELECT string_agg(m.kpj, ' ' ORDER BY m.start_date, m.kpj)
                             FROM membership m WHERE m.participant_id = p.id), '')
            FROM participant p
            WHERE p.name ILIKE \(pattern) OR p.nik = \(text)
               OR p.id IN (SELECT participant_id FROM membership WHERE kpj = \(text))
            ORDER BY p.name, p.nik LIMIT \(Int64(limit))
            """)
        return try result.map { row in
            let kpjs: String = try row[3]
            return ParticipantMatch(
                nik: try row[0], name: try row[1], birthDate: try row[2],
                kpjs: kpjs.split(separator: " ").map(String.init))
        }
    }
}
