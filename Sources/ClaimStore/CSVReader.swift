import Checksum
import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams the records of an RFC 4180 CSV file: fields separated by commas, quoted fields may hold commas, line
/// breaks and doubled quotes, records end with CRLF or LF.
///
/// Reads the file in large chunks and reuses one buffer for the fields of the current record, so memory stays flat
/// for files of any size. It also feeds every byte to a SHA-256 for the import ledger. A UTF-8 byte-order mark is
/// skipped; empty lines are skipped.
struct CSVReader {
    private let file: UnsafeMutablePointer<FILE>
    private var chunk: [UInt8]
    private var chunkLength = 0
    private var position = 0
    private var atEnd = false
    private var physicalLine = 1
    private var startedFile = false

    /// The bytes of the current record's fields, one after the other; `fieldEnds[i]` ends field `i`.
    private(set) var storage: [UInt8] = []
    private(set) var fieldEnds: [Int] = []
    /// The file line on which the current record starts (1 = the header).
    private(set) var line = 0
    /// Bytes of the file consumed so far, for progress.
    private(set) var bytesRead = 0
    /// The file's size in bytes (0 when unknown).
    let totalBytes: Int
    /// The path the reader was opened with.
    let path: String
    private let hashing = BackgroundSHA256()

    /// Opens `path` for reading.
    init(path: String) throws(ImportError) {
        guard let file = fopen(path, "rb") else {
            throw ImportError(code: .fileUnreadable, reason: "cannot open the file (missing or unreadable)")
        }
        self.file = file
        self.path = path
        var info = stat()
        totalBytes = fstat(fileno(file), &info) == 0 ? Int(info.st_size) : 0
        chunk = [UInt8](repeating: 0, count: 1 << 20)
        storage.reserveCapacity(4096)
        fieldEnds.reserveCapacity(32)
    }

    /// Closes the file; call once when done.
    func close() {
        fclose(file)
    }

    /// The number of fields of the current record.
    var fieldCount: Int { fieldEnds.count }

    /// The bytes of field `index` of the current record.
    @inline(__always)
    func field(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return storage[start..<fieldEnds[index]]
    }

    /// Field `index` of the current record as text.
    func text(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// The SHA-256 of every byte read so far, in hex; call once, after the last ``next()``.
    func sha256Hex() -> String {
        hashing.finalize().hex
    }

    /// The SHA-256 of a whole file, without parsing it.
    static func sha256(path: String) throws(ImportError) -> String {
        var reader = try CSVReader(path: path)
        defer { reader.close() }
        while try reader.refill() {}
        return reader.sha256Hex()
    }

    private mutating func refill() throws(ImportError) -> Bool {
        guard !atEnd else { return false }
        let count = chunk.withUnsafeMutableBytes { buffer in
            fread(buffer.baseAddress, 1, buffer.count, file)
        }
        if count == 0 {
            if ferror(file) != 0 {
                throw ImportError(code: .fileUnreadable, reason: "reading the file failed")
            }
            atEnd = true
            return false
        }
        chunkLength = count
        position = 0
        hashing.update(Array(chunk[0..<count]))
        if !startedFile {
            startedFile = true
            if count >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF {
                position = 3
                bytesRead += 3
            }
        }
        return true
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    /// Reads the next record; false at the end of the file.
    ///
    /// - Throws: ``ImportError`` naming the line of a quote inside an unquoted field, text after a closing quote, or a
    ///   quoted field that never ends.
    mutating func next() throws(ImportError) -> Bool {
        storage.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var state = State.fieldStart
        var sawAnything = false
        line = physicalLine
        while true {
            if position >= chunkLength {
                guard try refill() else {
                    switch state {
                    case .quoted:
                        throw ImportError(
                            code: .invalidCSV, line: line, reason: "a quoted field starting on this line never ends")
                    default:
                        if sawAnything {
                            fieldEnds.append(storage.count)
                            return true
                        }
                        return false
                    }
                }
            }
            let byte = chunk[position]
            position += 1
            bytesRead += 1
            switch state {
            case .fieldStart, .unquoted:
                switch byte {
                case UInt8(ascii: ","):
                    sawAnything = true
                    fieldEnds.append(storage.count)
                    state = .fieldStart
                case UInt8(ascii: "\n"):
                    physicalLine += 1
                    if !sawAnything {
                        // An empty line: skip it.
                        line = physicalLine
                        continue
                    }
                    fieldEnds.append(storage.count)
                    return true
                case UInt8(ascii: "\r"):
                    // Part of a CRLF; a bare CR is dropped too.
                    continue
                case UInt8(ascii: "\""):
                    guard state == .fieldStart else {
                        throw ImportError(
                            code: .invalidCSV, line: physicalLine,
                            reason: "a quote inside an unquoted field (quote the whole field and double the quote)")
                    }
                    sawAnything = true
                    state = .quoted
                case 0:
                    throw Self.nulByte(line: physicalLine)
                default:
                    sawAnything = true
                    storage.append(byte)
                    state = .unquoted
                    // The rest of a plain field goes in at once, up to the next delimiter, quote or chunk end.
                    let end = chunk.withUnsafeBufferPointer { bytes in
                        var end = position
                        while end < chunkLength {
                            let next = bytes[end]
                            if next == UInt8(ascii: ",") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r")
                                || next == UInt8(ascii: "\"") || next == 0
                            {
                                break
                            }
                            end += 1
                        }
                        return end
                    }
                    if end > position {
                        storage.append(contentsOf: chunk[position..<end])
                        bytesRead += end - position
                        position = end
                    }
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else if byte == 0 {
                    throw Self.nulByte(line: physicalLine)
                } else {
                    if byte == UInt8(ascii: "\n") { physicalLine += 1 }
                    storage.append(byte)
                }
            case .quoteInQuoted:
                switch byte {
                case UInt8(ascii: "\""):
                    storage.append(byte)
                    state = .quoted
                case UInt8(ascii: ","):
                    fieldEnds.append(storage.count)
                    state = .fieldStart
                case UInt8(ascii: "\n"):
                    physicalLine += 1
                    fieldEnds.append(storage.count)
                    return true
                case UInt8(ascii: "\r"):
                    continue
                default:
                    throw ImportError(
                        code: .invalidCSV, line: physicalLine,
                        reason: "text after the closing quote of a field (a comma or the end of the line must follow)")
                }
            }
        }
    }
}

extension CSVReader {
    /// A NUL byte: no text column (nor PostgreSQL's text type) can hold it, so it is refused here, naming the line,
    /// before it reaches the database (where it failed as a database error, exit 69).
    static func nulByte(line: Int) -> ImportError {
        ImportError(
            code: .invalidCSV, line: line,
            reason: "a NUL byte (0x00) in a field; CSV text cannot hold it (is this a binary or UTF-16 file?)")
    }
}

/// A SHA-256 fed on its own serial queue, so hashing a file runs beside the parsing of it (on the other core): the
/// hash was a quarter of the contribution import's client time. At most four chunks wait, so memory stays flat.
final class BackgroundSHA256: @unchecked Sendable {
    // `hasher` is only touched on `queue`.
    private var hasher = SHA256.Hasher()
    private let queue = DispatchQueue(label: "santunan.import.sha256")
    private let slots = DispatchSemaphore(value: 4)

    func update(_ bytes: [UInt8]) {
        slots.wait()
        queue.async {
            self.hasher.update(bytes)
            self.slots.signal()
        }
    }

    /// Waits for the chunks sent so far and returns their digest.
    func finalize() -> SHA256Digest {
        queue.sync { hasher.finalize() }
    }
}
