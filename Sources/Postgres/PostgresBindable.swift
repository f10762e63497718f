#if canImport(Glibc)
import Glibc
#endif

/// One statement parameter as it goes over the wire: NULL, text, or raw bytes for `bytea`.
///
/// Most callers never build one by hand: they bind values of a ``PostgresBindable`` type, which supplies its
/// ``PostgresBindable/postgresValue``. Conform a domain type (an amount, an identifier) by returning the value of the
/// standard type that stores it.
public struct PostgresValue: Sendable, Hashable {
    enum Storage: Sendable, Hashable {
        case null
        case integer(Int64, typeOID: UInt32)
        case bool(Bool)
        case text(String)
        case bytea([UInt8])
    }

    let storage: Storage

    private init(_ storage: Storage) {
        self.storage = storage
    }

    /// SQL NULL.
    public static let null = PostgresValue(.null)

    /// Text whose type the server infers from where the parameter is used, so an ISO date string such as
    /// `"2024-03-31"` binds to a `date` column and a decimal string to a `numeric` one.
    public static func text(_ value: String) -> PostgresValue { PostgresValue(.text(value)) }

    /// A `bigint` (`int8`).
    public static func int64(_ value: Int64) -> PostgresValue { PostgresValue(.integer(value, typeOID: TypeOID.int8)) }

    /// An `integer` (`int4`).
    public static func int32(_ value: Int32) -> PostgresValue {
        PostgresValue(.integer(Int64(value), typeOID: TypeOID.int4))
    }

    /// A `smallint` (`int2`).
    public static func int16(_ value: Int16) -> PostgresValue {
        PostgresValue(.integer(Int64(value), typeOID: TypeOID.int2))
    }

    /// A `boolean`.
    public static func bool(_ value: Bool) -> PostgresValue { PostgresValue(.bool(value)) }

    /// A `bytea`, sent as raw bytes so no escaping or hex doubling is involved.
    public static func bytea(_ value: [UInt8]) -> PostgresValue { PostgresValue(.bytea(value)) }

    /// Whether this is SQL NULL.
    public var isNull: Bool { storage == .null }
}

/// A Swift value that can be bound as a statement parameter.
///
/// Built in: `Int64`, `Int`, `Int32`, `Int16`, `Bool`, `String`, `Substring`, `[UInt8]` (as `bytea`),
/// ``PostgresValue`` and `Optional` of any of them (`nil` binds NULL).
public protocol PostgresBindable {
    /// The parameter to send for this value.
    var postgresValue: PostgresValue { get }
}

extension PostgresValue: PostgresBindable {
    public var postgresValue: PostgresValue { self }
}

extension Int64: PostgresBindable {
    public var postgresValue: PostgresValue { .int64(self) }
}

extension Int: PostgresBindable {
    public var postgresValue: PostgresValue { .int64(Int64(self)) }
}

extension Int32: PostgresBindable {
    public var postgresValue: PostgresValue { .int32(self) }
}

extension Int16: PostgresBindable {
    public var postgresValue: PostgresValue { .int16(self) }
}

extension Bool: PostgresBindable {
    public var postgresValue: PostgresValue { .bool(self) }
}

extension String: PostgresBindable {
    public var postgresValue: PostgresValue { .text(self) }
}

extension Substring: PostgresBindable {
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Array: PostgresBindable where Element == UInt8 {
    public var postgresValue: PostgresValue { .bytea(self) }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresValue: PostgresValue {
        switch self {
        case .none: .null
        case .some(let value): value.postgresValue
        }
    }
}

/// Type OIDs from `pg_type`; fixed by PostgreSQL since 7.x, so hard-coding them is safe.
enum TypeOID {
    /// Lets the server infer the type from context.
    static let unspecified: UInt32 = 0
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
}

/// Appends the decimal digits of `value`, without allocating a `String`.
@inline(__always)
func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
    if value < 0 {
        bytes.append(UInt8(ascii: "-"))
    }
    var magnitude = value.magnitude
    if magnitude < 10 {
        bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude))
        return
    }
    // 20 digits hold UInt64.max; digits come out least significant first.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
        var index = 20
        while magnitude > 0 {
            index -= 1
            scratch[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[index..<20]))
    }
}

