/// The Custom Rules Engine: every stored event or flow is tested against the enabled rules; a matching rule
/// whose response creates offenses forwards the record to the offense it indexes (created when none is active).
extension EngineState {
    /// Common read access to an event or flow record.
    struct RecordView {
        let database: String
        let record: ArielRecord
        /// LEEF header values and other transient facts (`leefvendor`, `leefproduct`, `leefeventid`).
        let extras: [String: String]

        var isEvent: Bool { database == "events" }
        var startTime: Int64 { record.longs[0] }
        var qid: Int64 { record.long(isEvent ? EV.qid : FL.qid) ?? 0 }
        var category: Int64 { record.long(isEvent ? EV.category : FL.category) ?? 0 }
        var severity: Int64 { record.long(isEvent ? EV.severity : FL.severity) ?? 0 }
        var credibility: Int64 { record.long(isEvent ? EV.credibility : FL.credibility) ?? 0 }
        var relevance: Int64 { record.long(isEvent ? EV.relevance : FL.relevance) ?? 0 }
        var count: Int64 { isEvent ? max(1, record.long(EV.eventCount) ?? 1) : 1 }
        var sourceIP: String? { record.texts[isEvent ? EV.sourceIP : FL.sourceIP] }
        var destinationIP: String? { record.texts[isEvent ? EV.destinationIP : FL.destinationIP] }
        var username: String? { isEvent ? record.texts[EV.username] : nil }
        var logSourceID: Int64? { isEvent ? record.long(EV.logSourceID) : nil }
        var deviceType: Int64? { isEvent ? record.long(EV.deviceType) : nil }
    }

    /// The value of a named property of a record, as text (nil when unset).
    func propertyValue(_ name: String, of view: RecordView) -> String? {
        let key = name.lowercased()
        switch key {
        case "qidname", "eventname": return qids.entry(view.qid)?.name
        case "eventid", "qideventid": return qids.entry(view.qid)?.eventID
        case "logsourcename": return view.logSourceID.flatMap { logSources.source($0)?.name }
        case "logsourcetypename", "devicetypename": return view.deviceType.flatMap { logSourceTypes.type($0)?.name }
        case "categoryname", "lowlevelcategoryname": return categories.name(of: view.category)
        case "highlevelcategoryname": return categories.highLevel[categories.highLevelID(of: view.category)]
        case "hostname": return view.sourceIP.flatMap { assets.hostname(forIP: $0) }
        default: break
        }
        if let extra = view.extras[key] { return extra }
        let schema: ArielSchema = view.isEvent ? .events : .flows
        if let spec = schema.column(named: key) {
            switch spec.storage {
            case .long(let s): return view.record.long(s).map(String.init)
            case .bool(let s): return view.record.long(s).map { $0 != 0 ? "true" : "false" }
            case .text(let s): return view.record.texts[s]
            case .bytes(let s): return view.record.bytes[s]
            case .constant(let v): return v.stringValue
            default: return nil
            }
        }
        return view.record.property(name)
    }

    /// Whether the stateless tests of a rule hold for a record.
    private func staticMatch(_ rule: CRERule, _ view: RecordView) -> Bool {
        if !rule.qids.isEmpty && !rule.qids.contains(view.qid) { return false }
        if !rule.eventNames.isEmpty {
            guard let n = qids.entry(view.qid)?.name, rule.eventNames.contains(where: { $0.caseInsensitiveEquals(n) }) else { return false }
        }
        if !rule.eventIDs.isEmpty {
            let id = qids.entry(view.qid)?.eventID ?? view.extras["leefeventid"]
            guard let id, rule.eventIDs.contains(id) else { return false }
        }
        if !rule.logSourceTypes.isEmpty {
            guard let t = view.deviceType.flatMap({ logSourceTypes.type($0)?.name }),
                  rule.logSourceTypes.contains(where: { $0.caseInsensitiveEquals(t) }) else { return false }
        }
        if !rule.categories.isEmpty {
            guard let c = categories.name(of: view.category), rule.categories.contains(where: { $0.caseInsensitiveEquals(c) }) else { return false }
        }
        if !rule.highLevelCategories.isEmpty {
            guard let h = categories.highLevel[categories.highLevelID(of: view.category)],
                  rule.highLevelCategories.contains(where: { $0.caseInsensitiveEquals(h) }) else { return false }
        }
        for test in rule.properties {
            guard let v = propertyValue(test.property, of: view) else { return false }
            let value = test.ignoreCase ? v.lowercased() : v
            let equal = test.equals.contains { (test.ignoreCase ? $0.lowercased() : $0) == value }
            let contained = test.contains.contains { value.contains(test.ignoreCase ? $0.lowercased() : $0) }
            if !(equal || contained) { return false }
        }
        if let r = rule.referenceSet {
            guard let v = propertyValue(r.property, of: view), let set = referenceSet(named: r.name),
                  set.contains(v, now: now) else { return false }
        }
        return true
    }

