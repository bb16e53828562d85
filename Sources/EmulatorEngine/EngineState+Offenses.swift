import VigilCore

/// Offense reads and updates, notes, closing reasons, offense types and addresses (§2).
extension EngineState {
    static func offenseNotFound() -> EngineError {
        EngineError(httpStatus: 404, code: 1002, message: "No offense was found for the provided offense_id.",
                    description: "The offense does not exist.")
    }

    static func invalidParameter(_ message: String) -> EngineError {
        EngineError(httpStatus: 422, code: 1005, message: message, description: "A request parameter is not valid.")
    }

    func offense(_ id: Int64) throws(EngineError) -> Offense {
        guard let o = offenses[id] else { throw Self.offenseNotFound() }
        return o
    }

    mutating func updateOffense(id: Int64, status: String?, closingReasonID: Int64?, assignedTo: String?,
                                followUp: Bool?, protected: Bool?, user: String) throws(EngineError) -> JSONValue {
        var o = try offense(id)
        var newStatus: String?
        if let status {
            let s = status.uppercased()
            guard ["OPEN", "HIDDEN", "CLOSED"].contains(s) else {
                throw EngineError(httpStatus: 422, code: 11,
                                  message: "Failed to transform user query parameter \"status\" with a content type of \"TEXT_PLAIN\"")
            }
            newStatus = s
        }
        if o.status == "CLOSED", let s = newStatus, s != "CLOSED" {
            throw EngineError(httpStatus: 409, code: 1008, message: "Request cannot be completed due to the state of the offense.",
                              description: "The offense is closed and cannot be reopened.")
        }
        if newStatus == "CLOSED" && o.status != "CLOSED" {
            guard let reasonID = closingReasonID else {
                throw Self.invalidParameter("closing_reason_id must be provided when closing an offense.")
            }
            guard let reason = closingReasons[reasonID], !reason.isDeleted, !reason.isReserved else {
                throw Self.invalidParameter("closing_reason_id \(reasonID) is not a valid closing reason.")
            }
        }
        if let a = assignedTo, a.utf8.count > 255 {
            throw Self.invalidParameter("assigned_to is too long.")
        }
        var changed = false
        let t = now
        if let s = newStatus, s != o.status {
            if s == "CLOSED" {
                o.closeTime = t
                o.closingUser = user
                o.closingReasonID = closingReasonID
                activeOffenseIndex[Self.indexKey(o.offenseType, o.offenseSource)] = nil
            }
            o.status = s
            changed = true
        }
        if let a = assignedTo {
            let value: String? = a.isEmpty ? nil : a
            if value != o.assignedTo { o.assignedTo = value; changed = true }
        }
        if let f = followUp, f != o.followUp { o.followUp = f; changed = true }
        if let p = protected, p != o.protected { o.protected = p; changed = true }
        if changed {
            o.lastPersistedTime = t
            offenses[id] = o
            markDirty("offense", id)
        }
        return o.json
    }

    func notes(offenseID: Int64) throws(EngineError) -> [JSONValue] {
        _ = try offense(offenseID)
        return (notesByOffense[offenseID] ?? []).compactMap { notes[$0]?.json }
    }

    func note(offenseID: Int64, noteID: Int64) throws(EngineError) -> JSONValue {
        _ = try offense(offenseID)
        guard let n = notes[noteID], n.offenseID == offenseID else {
            throw EngineError(httpStatus: 404, code: 1002, message: "No note was found for the provided note_id.",
                              description: "The note does not exist.")
        }
        return n.json
    }

    mutating func addNote(offenseID: Int64, text: String, user: String) throws(EngineError) -> JSONValue {
        guard offenses[offenseID] != nil else { throw Self.offenseNotFound() }
        guard !text.isEmpty else {
            throw EngineError(httpStatus: 422, code: 8, message: "Missing required parameter \"note_text\" from query parameters")
        }
        let id = nextNoteID
        nextNoteID += 1
        markDirty("counter", "note")
        let n = OffenseNote(id: id, offenseID: offenseID, createTime: now, username: user, noteText: text)
        notes[id] = n
        notesByOffense[offenseID, default: []].append(id)
        markDirty("note", id)
        return n.json
    }

    func closingReasonList(includeReserved: Bool, includeDeleted: Bool) -> [JSONValue] {
        closingReasons.values
            .filter { (includeReserved || !$0.isReserved) && (includeDeleted || !$0.isDeleted) }
            .sorted { $0.id < $1.id }
            .map(\.json)
    }

    func closingReason(_ id: Int64) throws(EngineError) -> JSONValue {
        guard let r = closingReasons[id] else {
            throw EngineError(httpStatus: 404, code: 1002, message: "No closing reason was found for the provided id.",
                              description: "The closing reason does not exist.")
        }
        return r.json
    }

    mutating func addClosingReason(_ raw: String) throws(EngineError) -> JSONValue {
        let text = raw.trimmingSpaces
        guard (5...60).contains(text.count) else {
            throw Self.invalidParameter("reason must be between 5 and 60 characters.")
        }
        guard !closingReasons.values.contains(where: { $0.text.caseInsensitiveEquals(text) && !$0.isDeleted }) else {
            throw EngineError(httpStatus: 409, code: 1004, message: "A closing reason with the text \"\(text)\" already exists.",
                              description: "The closing reason already exists.")
        }
        let id = (closingReasons.keys.max() ?? 0) + 1
        let r = ClosingReason(id: id, text: text, isDeleted: false, isReserved: false)
        closingReasons[id] = r
        markDirty("closingReason", id)
        return r.json
    }

    func offenseTypeJSON(_ id: Int64) throws(EngineError) -> JSONValue {
        guard let t = offenseTypes[id] else {
            throw EngineError(httpStatus: 404, code: 1002, message: "No offense type was found for the provided id.",
                              description: "The offense type does not exist.")
        }
        return t.json
    }

    func sourceAddressJSON(_ id: Int64) throws(EngineError) -> JSONValue {
        guard let a = sourceAddresses[id] else {
            throw EngineError(httpStatus: 404, code: 1002, message: "No source address was found for the provided id.",
                              description: "The source address does not exist.")
        }
        return a.json
    }

    func localDestinationJSON(_ id: Int64) throws(EngineError) -> JSONValue {
        guard let a = localDestinations[id] else {
            throw EngineError(httpStatus: 404, code: 1002, message: "No local destination address was found for the provided id.",
                              description: "The local destination address does not exist.")
        }
        return a.json
    }
}
