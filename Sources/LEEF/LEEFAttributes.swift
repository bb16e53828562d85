/// One `key=value` pair of a LEEF event.
public struct LEEFAttribute: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// The attributes of a LEEF event, in the order they appear on the line.
///
/// Duplicate keys are kept (LEEF does not forbid them and some emitters repeat keys); the key subscript reads and
/// writes the first match. Equality is order-sensitive, so `decode(encode(e)) == e` checks order too.
public struct LEEFAttributes: Sendable, Hashable, RandomAccessCollection, MutableCollection, ExpressibleByDictionaryLiteral {
    /// The pairs, in line order.
    public var pairs: [LEEFAttribute]

    public init() { pairs = [] }

    public init(_ pairs: [LEEFAttribute]) { self.pairs = pairs }

    /// Builds attributes from `(key, value)` tuples, keeping their order.
    public init(_ pairs: [(key: String, value: String)]) {
        self.pairs = pairs.map { LEEFAttribute(key: $0.key, value: $0.value) }
    }

    /// A dictionary literal keeps the written order: `["src": "10.0.0.1", "dst": "10.0.0.2"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        pairs = elements.map { LEEFAttribute(key: $0.0, value: $0.1) }
    }

    public var startIndex: Int { pairs.startIndex }
    public var endIndex: Int { pairs.endIndex }

    public subscript(position: Int) -> LEEFAttribute {
        get { pairs[position] }
        set { pairs[position] = newValue }
    }

    /// The value of the first attribute named `key`. Setting a value replaces the first match or appends a new
    /// pair; setting `nil` removes every pair with that key.
    public subscript(key: String) -> String? {
        get {
            for pair in pairs where pair.key == key { return pair.value }
            return nil
        }
        set {
            guard let newValue else {
                pairs.removeAll { $0.key == key }
                return
            }
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = newValue
            } else {
                pairs.append(LEEFAttribute(key: key, value: newValue))
            }
        }
    }

    /// Every value given for `key`, in order.
    public func values(for key: String) -> [String] {
        pairs.compactMap { $0.key == key ? $0.value : nil }
    }

    /// Whether any attribute is named `key`.
    public func contains(key: String) -> Bool {
        pairs.contains { $0.key == key }
    }

    /// Appends a pair, even if the key is already present.
    public mutating func append(key: String, value: String) {
        pairs.append(LEEFAttribute(key: key, value: value))
    }

    /// Appends a pair, even if the key is already present.
    public mutating func append(_ attribute: LEEFAttribute) {
        pairs.append(attribute)
    }

    /// Removes every pair named `key`.
    public mutating func removeAll(key: String) {
        pairs.removeAll { $0.key == key }
    }

    /// Reserves room for `count` pairs.
    public mutating func reserveCapacity(_ count: Int) {
        pairs.reserveCapacity(count)
    }
}
