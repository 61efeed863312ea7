import CIMData
import Testing

@Suite struct CSVReaderTests {
    func parse(_ text: String) throws -> CSVTable { try CSVReader.parse(text: text, file: "t.csv") }

    func error(_ text: String) -> CSVError? {
        do { _ = try parse(text); return nil } catch let e as CSVError { return e } catch { return nil }
    }

    @Test func fieldsCarryLineAndColumn() throws {
        let t = try parse("a,b,c\n1, two ,\"x,\"\"y\"\"\"\n")
        #expect(t.header.fields.map(\.text) == ["a", "b", "c"])
        #expect(t.rows.count == 1)
        let r = t.rows[0]
        #expect(r.fields.map(\.text) == ["1", "two", "x,\"y\""])
        #expect(r.fields.map(\.line) == [2, 2, 2])
        #expect(r.fields.map(\.column) == [1, 4, 9])
    }

    @Test func crlfBomAndMissingFinalNewlineAreAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n\r\n3,4".utf8)
        let t = try CSVReader.parse(bytes, file: "t.csv")
        #expect(t.header.fields.map(\.text) == ["a", "b"])
        #expect(t.header[0].column == 1)
        #expect(t.rows.map { $0.fields.map(\.text) } == [["1", "2"], ["3", "4"]])
        #expect(t.rows[1][1].line == 4 && t.rows[1][1].column == 3)
    }

    @Test func quotedFieldSpanningLinesKeepsLaterLinesRight() throws {
        let t = try parse("a,b\n\"x\ny\",1\n2,3\n")
        #expect(t.rows[0][0].text == "x\ny")
        #expect(t.rows[1][1].line == 4 && t.rows[1][1].column == 3)
    }

    @Test func emptyFileIsRejected() {
        #expect(error("") == CSVError(file: "t.csv", line: 1, column: 1, message: "file is empty, expected a header line"))
        #expect(error("\n\r\n")?.line == 1)
    }

    @Test func tooManyAndTooFewFields() {
        let many = error("a,b\n1,2\n3,4,5\n")
        #expect(many?.line == 3 && many?.column == 5)
        #expect(many?.message.contains("3 fields, expected 2") == true)
        let few = error("a,b,c\n1,2\n")
        #expect(few?.line == 2 && few?.column == 4)
        #expect(few?.description == "t.csv:2:4: row has 2 fields, expected 3 as in the header")
    }

    @Test func misplacedAndUnterminatedQuotes() {
        let inside = error("a,b\n1,x\"y\n")
        #expect(inside?.line == 2 && inside?.column == 4)
        let after = error("a,b\n1,\"x\"y\n")
        #expect(after?.line == 2 && after?.column == 6)
        let open = error("a,b\n1,\"xy\n")
        #expect(open?.line == 2 && open?.column == 3)
        #expect(open?.message.hasPrefix("unterminated quoted field") == true)
    }

    @Test func overlongFieldIsRejected() {
        let long = String(repeating: "x", count: CSVReader.maxFieldBytes + 1)
        let e = error("a,b\n1,\(long)\n")
        #expect(e?.line == 2 && e?.column == 3)
        #expect(e?.message.contains("expected at most 4096") == true)
        #expect(error("a,b\n1,\(String(repeating: "x", count: CSVReader.maxFieldBytes))\n") == nil)
    }

    @Test func invalidUTF8IsRejected() {
        let bytes = Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        #expect(throws: CSVError.self) { try CSVReader.parse(bytes, file: "t.csv") }
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let t = try parse("a,b\nµΩ,2\n")
        #expect(t.rows[0][1].column == 4)
    }

    @Test(arguments: [
        ("0.5", 0.5), ("-2.5e-3", -2.5e-3), ("+7", 7.0), (".5", 0.5), ("5.", 5.0), ("1E300", 1e300), ("0", 0.0),
    ])
    func acceptedNumbers(text: String, value: Double) throws {
        #expect(try CSVReader.finiteDouble(text).get() == value)
    }

    @Test(arguments: [
        ("", CSVReader.NumberProblem.notANumber), ("nan", .notANumber), ("inf", .notANumber),
        ("-Infinity", .notANumber), ("0x1p3", .notANumber), ("1e", .notANumber), ("1.2.3", .notANumber),
        ("1e309", .outOfRange), ("-2e300", .outOfRange), ("1e-400", .underflow), ("1 2", .notANumber),
        ("e5", .notANumber), ("5-", .notANumber),
    ])
    func rejectedNumbers(text: String, problem: CSVReader.NumberProblem) {
        #expect(throws: problem) { try CSVReader.finiteDouble(text).get() }
    }

    @Test func numberErrorNamesLineAndColumn() throws {
        let t = try parse("a,b\n1,1e309\n")
        #expect(throws: CSVError(file: "t.csv", line: 2, column: 3,
                                 message: "'1e309' is out of range, expected a finite number with magnitude at most 1e300")) {
            try t.double(t.rows[0][1])
        }
    }
}
