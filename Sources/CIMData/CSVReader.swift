import CCSV
import Foundation

/// A problem in a CSV file, located at a 1-based line and column.
///
/// `description` is the one line the CLI prints: `FILE:LINE:COLUMN: what is wrong, expected …`.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`, or `FILE: message` for a problem of the whole file (line 0: not read).
    public var description: String {
        (line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)").escapingControlCharacters
    }

    /// A file that could not be read at all (no position to report): says why.
    public static func unreadable(_ path: String, expected: String) -> CSVError {
        CSVError(file: path, line: 0, column: 0, message: unreadableReason(path) + ", expected " + expected)
    }

    /// Why `path` cannot be read: missing, a folder, or not readable.
    public static func unreadableReason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "is a folder" }
        return "cannot read the file (permission denied or an I/O error)"
    }
}

/// One field of a CSV row with where it starts in the file (1-based; columns count characters).
public struct CSVField: Hashable, Sendable {
    public var text: String
    public var line: Int
    public var column: Int

    public init(text: String, line: Int, column: Int) {
        self.text = text
        self.line = line
        self.column = column
    }
}

/// One CSV record: its fields and where the row ends (for "too few fields" messages).
public struct CSVRow: Hashable, Sendable {
    public var fields: [CSVField]
    /// Line and column of the row terminator (or end of file).
    public var endLine: Int
    public var endColumn: Int

    public init(fields: [CSVField], endLine: Int, endColumn: Int) {
        self.fields = fields
        self.endLine = endLine
        self.endColumn = endColumn
    }

    /// Line the row starts on.
    public var line: Int { fields.first?.line ?? endLine }
    public var count: Int { fields.count }
    public subscript(index: Int) -> CSVField { fields[index] }
}

/// A parsed CSV file: the header row and the data rows, each as wide as the header.
public struct CSVTable: Hashable, Sendable {
    /// File name used in error messages.
    public var file: String
    public var header: CSVRow
    public var rows: [CSVRow]

    /// An error located at a field of this file.
    public func error(at field: CSVField, _ message: String) -> CSVError {
        CSVError(file: file, line: field.line, column: field.column, message: message)
    }
}

/// A strict CSV reader over libcsv (RFC 4180 quoting, `CSV_STRICT | CSV_STRICT_FINI`).
///
/// Policy: CRLF and LF line ends are accepted, a UTF-8 byte-order mark is stripped, a missing final
/// newline is accepted and blank lines are skipped. Rejected, with the line and column: an empty file,
/// malformed quoting, an unterminated quote, a field longer than ``maxFieldBytes``, text that is not
/// UTF-8, and a row whose field count differs from the header. Spaces around unquoted fields are trimmed.
public enum CSVReader {
    /// Longest accepted field, in bytes.
    public static let maxFieldBytes = 4096

    /// Reads and parses a file; a read failure names the file without a position.
    public static func read(path: String) throws -> CSVTable {
        let name = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CSVError.unreadable(path, expected: "a readable CSV file")
        }
        return try parse([UInt8](data), file: name)
    }

    /// Parses CSV text.
    public static func parse(text: String, file: String) throws -> CSVTable {
        try parse(Array(text.utf8), file: file)
    }

    /// Parses CSV bytes; `file` names the source in errors.
    ///
    /// - Complexity: O(n) in the input size. Runs of ordinary bytes go to libcsv in one call; only
    ///   delimiters, quotes, spaces and line ends are fed one at a time, so each field's start is known.
    public static func parse(_ bytes: [UInt8], file: String) throws -> CSVTable {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let state = CSVParseState(bytes: bytes, file: file, contentStart: start)
        try state.run()
        var rows = state.rows
        guard !rows.isEmpty else {
            throw CSVError(file: file, line: 1, column: 1, message: "file is empty, expected a header line")
        }
        let header = rows.removeFirst()
        let width = header.count
        for row in rows where row.count != width {
            if row.count > width {
                let extra = row.fields[width]
                throw CSVError(file: file, line: extra.line, column: extra.column,
                               message: "row has \(row.count) fields, expected \(width) as in the header")
            }
            throw CSVError(file: file, line: row.endLine, column: row.endColumn,
                           message: "row has \(row.count) fields, expected \(width) as in the header")
        }
        return CSVTable(file: file, header: header, rows: rows)
    }

    /// Parses a finite decimal number strictly, or returns why it is not one.
    ///
    /// Accepted: `[+-]digits[.digits][(e|E)[+-]digits]` (digits on at least one side of the point).
    /// Rejected: empty text, NaN, infinities, hexadecimal, overflow (`1e309`), underflow of a non-zero
    /// value to zero, and |x| > 1e300 (no physical quantity here is that large).
    public static func finiteDouble(_ text: String) -> Result<Double, NumberProblem> {
        var sawDigit = false, sawExpDigit = false, inExponent = false, sawPoint = false
        var previous: UInt8 = 0
        var nonZeroMantissa = false
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent { sawExpDigit = true } else {
                    sawDigit = true
                    if c != UInt8(ascii: "0") { nonZeroMantissa = true }
                }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let atStart = i == 0
                let afterE = previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E")
                if !(atStart || afterE) { return .failure(.notANumber) }
            case UInt8(ascii: "."):
                if sawPoint || inExponent { return .failure(.notANumber) }
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if inExponent || !sawDigit { return .failure(.notANumber) }
                inExponent = true
            default:
                return .failure(.notANumber)
            }
            previous = c
        }
        if !sawDigit || (inExponent && !sawExpDigit) { return .failure(.notANumber) }
        guard let value = Double(text) else { return .failure(.notANumber) }
        if !value.isFinite { return .failure(.outOfRange) }
        if abs(value) > 1e300 { return .failure(.outOfRange) }
        if value == 0, nonZeroMantissa { return .failure(.underflow) }
        return .success(value)
    }

    /// Why a field is not an accepted number.
    public enum NumberProblem: Error, Hashable, Sendable {
        case notANumber
        case outOfRange
        case underflow

        /// A message fragment: what is wrong, what was expected.
        public func message(for text: String) -> String {
            switch self {
            case .notANumber:
                return "'\(text)' is not a number, expected a finite decimal such as 0.5 or 1.2e-9"
            case .outOfRange:
                return "'\(text)' is out of range, expected a finite number with magnitude at most 1e300"
            case .underflow:
                return "'\(text)' underflows to zero, expected a magnitude of at least 1e-300"
            }
        }
    }
}

