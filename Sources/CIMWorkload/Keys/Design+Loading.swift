import Foundation

extension Design {
    /// A design given either as an original CIMNAS key or as a design JSON file (exactly one).
    ///
    /// Errors are one line naming the flag or the file: `--cimnas-key: column 3: …`,
    /// `FILE: hardware.rows: …`.
    public static func load(cimnasKey: String?, designFile: String?) throws(DesignJSON.Error) -> Design {
        switch (cimnasKey, designFile) {
        case (let key?, nil):
            let parsed: CIMNASKey
            do { parsed = try CIMNASKey(parsing: key) } catch { throw DesignJSON.Error("--cimnas-key: \(error.description)") }
            if let problem = MobileNetV2Supernet.validate(parsed.subnet).first { throw DesignJSON.Error("--cimnas-key: \(problem)") }
            return parsed.design
        case (nil, let path?):
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw DesignJSON.Error("\(path): cannot be read (\(error.localizedDescription)), expected a design JSON file")
            }
            return try DesignJSON.decode(text, file: path)
        case (nil, nil):
            throw DesignJSON.Error("no design given, expected --cimnas-key KEY or --design FILE")
        case (_?, _?):
            throw DesignJSON.Error("both --cimnas-key and --design given, expected one of them")
        }
    }
}