    /// A reference set by exact name, else case-insensitively.
    func referenceSet(named name: String) -> ReferenceSet? {
        if let s = referenceSets[name] { return s }
        return referenceSets.first { $0.key.caseInsensitiveEquals(name) }?.value
    }

    /// Threshold state: records the event and says whether the count within the window reached the threshold.
    private mutating func thresholdReached(_ rule: CRERule, _ t: CRERule.Threshold, _ view: RecordView) -> Bool {
        let group = t.groupBy.flatMap { propertyValue($0, of: view) } ?? ""
        if t.groupBy != nil && group.isEmpty { return false }
        let key = "\(rule.id)\u{1F}\(group)"
        var window = thresholdWindows[key] ?? []
        let time = view.startTime
        window.append(time)
        let cutoff = time - t.withinMillis
        window.removeAll { $0 <= cutoff || $0 > time + t.withinMillis }
        if window.count > t.count * 4 { window.removeFirst(window.count - t.count * 4) }
        thresholdWindows[key] = window
        if thresholdWindows.count > 200_000 {
            thresholdWindows = thresholdWindows.filter { ($0.value.last ?? 0) > cutoff }
        }
        return window.count >= t.count
    }

    /// Runs the CRE over a record about to be stored: fills its rule list and offense list and creates or
    /// extends offenses.
    mutating func runRules(_ record: inout ArielRecord, database: String, extras: [String: String]) {
        var fired: [CRERule] = []
        let view = RecordView(database: database, record: record, extras: extras)
        for rule in rules where rule.enabled && rule.applies(toDatabase: database) {
            guard staticMatch(rule, view) else { continue }
            if let t = rule.threshold, !thresholdReached(rule, t, view) { continue }
            fired.append(rule)
        }
        guard !fired.isEmpty else { return }
        record.rules = fired.map(\.id)
        var touched: [Int64] = []
        for rule in fired where rule.createsOffense {
            var index: (type: Int64, value: String)?
            for p in rule.indexOn {
                if let v = propertyValue(p, of: view), !v.isEmpty, v != "0.0.0.0" {
                    index = (offenseTypeID(forIndexProperty: p), v)
                    break
                }
            }
            guard let index else { continue }
            let id = activeOffense(type: index.type, value: index.value, rule: rule, view: view)
            if !touched.contains(id) {
                touched.append(id)
                extendOffense(id, with: view)
            }
            addRule(rule, toOffense: id)
        }
        record.offenses = touched
    }

    /// The offense type of an index property, creating a custom type for a custom property on first use.
    mutating func offenseTypeID(forIndexProperty p: String) -> Int64 {
        if let id = OffenseType.stockID(forIndexProperty: p) { return id }
        if let t = offenseTypes.values.first(where: { $0.custom && $0.propertyName.caseInsensitiveEquals(p) }) { return t.id }
        let id = max(1000, (offenseTypes.keys.max() ?? 0) + 1)
        offenseTypes[id] = OffenseType(id: id, name: p, propertyName: p, databaseType: "EVENTS", custom: true)
        markDirty("offenseType", id)
        return id
    }

