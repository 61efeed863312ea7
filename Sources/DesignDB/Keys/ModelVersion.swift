/// A stored `model_version` or `predictor_version` as declared fields with one canonical encoding:
/// `<build>[#<options digest>][#tech=<technology tag>][;mode=<compat mode>]`.
///
/// Writers build the string with ``encoded``; readers take it apart with ``init(parsing:)`` field by field,
/// never by searching for substrings.
public struct ModelVersion: Hashable, Sendable {
    /// Model name and revision, e.g. `cimloop-cimnas/2` or `sram-sinangil_jssc_2021-v4`.
    public var build: String
    /// Digest of the evaluation options (8 hex digits), or "" when the model has none.
    public var optionsDigest: String
    /// Content tag of non-shipped technology tables, or "" for the shipped ones.
    public var technologyTag: String
    /// Compat mode the results were evaluated under, or nil when the version names the model alone.
    public var mode: String?

    public init(build: String, optionsDigest: String = "", technologyTag: String = "", mode: String? = nil) {
        self.build = build
        self.optionsDigest = optionsDigest
        self.technologyTag = technologyTag
        self.mode = mode
    }

    /// The canonical string (what the database stores).
    public var encoded: String {
        var s = build
        if !optionsDigest.isEmpty { s += "#" + optionsDigest }
        if !technologyTag.isEmpty { s += "#tech=" + technologyTag }
        if let mode { s += ";mode=" + mode }
        return s
    }

    /// The version without its compat mode: what must agree for results to be comparable across modes.
    public var withoutMode: ModelVersion {
        var v = self
        v.mode = nil
        return v
    }

    /// Parses a canonical string: fields separated by `#` (the first is the build, `tech=` marks the
    /// technology tag, another is the options digest) and an optional `;mode=` suffix.
    public init(parsing text: String) {
        var head = Substring(text)
        mode = nil
        if let semicolon = text.firstIndex(of: ";") {
            head = text[..<semicolon]
            let tail = text[text.index(after: semicolon)...]
            mode = tail.hasPrefix("mode=") ? String(tail.dropFirst(5)) : String(tail)
        }
        let fields = head.split(separator: "#", omittingEmptySubsequences: false)
        build = String(fields.first ?? "")
        optionsDigest = ""
        technologyTag = ""
        for f in fields.dropFirst() {
            if f.hasPrefix("tech=") { technologyTag = String(f.dropFirst(5)) } else { optionsDigest = String(f) }
        }
    }
}
