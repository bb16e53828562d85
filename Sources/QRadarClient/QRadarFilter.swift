/// A QRadar `filter` expression (QRADAR.md §1.5), built with correct quoting.
///
/// ```swift
/// let filter: QRadarFilter = .field("id") > 10 && .field("status") != "CLOSED"
/// filter.rawValue  // id > 10 and status != "CLOSED"
/// QRadarFilter.field("id").in([1, 2, 3])            // id in (1,2,3)
/// QRadarFilter.field("magnitude").between(3, 7)     // magnitude between 3 and 7
/// QRadarFilter.field("assigned_to").isNull          // assigned_to is null
/// QRadarFilter.field("name").ilike("%vpn%")         // name ilike "%vpn%"
/// ```
/// Strings are always double-quoted with `"` and `\` escaped by a backslash. Compound operands are parenthesised
/// where precedence requires it (`and` binds tighter than `or`).
public struct QRadarFilter: Sendable, Hashable, CustomStringConvertible {
    enum Shape: Sendable, Hashable { case atom, and, or, raw }

    /// The filter text to send as the `filter` query parameter.
    public let rawValue: String
    let shape: Shape

    init(_ rawValue: String, shape: Shape) {
        self.rawValue = rawValue
        self.shape = shape
    }

    /// A filter written by hand, sent as is. It is treated as one unit (parenthesised when combined).
    public static func raw(_ text: String) -> QRadarFilter { QRadarFilter(text, shape: .raw) }

    /// Starts a comparison on a field: a top-level name (`status`), a sub-field (`duration(days)`), or `.` for the
    /// elements of a bare list.
    public static func field(_ name: String) -> QRadarFilterField { QRadarFilterField(name: name) }

    public var description: String { rawValue }

    fileprivate func operand(for parent: Shape) -> String {
        switch (parent, shape) {
        case (_, .atom), (.and, .and), (.or, .or), (.or, .and): return rawValue
        default: return "(\(rawValue))"
        }
    }

    /// Both filters must hold.
    public static func && (lhs: QRadarFilter, rhs: QRadarFilter) -> QRadarFilter {
        QRadarFilter("\(lhs.operand(for: .and)) and \(rhs.operand(for: .and))", shape: .and)
    }

    /// Either filter holds.
    public static func || (lhs: QRadarFilter, rhs: QRadarFilter) -> QRadarFilter {
        QRadarFilter("\(lhs.operand(for: .or)) or \(rhs.operand(for: .or))", shape: .or)
    }

    /// The filter does not hold. Always parenthesised: `not (status = "OPEN")`.
    public static prefix func ! (operand: QRadarFilter) -> QRadarFilter {
        QRadarFilter("not (\(operand.rawValue))", shape: .atom)
    }

    /// All filters hold; `nil` for an empty list.
    public static func all(_ filters: [QRadarFilter]) -> QRadarFilter? {
        guard var result = filters.first else { return nil }
        for filter in filters.dropFirst() { result = result && filter }
        return result
    }

    /// Any filter holds; `nil` for an empty list.
    public static func any(_ filters: [QRadarFilter]) -> QRadarFilter? {
        guard var result = filters.first else { return nil }
        for filter in filters.dropFirst() { result = result || filter }
        return result
    }
}

/// A literal in a filter: a quoted string, a number or a boolean.
public struct QRadarFilterValue: Sendable, Hashable, CustomStringConvertible, QRadarFilterValueConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
    /// The value as it appears in filter text.
    public let text: String

    public static func string(_ value: String) -> QRadarFilterValue {
        var out = "\""
        for character in value {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        out.append("\"")
        return QRadarFilterValue(text: out)
    }

    public static func int(_ value: Int64) -> QRadarFilterValue { QRadarFilterValue(text: String(value)) }

    public static func double(_ value: Double) -> QRadarFilterValue {
        // Non-finite numbers have no filter syntax; a quoted string keeps the filter well-formed and never matches.
        value.isFinite ? QRadarFilterValue(text: "\(value)") : .string("\(value)")
    }

    public static func bool(_ value: Bool) -> QRadarFilterValue { QRadarFilterValue(text: value ? "true" : "false") }

    init(text: String) { self.text = text }

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    public var description: String { text }
    public var qradarFilterValue: QRadarFilterValue { self }
}

/// A Swift value usable on the right of a filter comparison.
public protocol QRadarFilterValueConvertible: Sendable {
    var qradarFilterValue: QRadarFilterValue { get }
}

