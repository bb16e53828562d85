/// One LEEF event: the header fields and the ordered attributes.
///
/// ```swift
/// var e = LEEFEvent(version: .v2, vendor: "Acme", product: "Vigil", productVersion: "1.0", eventID: "RiskScore",
///                   delimiter: UInt8(ascii: "^"))
/// e.category = "UEBA"; e.severity = 7; e.userName = "jdoe"
/// LEEFEncoder.encode(e)  // LEEF:2.0|Acme|Vigil|1.0|RiskScore|^|cat=UEBA^sev=7^usrName=jdoe
/// ```
public struct LEEFEvent: Sendable, Hashable {
    /// LEEF 1.0 or 2.0.
    public var version: LEEFVersion
    /// Header field 1, the vendor. The encoder replaces `|` (and line breaks) in header fields; see ``LEEFEncoder``.
    public var vendor: String
    /// Header field 2, the product.
    public var product: String
    /// Header field 3, the product version.
    public var productVersion: String
    /// Header field 4, the event ID; with `cat` it selects the QID.
    public var eventID: String
    /// The attribute delimiter byte. LEEF 1.0 always uses tab (the encoder ignores this field for 1.0 and the
    /// decoder sets tab). Must be ASCII and not a letter, digit, `\`, `=`, CR or LF; the encoder falls back to
    /// tab otherwise.
    public var delimiter: UInt8
    /// The `key=value` attributes, in line order.
    public var attributes: LEEFAttributes

    /// - Parameter delimiter: defaults to tab, which both versions accept.
    public init(
        version: LEEFVersion = .v2, vendor: String, product: String, productVersion: String, eventID: String,
        delimiter: UInt8 = 0x09, attributes: LEEFAttributes = LEEFAttributes()
    ) {
        self.version = version
        self.vendor = vendor
        self.product = product
        self.productVersion = productVersion
        self.eventID = eventID
        self.delimiter = version == .v1 ? 0x09 : delimiter
        self.attributes = attributes
    }

    /// Whether `byte` can be a LEEF 2.0 attribute delimiter in this implementation: ASCII, not a letter or
    /// digit (those would collide with the `\n`/`\r`/`\t` escapes), not `\`, `=`, CR, LF or NUL.
    public static func isValidDelimiter(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != 0 && !ASCII.isLetter(byte) && !ASCII.isDigit(byte) && byte != ASCII.backslash
            && byte != ASCII.equals && byte != ASCII.lf && byte != ASCII.cr
    }
}

// MARK: - Typed accessors for predefined keys

extension LEEFEvent {
    /// `cat`: the event category (QID map column 2).
    public var category: String? {
        get { attributes[LEEFKey.category] }
        set { attributes[LEEFKey.category] = newValue }
    }

    /// `sev`: severity, 1...10 by IBM's guide. Reads nil when absent or not an integer.
    public var severity: Int? {
        get { attributes[LEEFKey.severity].flatMap { Int($0) } }
        set { attributes[LEEFKey.severity] = newValue.map(String.init) }
    }

    /// `src`: source IP address (text, not validated).
    public var sourceIP: String? {
        get { attributes[LEEFKey.source] }
        set { attributes[LEEFKey.source] = newValue }
    }

    /// `dst`: destination IP address (text, not validated).
    public var destinationIP: String? {
        get { attributes[LEEFKey.destination] }
        set { attributes[LEEFKey.destination] = newValue }
    }

    /// `srcPort`, when it is an integer in 0...65535.
    public var sourcePort: Int? {
        get { Self.port(attributes[LEEFKey.sourcePort]) }
        set { attributes[LEEFKey.sourcePort] = newValue.map(String.init) }
    }

    /// `dstPort`, when it is an integer in 0...65535.
    public var destinationPort: Int? {
        get { Self.port(attributes[LEEFKey.destinationPort]) }
        set { attributes[LEEFKey.destinationPort] = newValue.map(String.init) }
    }

    /// `usrName`.
    public var userName: String? {
        get { attributes[LEEFKey.userName] }
        set { attributes[LEEFKey.userName] = newValue }
    }

    /// `proto`: protocol name or number, as written.
    public var protocolName: String? {
        get { attributes[LEEFKey.proto] }
        set { attributes[LEEFKey.proto] = newValue }
    }