    /// The active (OPEN or HIDDEN) offense for an index, created when none exists. CLOSED offenses are never reused.
    private mutating func activeOffense(type: Int64, value: String, rule: CRERule, view: RecordView) -> Int64 {
        let key = Self.indexKey(type, value)
        if let id = activeOffenseIndex[key], let o = offenses[id], o.status != "CLOSED" { return id }
        let t = now
        let id = nextOffenseID
        nextOffenseID += 1
        markDirty("counter", "offense")
        let eventName = qids.entry(view.qid)?.name ?? "Unknown"
        let offense = Offense(
            id: id, description: "\(rule.offenseDescription)\n containing \(eventName)\n", assignedTo: nil,
            categoryIDs: [], categories: [], policyCategoryCount: 0, securityCategoryCount: 0, closeTime: nil,
            closingUser: nil, closingReasonID: nil, credibility: 0, relevance: 0, severity: 0, magnitude: 0,
            destinationNetworks: [], sourceNetwork: view.sourceIP.map(network.networkName) ?? "other",
            eventCount: 0, flowCount: 0, inactive: false, lastUpdatedTime: view.startTime, lastPersistedTime: t,
            firstPersistedTime: t, startTime: view.startTime, localDestinationAddressIDs: [], sourceAddressIDs: [],
            remoteDestinations: [], usernames: [], deviceIDs: [], offenseSource: value, offenseType: type,
            protected: false, followUp: false, status: "OPEN", domainID: 0, ruleIDs: [], logSources: [],
            baseSeverity: 0, baseCredibility: 0, baseRelevance: 0)
        offenses[id] = offense
        activeOffenseIndex[key] = id
        markDirty("offense", id)
        return id
    }

    /// Adds one contributing event or flow to an offense.
    private mutating func extendOffense(_ id: Int64, with view: RecordView) {
        guard var o = offenses[id] else { return }
        let t = view.startTime
        if view.isEvent { o.eventCount += view.count } else { o.flowCount += 1 }
        o.startTime = min(o.startTime, t)
        o.lastUpdatedTime = max(o.lastUpdatedTime, t)
        o.lastPersistedTime = now
        o.baseSeverity = max(o.baseSeverity, view.severity)
        o.baseCredibility = max(o.baseCredibility, view.credibility)
        o.baseRelevance = max(o.baseRelevance, view.relevance)
        let cat = view.category
        if !o.categoryIDs.contains(cat) {
            o.categoryIDs.append(cat)
            o.categories.append(categories.name(of: cat) ?? "Unknown")
            if categories.isPolicy(cat) { o.policyCategoryCount += 1 } else { o.securityCategoryCount += 1 }
        }
        if let u = view.username, !u.isEmpty { o.usernames.insert(u) }
        if let ls = view.logSourceID, o.deviceIDs.insert(ls).inserted, let s = logSources.source(ls) {
            let typeName = s.typeID == LogSourceTypeCatalog.customRuleEngine ? "EventCRE" : (logSourceTypes.type(s.typeID)?.name ?? "Unknown")
            o.logSources.append(OffenseLogSource(id: ls, name: s.name, typeID: s.typeID, typeName: typeName))
        }
        var sourceID: Int64?
        if let src = view.sourceIP, src != "0.0.0.0", IPAddress.isValid(src) {
            sourceID = touchSourceAddress(src, offense: id, time: t, count: view.count)
            if let sid = sourceID, !o.sourceAddressIDs.contains(sid) { o.sourceAddressIDs.append(sid) }
        }
        if let dst = view.destinationIP, dst != "0.0.0.0", IPAddress.isValid(dst) {
            let net = network.networkName(dst)
            if !o.destinationNetworks.contains(net) { o.destinationNetworks.append(net) }
            if network.isLocal(dst) {
                let did = touchLocalDestination(dst, offense: id, source: sourceID, time: t, count: view.count)
                if !o.localDestinationAddressIDs.contains(did) { o.localDestinationAddressIDs.append(did) }
            } else {
                o.remoteDestinations.insert(dst)
            }
        }
        offenses[id] = o
        recomputeScores(id)
        markDirty("offense", id)
    }

    private mutating func addRule(_ rule: CRERule, toOffense id: Int64) {
        guard var o = offenses[id] else { return }
        if !o.ruleIDs.contains(rule.id) {
            o.ruleIDs.append(rule.id)
            o.lastPersistedTime = now
            offenses[id] = o
            recomputeScores(id)
            markDirty("offense", id)
        }
    }

