import Checksum

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
    var hasher = SHA256.Hasher()

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

    /// The SHA-256 of a whole file, without parsing it.
    static func sha256(path: String) throws(ImportError) -> String {
        var reader = try CSVReader(path: path)
        defer { reader.close() }
        while try reader.refill() {}
        return reader.hasher.finalize().hex
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
        chunk.withUnsafeBufferPointer { hasher.update(UnsafeBufferPointer(rebasing: $0[0..<count])) }
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
                default:
                    sawAnything = true
                    storage.append(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
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
