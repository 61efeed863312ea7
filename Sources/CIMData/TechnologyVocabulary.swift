import CIMHardware

/// The components, parameters and units the cost models read (`TechnologyParameters`), taken from the
/// shipped tables so that it never drifts from what the models use.
///
/// A parameter ending in a number after a letter (`e_act_v0.50`, `node_n22`) stands for a family
/// (`e_act_v<number>`): the models read every member, so a table may add points (another voltage, another
/// node) as long as the unit is the family's.
public struct TechnologyVocabulary: Hashable, Sendable {
    /// One readable parameter (or family) of a component and the unit the model reads it in.
    public struct Term: Hashable, Sendable {
        public var component: String
        /// A parameter name, or a family `prefix<number>`.
        public var parameter: String
        public var unit: String
    }

    /// Terms in the shipped tables' order, each family once.
    public let terms: [Term]
    private let units: [String: [String: String]]

    /// The vocabulary of the given (complete) tables.
    public init(entries: [TechnologyEntry]) {
        var terms: [Term] = []
        var units: [String: [String: String]] = [:]
        for e in entries {
            let name = Self.family(of: e.parameter) ?? e.parameter
            if units[e.component, default: [:]][name] == nil {
                units[e.component, default: [:]][name] = e.unit
                terms.append(Term(component: e.component, parameter: name, unit: e.unit))
            }
        }
        self.terms = terms
        self.units = units
    }

    /// The vocabulary of the shipped tables (`DefaultTechnology.files`).
    public static func shipped() throws -> TechnologyVocabulary {
        TechnologyVocabulary(entries: try DefaultTechnology.entries())
    }

    /// Components, in table order.
    public var components: [String] {
        var seen: Set<String> = []
        return terms.map(\.component).filter { seen.insert($0).inserted }
    }

    /// `prefix<number>` when `parameter` is a prefix ending in a letter or `_` followed by a decimal number.
    static func family(of parameter: String) -> String? {
        let chars = Array(parameter)
        var i = chars.count
        while i > 0, chars[i - 1].isNumber || chars[i - 1] == "." { i -= 1 }
        guard i > 0, i < chars.count, chars[i].isNumber, Double(String(chars[i...])) != nil,
              chars[i - 1].isLetter || chars[i - 1] == "_" else { return nil }
        return String(chars[..<i]) + "<number>"
    }

    /// The unit the models read `component.parameter` in, or nil when no model reads it.
    public func unit(component: String, parameter: String) -> String? {
        guard let params = units[component] else { return nil }
        return params[parameter] ?? Self.family(of: parameter).flatMap { params[$0] }
    }

    /// Checks every row's component, parameter and unit; errors point at the offending field
    /// (`FILE:LINE:COLUMN`) and list the valid names.
    public func check(_ table: CSVTable) throws(CSVError) {
        for row in table.rows where row.count >= 4 {
            let component = row[0], parameter = row[1], unitField = row[3]
            guard units[component.text] != nil else {
                throw table.error(at: component, "unknown component '\(component.text)', expected one of \(components.joined(separator: ", "))")
            }
            guard let wanted = unit(component: component.text, parameter: parameter.text) else {
                let names = terms.filter { $0.component == component.text }.map(\.parameter)
                throw table.error(at: parameter, "unknown parameter '\(parameter.text)' of \(component.text), expected one of \(names.joined(separator: ", "))")
            }
            guard unitField.text == wanted else {
                throw table.error(at: unitField, "unit '\(unitField.text)' for \(component.text).\(parameter.text), expected '\(wanted)'")
            }
        }
    }

    /// The vocabulary as CSV `component,parameter,unit` (for the docs).
    public var csv: String {
        "component,parameter,unit\n" + terms.map { "\($0.component),\($0.parameter),\($0.unit)" }.joined(separator: "\n") + "\n"
    }
}
