import VigilCore

/// Audit payloads are `VigilCore.JSONValue`s with one canonical text form: the same value always serialises to the
/// same bytes (object keys sorted by their UTF-8 bytes, no insignificant whitespace, minimal escaping, whole doubles
/// below 9e15 written as integers, NaN and infinities as `null`), so a payload's hash does not depend on dictionary
/// order or on an encoder's version. Stored audit chains hash this text: it must never change.
extension JSONValue {
    /// The canonical compact text (hash-chained in the audit log).
    public var canonicalText: String { JSONWriter(indent: nil, wholeDoubles: .asInteger).text(self) }
}
