import Governance
import Hummingbird
import StorageCore
import VigilCore

extension SidecarAPIServer {
    /// Status, findings, feedback and quality.
    func addFindingRoutes(to router: Router<BasicRequestContext>) {
        route(router, .get, "/api/v1/status", .readFindings) { _, _, _ in
            try APIJSON.response(await control.status())
        }
        route(router, .get, "/api/v1/quality", .readFindings) { _, _, _ in
            try APIJSON.response(await control.quality())
        }
        route(router, .get, "/api/v1/findings", .readFindings) { request, _, _ in
            let query = try findingQuery(request.uri.queryParameters)
            let found = try await store.findings(query)
            return try APIJSON.response(FindingList(findings: found.map(FindingView.init), count: found.count))
        }
        route(router, .get, "/api/v1/findings/:id", .readFindings) { _, context, _ in
            let id = try context.parameters.require("id")
            guard let finding = try await store.finding(id: id) else { throw SidecarAPIError.notFound("no finding '\(id.prefix(80))'") }
            let feedback = try await store.feedback(findingID: id)
            return try APIJSON.response(FindingDetail(finding: FindingView(finding), feedback: feedback))
        }
        route(router, .post, "/api/v1/findings/:id/feedback", .submitFeedback) { request, context, principal in
            let id = try context.parameters.require("id")
            let body = try await decodeBody(FeedbackBody.self, from: request)
            guard let label = FeedbackLabel(name: body.label.trimmedSpaces) else {
                throw SidecarAPIError.badRequest("unknown label '\(body.label.prefix(40))'; use one of \(Self.labelNames.joined(separator: ", "))")
            }
            guard try await store.finding(id: id) != nil else { throw SidecarAPIError.notFound("no finding '\(id.prefix(80))'") }
            let note = body.note?.trimmedSpaces
            let record = try await control.submitFeedback(findingID: id, label: label, note: note?.isEmpty == false ? note : nil,
                                                          principal: principal)
            return try APIJSON.response(record, status: .created)
        }
    }

    /// The label names `FeedbackLabel(name:)` accepts.
    static var labelNames: [String] {
        ["false-positive", "true-positive", "policy-violation", "benign"] + BenignTrigger.allCases.map { FeedbackLabel.benign($0).name }
    }

    /// The query of `GET /api/v1/findings`: `status`, `entity`, `min_severity` (name or 1–5), `from` and `to`
    /// (epoch milliseconds, `[from, to)`), `limit`.
    func findingQuery(_ q: Parameters) throws -> FindingQuery {
        var query = FindingQuery(limit: settings.defaultFindingLimit)
        if let text = Self.nonEmpty(q.get("status")) {
            guard let status = FindingStatus(rawValue: text) else {
                throw SidecarAPIError.badRequest("unknown status '\(text.prefix(40))'; use one of \(FindingStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.status = status
        }
        query.entity = Self.nonEmpty(q.get("entity"))
        if let text = Self.nonEmpty(q.get("min_severity")) {
            guard let severity = Self.severity(text) else {
                throw SidecarAPIError.badRequest("unknown min_severity '\(text.prefix(40))'; use 1–5 or one of \(Severity.allCases.map(\.name).joined(separator: ", "))")
            }
            query.minimumSeverity = severity
        }
        if let from = try Self.epochParameter(q, "from") { query.from = from }
        if let to = try Self.epochParameter(q, "to") { query.to = to }
        guard query.from < query.to else { throw SidecarAPIError.badRequest("'from' must be before 'to'") }
        if let text = Self.nonEmpty(q.get("limit")) {
            guard let limit = Int(text), limit >= 1, limit <= settings.maxFindingLimit else {
                throw SidecarAPIError.badRequest("limit must be an integer from 1 to \(settings.maxFindingLimit)")
            }
            query.limit = limit
        }
        return query
    }

    static func severity(_ text: String) -> Severity? {
        if let n = Int(text) { return Severity(rawValue: n) }
        return Severity.allCases.first { $0.name == text.lowercased() }
    }

    static func epochParameter(_ q: Parameters, _ name: String) throws -> EpochMillis? {
        guard let text = nonEmpty(q.get(name)) else { return nil }
        guard let value = EpochMillis(text) else {
            throw SidecarAPIError.badRequest("'\(name)' must be a time in epoch milliseconds")
        }
        return value
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let t = text?.trimmedSpaces, !t.isEmpty else { return nil }
        return t
    }
}

struct FeedbackBody: Decodable {
    var label: String
    var note: String?
}

/// A stored finding with its JSON body embedded as JSON (not as a string).
struct FindingView: Encodable {
    var id: String
    var time: EpochMillis
    var entity: String
    var severity: String
    var severityLevel: Int
    var title: String
    var status: String
    var updatedAt: EpochMillis
    var finding: JSONValue

    init(_ f: StoredFinding) {
        id = f.id
        time = f.time
        entity = f.entity
        severity = f.severity.name
        severityLevel = f.severity.rawValue
        title = f.title
        status = f.status.rawValue
        updatedAt = f.updatedAt
        finding = (try? JSONValue.parse(f.body)) ?? .string(f.body)
    }
}

struct FindingList: Encodable {
    var findings: [FindingView]
    var count: Int
}

struct FindingDetail: Encodable {
    var finding: FindingView
    var feedback: [FeedbackRecord]
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmedSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
