/// `filter`, `fields` and `sort` for a QRadar list endpoint, plus the `Range` page size used to walk it.
public struct QRadarListQuery: Sendable {
    /// Sent as `filter`.
    public var filter: QRadarFilter?
    /// Sent as `fields`, QRadar syntax: `id,status,rules(id,type)`. The client adds the object's identifier
    /// (`id`, or `name` for reference sets) when missing, because the typed models need it.
    public var fields: String?
    /// Sent as `sort`.
    public var sort: [QRadarSortKey]
    /// Items per `Range` page; `nil` uses the client's `defaultPageSize`.
    public var pageSize: Int?
    /// Stop after this many items in total (no further pages are fetched); `nil` for all.
    public var limit: Int?

    public init(
        filter: QRadarFilter? = nil, fields: String? = nil, sort: [QRadarSortKey] = [], pageSize: Int? = nil, limit: Int? = nil
    ) {
        self.filter = filter
        self.fields = fields
        self.sort = sort
        self.pageSize = pageSize
        self.limit = limit
    }

    /// Everything, in QRadar's default order.
    public static let all = QRadarListQuery()

    func queryItems(identifier: String) -> [(String, String)] {
        var items: [(String, String)] = []
        if let filter { items.append(("filter", filter.rawValue)) }
        if let fields { items.append(("fields", QRadarFields.ensuring(identifier, in: fields))) }
        if !sort.isEmpty { items.append(("sort", sort.map(\.text).joined(separator: ","))) }
        return items
    }
}

/// One `sort` key: `+field` ascending or `-field` descending (QRADAR.md §1.6).
public struct QRadarSortKey: Sendable, Hashable {
    public var field: String
    public var ascending: Bool

    public init(field: String, ascending: Bool) {
        self.field = field
        self.ascending = ascending
    }

    public static func ascending(_ field: String) -> QRadarSortKey { QRadarSortKey(field: field, ascending: true) }
    public static func descending(_ field: String) -> QRadarSortKey { QRadarSortKey(field: field, ascending: false) }

    /// `+name`/`-name`, with `,` `(` `)` `\` escaped by a backslash as QRadar requires.
    var text: String {
        var escaped = ""
        for character in field {
            if character == "," || character == "(" || character == ")" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return (ascending ? "+" : "-") + escaped
    }
}

enum QRadarFields {
    /// `fields` with `identifier` added at top level unless already selected there.
    static func ensuring(_ identifier: String, in fields: String) -> String {
        let trimmed = fields.trimmingWhitespace()
        if trimmed.isEmpty { return identifier }
        if topLevelNames(trimmed).contains(identifier) { return trimmed }
        return "\(identifier),\(trimmed)"
    }

    /// The top-level field names of a `fields` expression (sub-field lists in parentheses skipped).
    static func topLevelNames(_ fields: String) -> [String] {
        var names: [String] = []
        var current = ""
        var depth = 0
        for character in fields {
            switch character {
            case "(":
                depth += 1
            case ")":
                depth = max(0, depth - 1)
            case "," where depth == 0:
                names.append(current.trimmingWhitespace())
                current = ""
            default:
                if depth == 0 { current.append(character) }
            }
        }
        names.append(current.trimmingWhitespace())
        return names.filter { !$0.isEmpty }
    }
}
