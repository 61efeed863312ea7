/// A JSON value with the line and column where it starts, so that readers of user files (search spaces)
/// can report `FILE:LINE:COLUMN` for a value that parses but means nothing.
public struct JSONNode: Sendable {
    /// One member of an object, with the position of its key.
    public struct Member: Sendable {
        public var key: String
        public var keyLine: Int
        public var keyColumn: Int
        public var value: JSONNode
    }

    public indirect enum Value: Sendable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    public var value: Value
    /// 1-based line and column (in characters) of the value's first character.
    public var line: Int
    public var column: Int

    public init(value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// Members of an object, or nil.
    public var members: [Member]? { if case .object(let m) = value { return m } else { return nil } }
    /// Elements of an array, or nil.
    public var elements: [JSONNode]? { if case .array(let a) = value { return a } else { return nil } }
    /// The string, or nil.
    public var string: String? { if case .string(let s) = value { return s } else { return nil } }
    /// The number, or nil.
    public var number: Double? { if case .number(let x) = value { return x } else { return nil } }

    /// What kind of value this is, for messages.
    public var kind: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

/// A strict RFC 8259 parser that keeps positions (`JSONNode`). Nesting deeper than 64 levels is refused.
public enum PositionedJSON {
    /// A syntax error at a position.
    public struct SyntaxError: Error, Hashable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    public static func parse(_ text: String) throws(SyntaxError) -> JSONNode {
        var p = Parser(bytes: Array(text.utf8))
        p.skipSpace()
        let node = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.error("unexpected text after the JSON value") }
        return node
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var column = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ message: String) -> SyntaxError { SyntaxError(line: line, column: column, message: message) }

        mutating func advance() {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { advance() }
        }

        mutating func expect(_ c: Character) throws(SyntaxError) {
            guard peek == c.asciiValue else { throw error("expected '\(c)'") }
            advance()
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONNode {
            guard depth < 64 else { throw error("nesting deeper than 64 levels") }
            let (l, c) = (line, column)
            guard let b = peek else { throw error("unexpected end of the text, expected a value") }
            switch b {
            case UInt8(ascii: "{"):
                advance()
                var members: [JSONNode.Member] = []
                skipSpace()
                if peek == UInt8(ascii: "}") { advance(); return JSONNode(value: .object([]), line: l, column: c) }
                while true {
                    skipSpace()
                    let (kl, kc) = (line, column)
                    guard peek == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    members.append(JSONNode.Member(key: key, keyLine: kl, keyColumn: kc, value: try value(depth: depth + 1)))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { advance(); continue }
                    try expect("}")
                    return JSONNode(value: .object(members), line: l, column: c)
                }
            case UInt8(ascii: "["):
                advance()
                var elements: [JSONNode] = []
                skipSpace()
                if peek == UInt8(ascii: "]") { advance(); return JSONNode(value: .array([]), line: l, column: c) }
                while true {
                    skipSpace()
                    elements.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { advance(); continue }
                    try expect("]")
                    return JSONNode(value: .array(elements), line: l, column: c)
                }
            case UInt8(ascii: "\""):
                return JSONNode(value: .string(try string()), line: l, column: c)
            case UInt8(ascii: "t"): try word("true"); return JSONNode(value: .bool(true), line: l, column: c)
            case UInt8(ascii: "f"): try word("false"); return JSONNode(value: .bool(false), line: l, column: c)
            case UInt8(ascii: "n"): try word("null"); return JSONNode(value: .null, line: l, column: c)
            default:
                return JSONNode(value: .number(try number()), line: l, column: c)
            }
        }

        mutating func word(_ w: String) throws(SyntaxError) {
            for ch in w.utf8 {
                guard peek == ch else { throw error("expected '\(w)'") }
                advance()
            }
        }

        mutating func number() throws(SyntaxError) -> Double {
            let start = i
            func digits(_ p: inout Parser) -> Int {
                var n = 0
                while let b = p.peek, b >= 0x30 && b <= 0x39 { p.advance(); n += 1 }
                return n
            }
            if peek == UInt8(ascii: "-") { advance() }
            guard digits(&self) > 0 else { throw error("expected a value") }
            if peek == UInt8(ascii: ".") {
                advance()
                guard digits(&self) > 0 else { throw error("expected digits after '.'") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                advance()
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { advance() }
                guard digits(&self) > 0 else { throw error("expected exponent digits") }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let x = Double(text), x.isFinite else { throw error("number \(text) is out of range") }
            return x
        }

        mutating func string() throws(SyntaxError) -> String {
            advance() // opening quote
            var out: [UInt8] = []
            while true {
                guard let b = peek else { throw error("unterminated string") }
                if b == UInt8(ascii: "\"") { advance(); break }
                guard b >= 0x20 else { throw error("control character in a string") }
                if b != UInt8(ascii: "\\") { out.append(b); advance(); continue }
                advance()
                guard let e = peek else { throw error("unterminated string") }
                advance()
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), peek == UInt8(ascii: "\\") {
                        advance()
                        try expect("u")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out += Array(String(Character(u)).utf8)
                default: throw error("invalid escape")
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let b = peek, let d = Int(String(UnicodeScalar(b)), radix: 16) else { throw error("expected 4 hex digits") }
                v = v * 16 + UInt32(d)
                advance()
            }
            return v
        }
    }
}
