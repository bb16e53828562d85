/// Changes to apply with `POST /siem/offenses/{id}` (QRADAR.md §2.3). `nil` leaves a property unchanged.
public struct OffenseUpdate: Sendable, Hashable {
    public var status: OffenseStatus?
    /// Required by QRadar when `status` is `.closed`.
    public var closingReasonID: Int?
    public var assignedTo: String?
    public var followUp: Bool?
    public var isProtected: Bool?

    public init(
        status: OffenseStatus? = nil, closingReasonID: Int? = nil, assignedTo: String? = nil, followUp: Bool? = nil,
        isProtected: Bool? = nil
    ) {
        self.status = status
        self.closingReasonID = closingReasonID
        self.assignedTo = assignedTo
        self.followUp = followUp
        self.isProtected = isProtected
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let status { items.append(("status", status.rawValue)) }
        if let closingReasonID { items.append(("closing_reason_id", String(closingReasonID))) }
        if let assignedTo { items.append(("assigned_to", assignedTo)) }
        if let followUp { items.append(("follow_up", followUp ? "true" : "false")) }
        if let isProtected { items.append(("protected", isProtected ? "true" : "false")) }
        return items
    }
}

extension QRadarClient {
    // MARK: - Offenses

    /// `GET /siem/offenses`, walked in `Range` pages.
    ///
    /// ```swift
    /// for try await offense in client.offenses(QRadarListQuery(filter: .field("id") > lastSeen, sort: [.ascending("id")])) { … }
    /// ```
    public func offenses(_ query: QRadarListQuery = .all) -> QRadarPagedSequence<Offense> {
        list(Offense.self, path: "/siem/offenses", query: query)
    }

    /// `GET /siem/offenses/{id}`. Throws ``QRadarAPIError`` 404/1002 for an unknown id.
    public func offense(id: Int, fields: String? = nil) async throws -> Offense {
        try await getObject(Offense.self, path: QRadarPath.join("siem", "offenses", String(id)), query: Self.fieldsQuery(fields))
    }

    /// `POST /siem/offenses/{id}?status=…&closing_reason_id=…` — query parameters only, no body.
    ///
    /// Sets absolute state, so it is retried like a read. Closing needs `closingReasonID` (else 422/1005);
    /// reopening a closed offense is a 409/1008.
    @discardableResult
    public func updateOffense(id: Int, _ update: OffenseUpdate, fields: String? = nil) async throws -> Offense {
        let request = QRadarRequest(
            method: .POST, path: QRadarPath.join("siem", "offenses", String(id)), query: update.queryItems + Self.fieldsQuery(fields))
        return try await perform(request, safety: .idempotent) { try decodeJSON(Offense.self, $0, request: request) }
    }

    /// Shorthand for ``updateOffense(id:_:fields:)``.
    @discardableResult
    public func updateOffense(
        id: Int, status: OffenseStatus? = nil, closingReasonID: Int? = nil, assignedTo: String? = nil, followUp: Bool? = nil,
        isProtected: Bool? = nil
    ) async throws -> Offense {
        try await updateOffense(
            id: id,
            OffenseUpdate(status: status, closingReasonID: closingReasonID, assignedTo: assignedTo, followUp: followUp, isProtected: isProtected))
    }

    // MARK: - Notes

    /// `GET /siem/offenses/{id}/notes`, walked in `Range` pages.
    public func offenseNotes(offenseID: Int, _ query: QRadarListQuery = .all) -> QRadarPagedSequence<OffenseNote> {
        list(OffenseNote.self, path: QRadarPath.join("siem", "offenses", String(offenseID), "notes"), query: query)
    }

    /// `POST /siem/offenses/{id}/notes?note_text=…` → 201 + the note.
    ///
    /// Not idempotent, so never sent twice blindly: when an attempt's answer is lost after the request may have
    /// arrived (connection reset, timeout, gateway 5xx), the client first lists the offense's notes with
    /// `filter=note_text="…" and create_time >= <send time − writeCheckClockSkew>` and returns the newest match
    /// instead of posting again. Only when no such note exists is the note re-posted.
    @discardableResult
    public func createOffenseNote(offenseID: Int, text: String) async throws -> OffenseNote {
        let path = QRadarPath.join("siem", "offenses", String(offenseID), "notes")
        let request = QRadarRequest(method: .POST, path: path, query: [("note_text", text)])
        let since = environment.now() - configuration.writeCheckClockSkew.milliseconds
        return try await perform(
            request, safety: .nonIdempotent,
            alreadyApplied: { [self] in
                let filter = QRadarFilter.field("note_text") == text && QRadarFilter.field("create_time") >= since
                let matches = try await offenseNotes(offenseID: offenseID, QRadarListQuery(filter: filter, pageSize: 50)).collect()
                // Filter again locally: a server that ignores part of the filter must not make us skip a write.
                return matches.filter { $0.noteText == text && ($0.createTime ?? since) >= since }
                    .max { ($0.createTime ?? 0, $0.id) < ($1.createTime ?? 0, $1.id) }
            }
        ) { try decodeJSON(OffenseNote.self, $0, request: request) }
    }