extension CSVTable {
    /// The field as a finite number (see ``CSVReader/finiteDouble(_:)``), or an error at its position.
    public func double(_ field: CSVField) throws -> Double {
        switch CSVReader.finiteDouble(field.text) {
        case .success(let value): return value
        case .failure(let problem): throw error(at: field, problem.message(for: field.text))
        }
    }

    /// The field as a decimal integer, or an error at its position.
    public func integer(_ field: CSVField) throws -> Int {
        guard let value = Int(field.text) else {
            throw error(at: field, "'\(field.text)' is not an integer, expected digits such as 128")
        }
        return value
    }
}

// MARK: - libcsv driver

/// Mutable state shared with the libcsv callbacks through their `void *` argument.
final class CSVParseState {
    let bytes: [UInt8]
    let file: String
    let contentStart: Int
    /// Byte offsets where lines start.
    let lineStarts: [Int]
    var rows: [CSVRow] = []
    var fields: [CSVField] = []
    /// Offset of the first significant byte of the field being read.
    var fieldStart: Int?
    /// Offset of the byte being fed (callbacks fire while libcsv consumes it).
    var offset = 0
    var error: CSVError?

    init(bytes: [UInt8], file: String, contentStart: Int) {
        self.bytes = bytes
        self.file = file
        self.contentStart = contentStart
        var starts = [contentStart]
        for i in contentStart..<bytes.count where bytes[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column (counted in characters) of a byte offset.
    func position(_ offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        // Fields are located left to right: continue from the previous position on the same line, so a
        // long line costs O(length) instead of O(length × fields).
        if lo == memo.line, memo.offset <= offset, memo.offset >= i { column = memo.column; i = memo.offset }
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        memo = (lo, i, column)
        return (lo + 1, column)
    }
    private var memo: (line: Int, offset: Int, column: Int) = (-1, 0, 1)

    func fail(at offset: Int, _ message: String) {
        guard error == nil else { return }
        let p = position(offset)
        error = CSVError(file: file, line: p.line, column: p.column, message: message)
    }

    func addField(_ pointer: UnsafeRawPointer?, _ length: Int) {
        guard error == nil else { return }
        let start = fieldStart ?? offset
        fieldStart = nil
        if length > CSVReader.maxFieldBytes {
            fail(at: start, "field is \(length) bytes long, expected at most \(CSVReader.maxFieldBytes)")
            return
        }
        let buffer = UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : length)
        guard let text = String(validating: buffer.bindMemory(to: UInt8.self), as: UTF8.self) else {
            fail(at: start, "field is not valid UTF-8, expected UTF-8 text")
            return
        }
        let p = position(start)
        fields.append(CSVField(text: text, line: p.line, column: p.column))
    }

    func endRow() {
        guard error == nil else { return }
        let p = position(min(offset, bytes.count))
        rows.append(CSVRow(fields: fields, endLine: p.line, endColumn: p.column))
        fields = []
    }

    @inline(__always) static func isSpecial(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n")
            || c == UInt8(ascii: " ") || c == UInt8(ascii: "\t")
    }

    func run() throws {
        var parser = csv_parser()
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
            throw CSVError(file: file, line: 0, column: 0, message: "cannot initialise libcsv, expected memory")
        }
        defer { csv_free(&parser) }
        let context = Unmanaged.passUnretained(self).toOpaque()
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var i = contentStart
            let n = buffer.count
            while i < n && error == nil {
                let c = buffer[i]
                var j = i + 1
                if !Self.isSpecial(c) {
                    while j < n && !Self.isSpecial(buffer[j]) { j += 1 }
                }
                // A field starts at its first byte that libcsv does not skip: leading spaces are
                // skipped, and so are line ends before a row has begun (blank lines).
                if fieldStart == nil {
                    let isSpace = c == UInt8(ascii: " ") || c == UInt8(ascii: "\t")
                    let isEOL = c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n")
                    if !isSpace && !(isEOL && fields.isEmpty) { fieldStart = i }
                }
                offset = i
                let used = csv_parse(&parser, base + i, j - i, csvFieldCallback, csvRowCallback, context)
                if used < j - i {
                    fail(at: i + used,
                         "misplaced quote, expected quotes only around a whole field (write \"\" for a quote inside one)")
                    break
                }
                i = j
            }
            if error == nil {
                offset = n
                if csv_fini(&parser, csvFieldCallback, csvRowCallback, context) != 0 {
                    fail(at: fieldStart ?? n, "unterminated quoted field, expected a closing quote")
                }
            }
        }
        if let error { throw error }
    }
}

/// libcsv end-of-field callback; `context` is an unretained `CSVParseState`.
private func csvFieldCallback(_ field: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    Unmanaged<CSVParseState>.fromOpaque(context).takeUnretainedValue().addField(UnsafeRawPointer(field), length)
}

/// libcsv end-of-row callback.
private func csvRowCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    Unmanaged<CSVParseState>.fromOpaque(context).takeUnretainedValue().endRow()
}