    /// `identSrc`: the IP address an identity is bound to.
    public var identitySource: String? {
        get { attributes[LEEFKey.identitySource] }
        set { attributes[LEEFKey.identitySource] = newValue }
    }

    /// `srcBytes`, when an integer.
    public var sourceBytes: Int64? {
        get { attributes[LEEFKey.sourceBytes].flatMap { Int64($0) } }
        set { attributes[LEEFKey.sourceBytes] = newValue.map { String($0) } }
    }

    /// `dstBytes`, when an integer.
    public var destinationBytes: Int64? {
        get { attributes[LEEFKey.destinationBytes].flatMap { Int64($0) } }
        set { attributes[LEEFKey.destinationBytes] = newValue.map { String($0) } }
    }

    /// `srcMAC`.
    public var sourceMAC: String? {
        get { attributes[LEEFKey.sourceMAC] }
        set { attributes[LEEFKey.sourceMAC] = newValue }
    }

    /// `dstMAC`.
    public var destinationMAC: String? {
        get { attributes[LEEFKey.destinationMAC] }
        set { attributes[LEEFKey.destinationMAC] = newValue }
    }

    /// `resource`.
    public var resource: String? {
        get { attributes[LEEFKey.resource] }
        set { attributes[LEEFKey.resource] = newValue }
    }

    /// `url`.
    public var url: String? {
        get { attributes[LEEFKey.url] }
        set { attributes[LEEFKey.url] = newValue }
    }

    /// `domain`.
    public var domain: String? {
        get { attributes[LEEFKey.domain] }
        set { attributes[LEEFKey.domain] = newValue }
    }

    /// `policy`.
    public var policy: String? {
        get { attributes[LEEFKey.policy] }
        set { attributes[LEEFKey.policy] = newValue }
    }

    /// `accountName`.
    public var accountName: String? {
        get { attributes[LEEFKey.accountName] }
        set { attributes[LEEFKey.accountName] = newValue }
    }

    /// `identHostName`.
    public var identityHostName: String? {
        get { attributes[LEEFKey.identityHostName] }
        set { attributes[LEEFKey.identityHostName] = newValue }
    }

    /// `identGrpName`.
    public var identityGroupName: String? {
        get { attributes[LEEFKey.identityGroupName] }
        set { attributes[LEEFKey.identityGroupName] = newValue }
    }

    /// `devTimeFormat`: the Java `SimpleDateFormat` pattern of `devTime`.
    public var devTimeFormat: String? {
        get { attributes[LEEFKey.devTimeFormat] }
        set { attributes[LEEFKey.devTimeFormat] = newValue }
    }

    /// `devTime` in epoch milliseconds when it parses (with `devTimeFormat` if present, else epoch or ISO 8601 or
    /// a suggested format; see ``LEEFTime/parse(_:format:referenceTime:)``). Nil when the pattern has no year;
    /// use ``devTime(referenceTime:)`` for those.
    ///
    /// Setting writes the epoch-milliseconds number and removes `devTimeFormat`; use
    /// ``setDevTime(_:format:)`` to write a formatted time.
    public var devTime: Int64? {
        get { devTime(referenceTime: nil) }
        set {
            attributes[LEEFKey.devTimeFormat] = nil
            attributes[LEEFKey.devTime] = newValue.map { String($0) }
        }
    }

    /// `devTime` in epoch milliseconds, taking a missing year from the year closest to `referenceTime`.
    public func devTime(referenceTime: Int64?) -> Int64? {
        guard let text = attributes[LEEFKey.devTime] else { return nil }
        return LEEFTime.parse(text, format: attributes[LEEFKey.devTimeFormat], referenceTime: referenceTime)
    }

    /// Writes `devTime` formatted in UTC with `format` and sets `devTimeFormat` to it.
    /// - Parameter format: a `SimpleDateFormat` pattern; default `MMM dd yyyy HH:mm:ss.SSS z` (IBM's suggestion).
    public mutating func setDevTime(_ epochMillis: Int64, format: String = "MMM dd yyyy HH:mm:ss.SSS z") {
        attributes[LEEFKey.devTime] = LEEFTime.format(epochMillis, pattern: format)
        attributes[LEEFKey.devTimeFormat] = format
    }

    private static func port(_ text: String?) -> Int? {
        guard let text, let p = Int(text), (0...65535).contains(p) else { return nil }
        return p
    }
}
