extension WorkloadTable {
    /// Splits CSV text into records with line and column positions (RFC 4180 quoting).
    static func readRecords(_ text: String, file: String) throws(Error) -> [Record] {
        var records: [Record] = []
        var fields: [(column: Int, text: String)] = []
        var field = "", fieldColumn = 1, quoted = false, inQuotes = false
        var line = 1, column = 1, recordLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endField() { fields.append((fieldColumn, field)); field = ""; quoted = false }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; column += 2; continue }
                    inQuotes = false
                } else {
                    field.unicodeScalars.append(c)
                    if c == "\n" { line += 1; column = 0 }
                }
            } else if c == "\"" {
                guard field.isEmpty, !quoted else {
                    throw Error(file: file, line: line, column: column, message: "quote inside an unquoted field, expected quotes around the whole field")
                }
                inQuotes = true; quoted = true
            } else if c == "," {
                endField(); fieldColumn = column + 1
            } else if c == "\n" || c == "\r" {
                if c == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
                endField()
                if !(fields.count == 1 && fields[0].text.isEmpty && !quoted) { records.append(Record(line: recordLine, fields: fields)) }
                fields = []; line += 1; column = 0; recordLine = line; fieldColumn = 1
            } else {
                if quoted {
                    throw Error(file: file, line: line, column: column, message: "text after a closing quote, expected ',' or end of line")
                }
                field.unicodeScalars.append(c)
            }
            i += 1; column += 1
        }
        if inQuotes { throw Error(file: file, line: line, column: column, message: "quoted field never closed, expected a closing quote") }
        if !field.isEmpty || !fields.isEmpty || quoted {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