    /// Severity, credibility and relevance: the peak contributing values, adjusted by the offense's rules
    /// (the highest adjusted value wins); magnitude follows from them.
    private mutating func recomputeScores(_ id: Int64) {
        guard var o = offenses[id] else { return }
        var sev = o.baseSeverity, cred = o.baseCredibility, rel = o.baseRelevance
        var sevSet = false, credSet = false, relSet = false
        for rid in o.ruleIDs {
            guard let r = rulesByID[rid] else { continue }
            if let a = r.severity { sev = sevSet ? max(sev, a.apply(o.baseSeverity)) : a.apply(o.baseSeverity); sevSet = true }
            if let a = r.credibility { cred = credSet ? max(cred, a.apply(o.baseCredibility)) : a.apply(o.baseCredibility); credSet = true }
            if let a = r.relevance { rel = relSet ? max(rel, a.apply(o.baseRelevance)) : a.apply(o.baseRelevance); relSet = true }
        }
        o.severity = min(10, max(0, sev))
        o.credibility = min(10, max(0, cred))
        o.relevance = min(10, max(0, rel))
        o.magnitude = Offense.magnitude(severity: o.severity, credibility: o.credibility, relevance: o.relevance)
        offenses[id] = o
        for sid in o.sourceAddressIDs where (sourceAddresses[sid]?.magnitude ?? 0) < o.magnitude {
            sourceAddresses[sid]?.magnitude = o.magnitude
            markDirty("sourceAddress", sid)
        }
        for did in o.localDestinationAddressIDs where (localDestinations[did]?.magnitude ?? 0) < o.magnitude {
            localDestinations[did]?.magnitude = o.magnitude
            markDirty("localDestination", did)
        }
    }

    private mutating func touchSourceAddress(_ ip: String, offense: Int64, time: Int64, count: Int64) -> Int64 {
        let id: Int64
        if let existing = sourceAddressByIP[ip] {
            id = existing
        } else {
            id = nextAddressID
            nextAddressID += 1
            markDirty("counter", "address")
            sourceAddresses[id] = SourceAddress(
                id: id, ip: ip, magnitude: 0, network: network.networkName(ip), offenseIDs: [],
                localDestinationAddressIDs: [], eventFlowCount: 0, firstSeen: time, lastSeen: time)
            sourceAddressByIP[ip] = id
        }
        guard var a = sourceAddresses[id] else { return id }
        if !a.offenseIDs.contains(offense) { a.offenseIDs.append(offense) }
        a.eventFlowCount += count
        a.firstSeen = min(a.firstSeen, time)
        a.lastSeen = max(a.lastSeen, time)
        sourceAddresses[id] = a
        markDirty("sourceAddress", id)
        return id
    }

    private mutating func touchLocalDestination(_ ip: String, offense: Int64, source: Int64?, time: Int64, count: Int64) -> Int64 {
        let id: Int64
        if let existing = localDestinationByIP[ip] {
            id = existing
        } else {
            id = nextAddressID
            nextAddressID += 1
            markDirty("counter", "address")
            localDestinations[id] = LocalDestinationAddress(
                id: id, ip: ip, magnitude: 0, network: network.networkName(ip), offenseIDs: [], sourceAddressIDs: [],
                eventFlowCount: 0, firstSeen: time, lastSeen: time)
            localDestinationByIP[ip] = id
        }
        guard var a = localDestinations[id] else { return id }
        if !a.offenseIDs.contains(offense) { a.offenseIDs.append(offense) }
        if let s = source, !a.sourceAddressIDs.contains(s) {
            a.sourceAddressIDs.append(s)
            if var sa = sourceAddresses[s], !sa.localDestinationAddressIDs.contains(id) {
                sa.localDestinationAddressIDs.append(id)
                sourceAddresses[s] = sa
                markDirty("sourceAddress", s)
            }
        }
        a.eventFlowCount += count
        a.firstSeen = min(a.firstSeen, time)
        a.lastSeen = max(a.lastSeen, time)
        localDestinations[id] = a
        markDirty("localDestination", id)
        return id
    }
}
