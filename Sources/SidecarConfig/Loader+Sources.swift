import Ingestion
import VigilCore
import Yams

extension Loader {
    func loadMappings(_ root: YAMLMap) -> [String: FieldMapping] {
        var mappings: [String: FieldMapping] = [:]
        do {
            mappings["default"] = try FieldMapping.defaultMapping()
        } catch {
            context.fail("mappings.default", "the built-in mapping does not load: \(error.message)")
        }
        let map = root.section("mappings")
        for (name, keyNode) in map.keys {
            let key = map.key(name)
            guard name != "default" else {
                context.fail(key, "'default' is the built-in mapping; give yours another name", at: keyNode)
                continue
            }
            guard let pathText = map.nonEmptyString(name) else {
                if !map.has(name) { context.fail(key, "expected the path of a JSON mapping file", at: keyNode) }
                continue
            }
            let path = context.resolve(pathText)
            guard let bytes = context.readFile(path) else {
                context.fail(key, "file not found: \(path)", at: map.value(name))
                continue
            }
            do {
                var mapping = try FieldMapping.decode(json: bytes)
                mapping.name = name
                mappings[name] = mapping
            } catch {
                context.fail(key, "\(path): \(error.message)", at: map.value(name))
            }
        }
        return mappings
    }

    static let sourceKeys = ["name", "database", "select", "filter", "poll_interval", "overlap", "max_window", "ingestion_delay",
                             "initial_lookback", "mapping", "include_vigil_events"]

    func loadSources(_ root: YAMLMap, mappings: [String: FieldMapping], listenerEnabled: Bool) -> [SourceDefinition] {
        guard let items = root.list("sources") else {
            return root.has("sources") ? [] : DefaultSources.all
        }
        if items.isEmpty && !listenerEnabled {
            context.fail("sources", "no Ariel sources and no syslog_listener: Vigil would receive no events (leave sources out for the defaults)",
                         at: root.value("sources"))
        }
        var out: [SourceDefinition] = []
        var seen: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let map = YAMLMap(path: "sources[\(i)]", node: item, context: context)
            guard map.isPresent else {
                context.fail(map.path, "expected a mapping with name, database, filter, …", at: item)
                continue
            }
            if let source = loadSource(map, mappings: mappings) {
                if let previous = seen[source.name] {
                    context.fail(map.key("name"), "duplicate source name '\(source.name)' (also sources[\(previous)])", at: map.value("name"))
                    continue
                }
                seen[source.name] = i
                out.append(source)
            }
        }
        return out
    }

    private func loadSource(_ map: YAMLMap, mappings: [String: FieldMapping]) -> SourceDefinition? {
        // SourceDefinition's JSON (camelCase, milliseconds) spelling is a likely mistake; say what the YAML wants.
        map.checkKeys(Self.sourceKeys, hints: [
            "pollIntervalMillis": "unknown key: write poll_interval with a duration (1m)",
            "overlapMillis": "unknown key: write overlap with a duration (5m)",
            "maxWindowMillis": "unknown key: write max_window with a duration (30m)",
            "ingestionDelayMillis": "unknown key: write ingestion_delay with a duration (2m)",
            "initialLookbackMillis": "unknown key: write initial_lookback with a duration (15m)",
        ])
        let issuesBefore = context.issues.count
        let name = map.nonEmptyString("name")
        if name == nil, !map.has("name") { context.fail(map.key("name"), "required: a unique name for the source", at: map.node) }
        var source = SourceDefinition(name: name ?? "")
        if let db = map.string("database") {
            if let parsed = ArielDatabase(rawValue: db.lowercased()) { source.database = parsed } else {
                context.fail(map.key("database"), "expected events or flows; got '\(db)'", at: map.value("database"))
            }
        }
        source.select = map.nonEmptyString("select")
        source.filter = map.nonEmptyString("filter")
        if source.select != nil, source.filter != nil {
            context.fail(map.key("filter"), "set either select (a full query) or filter (a WHERE condition for the built query), not both",
                         at: map.value("filter"))
        }
        if let d = map.duration("poll_interval", positive: true) { source.pollIntervalMillis = d }
        if let d = map.duration("overlap") { source.overlapMillis = d }
        if let d = map.duration("max_window", positive: true) { source.maxWindowMillis = d }
        if let d = map.duration("ingestion_delay") { source.ingestionDelayMillis = d }
        if let d = map.duration("initial_lookback") { source.initialLookbackMillis = d }
        if let m = map.nonEmptyString("mapping") { source.mapping = m }
        if let b = map.bool("include_vigil_events") { source.includeVigilEvents = b }
        guard let mapping = mappings[source.mapping] else {
            context.fail(map.key("mapping"), "unknown mapping '\(source.mapping)' (known: \(mappings.keys.sorted().joined(separator: ", ")))",
                         at: map.value("mapping"))
            return nil
        }
        guard context.issues.count == issuesBefore else { return nil }
        do {
            _ = try PollPlanner(source: source, mapping: mapping)
        } catch {
            let field: String
            if error.message.contains("maxWindowMillis") {
                field = "max_window"
            } else if error.message.contains("pollIntervalMillis") {
                field = "poll_interval"
            } else {
                field = source.select != nil ? "select" : (source.filter != nil ? "filter" : "database")
            }
            context.fail(map.key(field), Self.describePlannerError(error.message, source: source, mapping: mapping),
                         at: map.value(field) ?? map.node)
            return nil
        }
        return source
    }
}