    // MARK: - Closing reasons

    /// `GET /siem/offense_closing_reasons`.
    public func closingReasons(
        _ query: QRadarListQuery = .all, includeReserved: Bool = false, includeDeleted: Bool = false
    ) -> QRadarPagedSequence<ClosingReason> {
        list(
            ClosingReason.self, path: "/siem/offense_closing_reasons", query: query,
            extraQuery: [("include_reserved", includeReserved ? "true" : "false"), ("include_deleted", includeDeleted ? "true" : "false")])
    }

    /// `GET /siem/offense_closing_reasons/{id}`.
    public func closingReason(id: Int) async throws -> ClosingReason {
        try await getObject(ClosingReason.self, path: QRadarPath.join("siem", "offense_closing_reasons", String(id)))
    }

    /// `POST /siem/offense_closing_reasons?reason=…` → 201 (QRadar requires 5–60 characters; 409/1004 if it exists).
    ///
    /// Not idempotent: after a lost answer the client looks the reason up by text before posting again, and a
    /// 409 on such a retry returns the existing reason.
    @discardableResult
    public func createClosingReason(text: String) async throws -> ClosingReason {
        let request = QRadarRequest(method: .POST, path: "/siem/offense_closing_reasons", query: [("reason", text)])
        let lookUp: @Sendable () async throws -> ClosingReason? = { [self] in
            try await closingReasons(QRadarListQuery(filter: .field("text") == text, pageSize: 10), includeReserved: true)
                .collect().first { $0.text == text }
        }
        return try await perform(
            request, safety: .nonIdempotent, alreadyApplied: lookUp,
            afterUncertainRetry: { error in error.httpStatus == 409 ? try await lookUp() : nil }
        ) { try decodeJSON(ClosingReason.self, $0, request: request) }
    }

    // MARK: - Offense types and addresses

    /// `GET /siem/offense_types`.
    public func offenseTypes(_ query: QRadarListQuery = .all) -> QRadarPagedSequence<OffenseType> {
        list(OffenseType.self, path: "/siem/offense_types", query: query)
    }

    /// `GET /siem/offense_types/{id}`.
    public func offenseType(id: Int) async throws -> OffenseType {
        try await getObject(OffenseType.self, path: QRadarPath.join("siem", "offense_types", String(id)))
    }

    /// `GET /siem/source_addresses` (resolve an offense's `source_address_ids` with `.field("id").in(ids)`).
    public func sourceAddresses(_ query: QRadarListQuery = .all) -> QRadarPagedSequence<SourceAddress> {
        list(SourceAddress.self, path: "/siem/source_addresses", query: query)
    }

    /// `GET /siem/source_addresses/{id}`.
    public func sourceAddress(id: Int) async throws -> SourceAddress {
        try await getObject(SourceAddress.self, path: QRadarPath.join("siem", "source_addresses", String(id)))
    }

    /// `GET /siem/local_destination_addresses`.
    public func localDestinationAddresses(_ query: QRadarListQuery = .all) -> QRadarPagedSequence<LocalDestinationAddress> {
        list(LocalDestinationAddress.self, path: "/siem/local_destination_addresses", query: query)
    }

    /// `GET /siem/local_destination_addresses/{id}`.
    public func localDestinationAddress(id: Int) async throws -> LocalDestinationAddress {
        try await getObject(LocalDestinationAddress.self, path: QRadarPath.join("siem", "local_destination_addresses", String(id)))
    }

    static func fieldsQuery(_ fields: String?, identifier: String = "id") -> [(String, String)] {
        guard let fields else { return [] }
        return [("fields", QRadarFields.ensuring(identifier, in: fields))]
    }
}
