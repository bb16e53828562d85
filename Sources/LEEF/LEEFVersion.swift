/// The LEEF format version named in the `LEEF:x.y` header.
public enum LEEFVersion: Sendable, Hashable, CustomStringConvertible {
    /// LEEF 1.0: attributes are always tab-delimited and the header has no delimiter field.
    case v1
    /// LEEF 2.0: the header carries the attribute delimiter (a character or a hex code).
    case v2

    /// The version as written in the header: `1.0` or `2.0`.
    public var description: String {
        switch self {
        case .v1: "1.0"
        case .v2: "2.0"
        }
    }
}