/// The parameters of one statement laid out for `PQexecParams` / `PQexecPrepared`.
///
/// All values share one byte buffer, each followed by a NUL because libpq reads text-format values as C strings;
/// `bytea` values go in binary format so their length, not a terminator, bounds them.
struct ParameterBuffer {
    /// The protocol's limit on parameters per statement (a 16-bit count).
    static let maximumCount = 65_535

    private(set) var count = 0
    private var bytes: [UInt8] = []
    private var offsets: [Int] = []
    private var lengths: [Int32] = []
    private var formats: [Int32] = []
    private var types: [UInt32] = []

    init(_ values: some Sequence<PostgresValue>) throws(PostgresError) {
        for value in values {
            try append(value)
        }
        guard count <= Self.maximumCount else {
            throw PostgresError(
                code: .invalidArgument,
                message: "\(count) parameters exceed the protocol limit of \(Self.maximumCount)"
            )
        }
    }

    private mutating func append(_ value: PostgresValue) throws(PostgresError) {
        let start = bytes.count
        switch value.storage {
        case .null:
            offsets.append(-1)
            lengths.append(0)
            formats.append(0)
            types.append(TypeOID.unspecified)
            count += 1
            return
        case .integer(let integer, let typeOID):
            appendDecimal(integer, to: &bytes)
            formats.append(0)
            types.append(typeOID)
        case .bool(let flag):
            bytes.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            formats.append(0)
            types.append(TypeOID.bool)
        case .text(var text):
            // A C string ends at the first NUL, which would silently truncate the value; PostgreSQL text cannot
            // hold NUL anyway, so refuse it. The parameter number is safe to report, the value is not. Searched
            // and copied as one contiguous buffer: a group of submissions binds ~2 KiB of case document each.
            let copied = text.withUTF8 { utf8 -> Bool in
                guard let base = utf8.baseAddress, memchr(base, 0, utf8.count) != nil else {
                    bytes.append(contentsOf: utf8)
                    return true
                }
                return false
            }
            guard copied else {
                throw PostgresError(
                    code: .invalidArgument,
                    message: "parameter $\(count + 1) contains a NUL character, which PostgreSQL text cannot hold"
                )
            }
            formats.append(0)
            types.append(TypeOID.unspecified)
        case .bytea(let raw):
            bytes.append(contentsOf: raw)
            formats.append(1)
            types.append(TypeOID.bytea)
        }
        offsets.append(start)
        lengths.append(Int32(truncatingIfNeeded: bytes.count - start))
        bytes.append(0)
        count += 1
    }

    /// Calls `body` with the four parallel arrays libpq expects, valid only for the duration of the call.
    func withUnsafeArguments<R>(
        _ body: (
            _ count: Int32,
            _ types: UnsafePointer<UInt32>?,
            _ values: UnsafePointer<UnsafePointer<CChar>?>?,
            _ lengths: UnsafePointer<Int32>?,
            _ formats: UnsafePointer<Int32>?
        ) throws -> R
    ) rethrows -> R {
        if count == 0 {
            return try body(0, nil, nil, nil, nil)
        }
        return try bytes.withUnsafeBytes { storage in
            try withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: count) { pointers in
                for index in 0..<count {
                    let offset = offsets[index]
                    if offset < 0 {
                        pointers[index] = nil
                    } else {
                        pointers[index] = storage.baseAddress.map {
                            ($0 + offset).assumingMemoryBound(to: CChar.self)
                        }
                    }
                }
                return try types.withUnsafeBufferPointer { types in
                    try lengths.withUnsafeBufferPointer { lengths in
                        try formats.withUnsafeBufferPointer { formats in
                            try body(
                                Int32(count),
                                types.baseAddress,
                                UnsafePointer(pointers.baseAddress),
                                lengths.baseAddress,
                                formats.baseAddress
                            )
                        }
                    }
                }
            }
        }
    }
}