extension Loader {
    /// For a source with a `filter`, a parse error quotes the whole query built around it; point into the filter
    /// instead, which is what the administrator wrote.
    static func describePlannerError(_ message: String, source: SourceDefinition, mapping: FieldMapping) -> String {
        guard source.select == nil, let filter = source.filter, let marker = message.range(of: " — in: ") else { return message }
        let built = ArielQueryBuilder.select(for: mapping, database: source.database, filter: PollPlanner.effectiveFilter(of: source))
        // The filter ends the query, in parentheses after Vigil's own exclusion, or bare.
        let closing = built.hasSuffix("(" + filter + ")") ? 1 : 0
        guard message[marker.upperBound...] == built, closing == 1 || built.hasSuffix(filter) else { return message }
        var head = String(message[..<marker.lowerBound])
        let offset = built.count - filter.count - closing
        let prefix = "invalid AQL at 1:"
        if head.hasPrefix(prefix) {
            let rest = head.dropFirst(prefix.count)
            if let colon = rest.firstIndex(of: ":"), let column = Int(rest[..<colon]), column > offset {
                head = "invalid AQL at column \(column - offset) of the filter" + rest[colon...]
            }
        }
        return head + " — in the filter: " + filter
    }
}

/// The sources used when the configuration has no `sources:` list: what the default mapping and the emulator
/// understand, split so each query stays small and each source's lag is visible on its own.
public enum DefaultSources {
    /// Logons, logoffs and Kerberos (excluding remote-access logons, which ``vpn`` reads).
    public static let authentication = SourceDefinition(
        name: "authentication", database: .events,
        filter: "(CATEGORYNAME(category) ILIKE '%login%' OR CATEGORYNAME(category) ILIKE '%logon%' OR CATEGORYNAME(category) ILIKE '%logout%'"
            + " OR CATEGORYNAME(category) ILIKE '%logoff%' OR CATEGORYNAME(category) ILIKE '%authentication%' OR CATEGORYNAME(category) ILIKE '%kerberos%')"
            + " AND NOT (CATEGORYNAME(category) ILIKE '%remote access%' OR CATEGORYNAME(category) ILIKE '%vpn%')")
    /// VPN and other remote-access sessions.
    public static let vpn = SourceDefinition(
        name: "vpn", database: .events,
        filter: "CATEGORYNAME(category) ILIKE '%remote access%' OR CATEGORYNAME(category) ILIKE '%vpn%'")
    /// File reads, writes and share access.
    public static let fileAccess = SourceDefinition(
        name: "file-access", database: .events,
        filter: "CATEGORYNAME(category) ILIKE 'file %'")
    /// All flows (volumes per host pair).
    public static let flows = SourceDefinition(name: "flows", database: .flows)

    public static let all: [SourceDefinition] = [authentication, vpn, fileAccess, flows]
}
