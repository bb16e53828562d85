import AQL

/// Builds the default SELECT for a mapping, so that the query selects exactly the columns the mapping reads.
///
/// Selected, in this order and without duplicates (case-insensitive): the window time column, the mapping's
/// computed columns for the database (`QIDNAME(qid) AS qidname` …), then every column named by the identity, the
/// fields and the kind rules that is either a field of the database's standard catalogue or a custom property
/// the mapping declares for that database. Names that are neither (alternatives meant for the other database or
/// for LEEF) are left out.
public enum ArielQueryBuilder {
    /// `SELECT … FROM <database> [WHERE <filter>]`, without a time clause.
    public static func select(for mapping: FieldMapping, database: ArielDatabase, filter: String? = nil) -> String {
        var text = "SELECT " + selectList(for: mapping, database: database).joined(separator: ", ")
        text += " FROM " + database.rawValue
        if let filter, !filter.trimmingSpaces().isEmpty { text += " WHERE " + filter }
        return text
    }

    /// The names of the columns the built query returns (aliases of computed columns, fields, custom properties),
    /// as Ariel names them in its result rows: what a row read through ``select(for:database:filter:)`` holds.
    public static func selectedColumns(for mapping: FieldMapping, database: ArielDatabase) -> [String] {
        selectedItems(for: mapping, database: database).map(\.name)
    }

    /// The items of the select list, as AQL text.
    public static func selectList(for mapping: FieldMapping, database: ArielDatabase) -> [String] {
        selectedItems(for: mapping, database: database).map(\.text)
    }

    private static func selectedItems(for mapping: FieldMapping, database: ArielDatabase) -> [(name: String, text: String)] {
        let catalogue = database == .events ? AQLFieldCatalogue.events : AQLFieldCatalogue.flows
        let computed = mapping.computedColumns[database.rawValue] ?? [:]
        var computedByLower: [String: (String, String)] = [:]
        for (alias, expression) in computed { computedByLower[alias.lowercased()] = (alias, expression) }
        let custom = Set((mapping.customProperties[database.rawValue] ?? []).map { $0.lowercased() })
        var seen = Set<String>()
        var items: [(name: String, text: String)] = []
        func add(_ column: String) {
            let lower = column.lowercased()
            guard !seen.contains(lower) else { return }
            if let (alias, expression) = computedByLower[lower] {
                seen.insert(lower)
                items.append((alias, "\(expression) AS \(quoteAlias(alias))"))
            } else if catalogue.field(named: column) != nil {
                seen.insert(lower)
                items.append((column, column))
            } else if custom.contains(lower) {
                seen.insert(lower)
                items.append((column, quoteName(column)))
            }
        }
        add(mapping.windowTimeColumn)
        for alias in computed.keys.sorted() { add(alias) }
        for column in referencedColumns(of: mapping, database: database) { add(column) }
        return items
    }

    /// Every column the mapping may read, in mapping order.
    public static func referencedColumns(of mapping: FieldMapping, database: ArielDatabase) -> [String] {
        var out: [String] = mapping.identity.idColumns + mapping.identity.hashColumns
        if database == .flows { out += ["flowid", "firstpackettime"] }
        for field in MappedField.allCases {
            for source in mapping.fields[field.rawValue] ?? [] { out += source.columns }
        }
        for rule in mapping.kindRules where rule.database == nil || rule.database == database {
            if let c = rule.fromColumn { out.append(c) }
            for c in (rule.all ?? []) + (rule.any ?? []) { if let col = c.column { out.append(col) } }
        }
        out += mapping.customProperties[database.rawValue] ?? []
        return out
    }

    /// `"File Path"` — a field name or custom property in double quotes (`""` escapes a quote).
    static func quoteName(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `'Event Name'` — an alias in single quotes.
    static func quoteAlias(_ name: String) -> String {
        "'" + name.replacingAll("'", with: "''") + "'"
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