extension String: QRadarFilterValueConvertible {
    public var qradarFilterValue: QRadarFilterValue { .string(self) }
}
extension Substring: QRadarFilterValueConvertible {
    public var qradarFilterValue: QRadarFilterValue { .string(String(self)) }
}
extension Int: QRadarFilterValueConvertible {
    public var qradarFilterValue: QRadarFilterValue { .int(Int64(self)) }
}
extension Int64: QRadarFilterValueConvertible {
    public var qradarFilterValue: QRadarFilterValue { .int(self) }
}
extension Int32: QRadarFilterValueConvertible {
    public var qradarFilterValue: QRadarFilterValue { .int(Int64(self)) }
}
extension Double: QRadarFilterValueConvertible {
    public var qradarFilterValue: QRadarFilterValue { .double(self) }
}
extension Bool: QRadarFilterValueConvertible {
    public var qradarFilterValue: QRadarFilterValue { .bool(self) }
}

/// The left side of a comparison; made by ``QRadarFilter/field(_:)``.
public struct QRadarFilterField: Sendable, Hashable {
    public let name: String

    /// The same as ``QRadarFilter/field(_:)``; lets `.field("id") > 10` resolve on the left of an operator.
    public static func field(_ name: String) -> QRadarFilterField { QRadarFilterField(name: name) }

    private func atom(_ text: String) -> QRadarFilter { QRadarFilter(text, shape: .atom) }

    public static func == (lhs: QRadarFilterField, rhs: some QRadarFilterValueConvertible) -> QRadarFilter {
        lhs.atom("\(lhs.name) = \(rhs.qradarFilterValue.text)")
    }
    public static func != (lhs: QRadarFilterField, rhs: some QRadarFilterValueConvertible) -> QRadarFilter {
        lhs.atom("\(lhs.name) != \(rhs.qradarFilterValue.text)")
    }
    public static func > (lhs: QRadarFilterField, rhs: some QRadarFilterValueConvertible) -> QRadarFilter {
        lhs.atom("\(lhs.name) > \(rhs.qradarFilterValue.text)")
    }
    public static func >= (lhs: QRadarFilterField, rhs: some QRadarFilterValueConvertible) -> QRadarFilter {
        lhs.atom("\(lhs.name) >= \(rhs.qradarFilterValue.text)")
    }
    public static func < (lhs: QRadarFilterField, rhs: some QRadarFilterValueConvertible) -> QRadarFilter {
        lhs.atom("\(lhs.name) < \(rhs.qradarFilterValue.text)")
    }
    public static func <= (lhs: QRadarFilterField, rhs: some QRadarFilterValueConvertible) -> QRadarFilter {
        lhs.atom("\(lhs.name) <= \(rhs.qradarFilterValue.text)")
    }

    /// `name in (v1,v2,…)`. An empty list yields `name is null and name is not null`, which matches nothing
    /// (QRadar rejects `in ()`).
    public func `in`(_ values: [some QRadarFilterValueConvertible]) -> QRadarFilter {
        if values.isEmpty { return QRadarFilter("\(name) is null and \(name) is not null", shape: .and) }
        return atom("\(name) in (\(values.map { $0.qradarFilterValue.text }.joined(separator: ",")))")
    }

    /// `name not in (v1,v2,…)`. An empty list yields `name is null or name is not null`, which matches everything.
    public func notIn(_ values: [some QRadarFilterValueConvertible]) -> QRadarFilter {
        if values.isEmpty { return QRadarFilter("\(name) is null or \(name) is not null", shape: .or) }
        return atom("\(name) not in (\(values.map { $0.qradarFilterValue.text }.joined(separator: ",")))")
    }

    /// `name between low and high` (inclusive).
    public func between(_ low: some QRadarFilterValueConvertible, _ high: some QRadarFilterValueConvertible) -> QRadarFilter {
        atom("\(name) between \(low.qradarFilterValue.text) and \(high.qradarFilterValue.text)")
    }

    /// `name not between low and high`.
    public func notBetween(_ low: some QRadarFilterValueConvertible, _ high: some QRadarFilterValueConvertible) -> QRadarFilter {
        atom("\(name) not between \(low.qradarFilterValue.text) and \(high.qradarFilterValue.text)")
    }

    /// `name is null`.
    public var isNull: QRadarFilter { atom("\(name) is null") }
    /// `name is not null`.
    public var isNotNull: QRadarFilter { atom("\(name) is not null") }

    /// `name like "pattern"` (case-sensitive; `%` any run, `_` one character).
    public func like(_ pattern: String) -> QRadarFilter { atom("\(name) like \(QRadarFilterValue.string(pattern).text)") }
    /// `name ilike "pattern"` (case-insensitive).
    public func ilike(_ pattern: String) -> QRadarFilter { atom("\(name) ilike \(QRadarFilterValue.string(pattern).text)") }

    /// `name contains <sub-filter>` for lists of objects, e.g.
    /// `.field("interfaces").contains(.field("ip_addresses").contains(.field("value") == "10.0.0.1"))`
    /// → `interfaces contains ip_addresses contains value = "10.0.0.1"`.
    public func contains(_ element: QRadarFilter) -> QRadarFilter {
        atom("\(name) contains \(element.shape == .atom ? element.rawValue : "(\(element.rawValue))")")
    }
}
