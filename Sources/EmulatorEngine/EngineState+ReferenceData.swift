import VigilCore

/// Reference sets and their deletion tasks (§5.1).
extension EngineState {
    static func setNotFound(_ name: String) -> EngineError {
        EngineError(httpStatus: 404, code: 1002, message: "\(name) does not exist", description: "The reference set does not exist.")
    }

    /// Purges expired elements of a set (persisting their removal) and returns it.
    mutating func liveSet(_ name: String) throws(EngineError) -> ReferenceSet {
        guard var set = referenceSets[name] else { throw Self.setNotFound(name) }
        let gone = set.purge(now: now)
        if !gone.isEmpty {
            referenceSets[name] = set
            for k in gone { markDirty("refelem", name + "\u{1F}" + k) }
        }
        return set
    }

    mutating func referenceSetList() -> [JSONValue] {
        let t = now
        return referenceSets.keys.sorted().compactMap { name in (try? liveSet(name))?.metadata(now: t) }
    }

    mutating func createReferenceSet(name: String, elementType: String, timeoutType: String?, timeToLive: String?) throws(EngineError) -> JSONValue {
        guard !name.isEmpty else {
            throw EngineError(httpStatus: 422, code: 8, message: "Missing required parameter \"name\" from query parameters")
        }
        guard !elementType.isEmpty else {
            throw EngineError(httpStatus: 422, code: 8, message: "Missing required parameter \"element_type\" from query parameters")
        }
        let type = elementType.uppercased()
        guard ReferenceSet.elementTypes.contains(type) else {
            throw EngineError(httpStatus: 422, code: 11,
                              message: "Failed to transform user query parameter \"element_type\" with a content type of \"TEXT_PLAIN\"")
        }
        let timeout = (timeoutType ?? "UNKNOWN").uppercased()
        guard ReferenceSet.timeoutTypes.contains(timeout) else {
            throw EngineError(httpStatus: 422, code: 11,
                              message: "Failed to transform user query parameter \"timeout_type\" with a content type of \"TEXT_PLAIN\"")
        }
        guard name.utf8.count <= 255, !name.contains("\u{1F}") else { throw Self.invalidParameter("The reference set name is not valid.") }
        var ttl: QRadarInterval?
        if let text = timeToLive, !text.trimmingSpaces.isEmpty {
            guard let parsed = QRadarInterval(parsing: text) else {
                throw Self.invalidParameter("time_to_live \"\(text)\" is not a valid interval (e.g. \"1 month\", \"5 minutes\").")
            }
            ttl = parsed
        }
        guard referenceSets[name] == nil else {
            throw EngineError(httpStatus: 409, code: 1004, message: "The reference set \(name) already exists.",
                              description: "The given name is already in use.")
        }
        let set = ReferenceSet(name: name, elementType: type, timeoutType: timeout, timeToLive: ttl, creationTime: now)
        referenceSets[name] = set
        markDirty("refset", name)
        return set.metadata(now: now)
    }

    /// Upserts one value: a new value gets first_seen = last_seen = now, a known one a fresh last_seen.
    private mutating func upsert(_ set: inout ReferenceSet, _ raw: String, source: String, t: Int64) throws(EngineError) {
        let (key, value) = try set.key(for: raw).get()
        if var e = set.elements[key] {
            e.lastSeen = t
            e.source = source
            set.elements[key] = e
        } else {
            set.elements[key] = ReferenceSetElement(value: value, source: source, firstSeen: t, lastSeen: t, domainID: nil)
        }
        markDirty("refelem", set.name + "\u{1F}" + key)
    }

    mutating func addToReferenceSet(name: String, value: String, source: String?) throws(EngineError) -> JSONValue {
        var set = try liveSet(name)
        let t = now
        try upsert(&set, value, source: source ?? "reference data api", t: t)
        referenceSets[name] = set
        return set.metadata(now: t)
    }

    mutating func bulkLoad(name: String, values: [String]) throws(EngineError) -> JSONValue {
        var set = try liveSet(name)
        let t = now
        // Validate everything first so a bad value loads nothing.
        for v in values { _ = try set.key(for: v).get() }
        for v in values { try upsert(&set, v, source: "reference data api", t: t) }
        referenceSets[name] = set
        return set.metadata(now: t)
    }

    mutating func deleteReferenceSetValue(name: String, value: String) throws(EngineError) -> JSONValue {
        var set = try liveSet(name)
        let key: String
        switch set.key(for: value) {
        case .success(let k): key = k.key
        case .failure: key = value
        }
        guard set.elements.removeValue(forKey: key) != nil else {
            throw EngineError(httpStatus: 404, code: 1003, message: "\(value) does not exist in \(name)",
                              description: "The record does not exist in the reference set.")
        }
        referenceSets[name] = set
        markDirty("refelem", name + "\u{1F}" + key)
        return set.metadata(now: now)
    }

    mutating func deleteReferenceSet(name: String, purgeOnly: Bool) throws(EngineError) -> JSONValue {
        guard var set = referenceSets[name] else { throw Self.setNotFound(name) }
        for k in set.elements.keys { markDirty("refelem", name + "\u{1F}" + k) }
        if purgeOnly {
            set.elements = [:]
            referenceSets[name] = set
        } else {
            referenceSets[name] = nil
        }
        markDirty("refset", name)
        let t = now
        let id = nextTaskID
        nextTaskID += 1
        markDirty("counter", "task")
        let task = EngineTask(
            id: id, name: "Reference Data Deletion Task", status: "COMPLETED",
            message: purgeOnly ? "Purged the contents of reference set \(name)" : "Deleted reference set \(name)",
            created: t, createdBy: "admin", modified: t, started: t, completed: t)
        tasks[id] = task
        markDirty("task", id)
        return task.json
    }

    func taskJSON(_ id: Int64) throws(EngineError) -> JSONValue {
        guard let t = tasks[id] else {
            throw EngineError(httpStatus: 404, code: 1002, message: "No task was found for the provided task_id.",
                              description: "The task does not exist.")
        }
        return t.json
    }
}
