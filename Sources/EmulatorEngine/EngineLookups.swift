import AQL

/// The engine's registries as the AQL evaluator's data functions see them: a value snapshot taken under the
/// engine lock, so evaluation never re-enters the engine.
struct EngineLookups: AQLLookups {
    let qids: QIDMap
    let categories: CategoryCatalog
    let logSources: LogSourceRegistry
    let logSourceTypes: LogSourceTypeCatalog
    let applications: ApplicationCatalog
    let referenceSets: [String: ReferenceSet]
    let assets: AssetStore
    let ruleNames: [Int64: String]
    let network: NetworkCatalog
    let now: Int64

    func qidName(_ qid: Int64) -> String? { qids.entry(qid)?.name }
    func qidDescription(_ qid: Int64) -> String? { qids.entry(qid)?.description }
    func categoryName(_ category: Int64) -> String? { categories.name(of: category) }
    func logSourceName(_ id: Int64) -> String? { logSources.source(id)?.name }
    func logSourceTypeName(_ typeID: Int64) -> String? { logSourceTypes.type(typeID)?.name }
    func logSourceGroupNames(_ id: Int64) -> [String] {
        guard let s = logSources.source(id) else { return [] }
        return s.groupIDs.compactMap { LogSourceRegistry.groups[$0] }
    }
    func protocolName(_ id: Int64) -> String? { NetworkCatalog.protocolName(id) }
    func applicationName(_ id: Int64) -> String? { applications.name(id) }

    private func set(_ name: String) -> ReferenceSet? {
        if let s = referenceSets[name] { return s }
        return referenceSets.first { $0.key.caseInsensitiveEquals(name) }?.value
    }

    func referenceSetContains(_ name: String, _ value: AQLValue) -> Bool {
        guard let s = set(name), let v = value.stringValue else { return false }
        return s.contains(v, now: now)
    }

    func assetHostname(_ ip: String) -> String? { assets.hostname(forIP: ip) }
    func networkName(_ ip: String) -> String? { network.networkName(ip) }
    func ruleName(_ id: Int64) -> String? { ruleNames[id] }
    func geoLookup(_ ip: String, _ attribute: String) -> AQLValue { network.geoLookup(ip, attribute) }

    func inOffense(_ offenseID: Int64, row: AQLRowAccess) -> Bool {
        guard case .array(let ids) = row.value("__offenseids") else { return false }
        return ids.contains(.long(offenseID))
    }
}
