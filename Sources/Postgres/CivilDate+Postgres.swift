public import SantunanValues

/// A `date` column reads as the shared ``CivilDate`` and binds from it, once for every store module (a conformance
/// declared in two modules would clash where both are imported).
extension CivilDate: PostgresDecodable, PostgresBindable {
    public static func decode(postgresText bytes: UnsafeRawBufferPointer) -> CivilDate? {
        guard bytes.count == 10 else { return nil }
        return CivilDate(iso: String(decoding: bytes, as: UTF8.self))
    }

    /// Binds as `YYYY-MM-DD` text; cast with `::date` where the server cannot infer the type.
    public var postgresValue: PostgresValue { .text(description) }
}
