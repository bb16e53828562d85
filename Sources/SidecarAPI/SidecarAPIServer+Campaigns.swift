import Correlation
import Governance
import Hummingbird
import StorageCore
import VigilCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SidecarAPIServer {
    /// Campaigns: the findings that report a campaign, listed and read as campaigns, and verdicts on them.
    func addCampaignRoutes(to router: Router<BasicRequestContext>) {
        route(router, .get, "/api/v1/campaigns", .readFindings) { request, _, _ in
            let q = request.uri.queryParameters
            var query = try findingQuery(q)
            let limit = query.limit
            let offset = try Self.offsetParameter(q)
            let entity = query.entity
            // The store filters on the primary entity only; a campaign matches any of its entities.
            query.entity = nil
            query.limit = settings.maxFindingLimit
            var status: CampaignStatus?
            if let text = Self.nonEmpty(q.get("campaign_status")) {
                guard let s = CampaignStatus(rawValue: text) else {
                    throw SidecarAPIError.badRequest("unknown campaign_status '\(text.prefix(40))'; use one of \(CampaignStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = s
            }
            var views: [CampaignSummaryView] = []
            for stored in try await store.findings(query) {
                guard let doc = CampaignDocument.decode(stored.body), let campaign = doc.campaign else { continue }
                if let status, campaign.status != status { continue }
                if let entity, !campaign.entities.contains(where: { $0.description == entity || $0.id == entity }),
                   campaign.primaryEntity.description != entity, campaign.primaryEntity.id != entity { continue }
                views.append(CampaignSummaryView(stored: stored, campaign: campaign, offenseID: doc.offenseID))
            }
            let page = Array(views.dropFirst(offset).prefix(limit))
            return try APIJSON.response(CampaignList(campaigns: page, count: page.count, total: views.count, offset: offset))
        }
        route(router, .get, "/api/v1/campaigns/:id", .readFindings) { _, context, _ in
            let id = try context.parameters.require("id")
            let (stored, doc, campaign) = try await campaign(named: id)
            let feedback = try await store.feedback(findingID: stored.id)
            return try APIJSON.response(CampaignDetailView(stored: stored, campaign: campaign, document: doc, feedback: feedback))
        }
        route(router, .post, "/api/v1/campaigns/:id/feedback", .submitFeedback) { request, context, principal in
            let id = try context.parameters.require("id")
            let body = try await decodeBody(FeedbackBody.self, from: request)
            guard let label = FeedbackLabel(name: body.label.trimmedSpaces) else {
                throw SidecarAPIError.badRequest("unknown label '\(body.label.prefix(40))'; use one of \(Self.labelNames.joined(separator: ", "))")
            }
            let (stored, _, _) = try await campaign(named: id)
            let note = body.note?.trimmedSpaces
            let record = try await control.submitFeedback(findingID: stored.id, label: label, note: note?.isEmpty == false ? note : nil,
                                                          principal: principal)
            return try APIJSON.response(record, status: .created)
        }
    }

    /// A campaign by its id (or its finding's id).
    private func campaign(named id: String) async throws -> (StoredFinding, CampaignDocument, Campaign) {
        for findingID in [Campaign.findingID(of: id), id] {
            if let stored = try await store.finding(id: findingID), let doc = CampaignDocument.decode(stored.body), let campaign = doc.campaign {
                return (stored, doc, campaign)
            }
        }
        throw SidecarAPIError.notFound("no campaign '\(id.prefix(80))'")
    }

    static func offsetParameter(_ q: Parameters) throws -> Int {
        guard let text = nonEmpty(q.get("offset")) else { return 0 }
        guard let n = Int(text), n >= 0, n <= 1_000_000 else { throw SidecarAPIError.badRequest("offset must be an integer from 0 to 1000000") }
        return n
    }
}

/// The parts of a stored finding's body a campaign view needs (the body is the triage core's `FindingDocument`).
struct CampaignDocument: Decodable {
    struct Report: Decodable {
        /// Written by the triage core with its configured half-life.
        var timeline: [String]?
    }

    var campaign: Campaign?
    var offenseID: Int?
    var writes: [PlannedWrite]?
    var report: Report?

    static func decode(_ body: String) -> CampaignDocument? {
        try? JSONDecoder().decode(CampaignDocument.self, from: Data(body.utf8))
    }

    /// Every offense the finding wrote a note on (or was linked to).
    var offenses: [Int] {
        var ids: [Int] = offenseID.map { [$0] } ?? []
        for w in writes ?? [] { if case .offenseNote(let id) = w, !ids.contains(id) { ids.append(id) } }
        return ids
    }
}

struct CampaignSummaryView: Encodable {
    var id: String
    var findingID: String
    var status: String
    var findingStatus: String
    var severity: String
    var title: String
    var primaryEntity: String
    var entities: [String]
    var stages: [String]
    var score: Double
    var confidence: Double
    var revision: Int
    var start: EpochMillis
    var end: EpochMillis
    var raisedAt: EpochMillis?
    var offenseID: Int?
    /// For a campaign merged into another: the survivor, whose finding carries the story on.
    var mergedInto: String?

    init(stored: StoredFinding, campaign c: Campaign, offenseID: Int?) {
        id = c.id
        findingID = stored.id
        status = c.status.rawValue
        findingStatus = stored.status.rawValue
        severity = c.severity.name
        title = c.title
        primaryEntity = c.primaryEntity.description
        entities = c.entities.map(\.description)
        stages = c.stages.map(\.name)
        score = c.score
        confidence = c.confidence
        revision = c.revision
        start = c.start
        end = c.end
        raisedAt = c.raisedAt
        self.offenseID = offenseID
        mergedInto = c.mergedInto
    }
}

struct CampaignList: Encodable {
    var campaigns: [CampaignSummaryView]
    var count: Int
    var total: Int
    var offset: Int
}

struct CampaignDetailView: Encodable {
    var summary: CampaignSummaryView
    var campaign: Campaign
    /// The timeline in words, oldest first.
    var timeline: [String]
    /// Evidence event ids (QRadar event ids or content hashes), oldest first.
    var evidence: [String]
    /// QRadar offenses the campaign is linked to or noted on.
    var offenses: [Int]
    var feedback: [FeedbackRecord]

    init(stored: StoredFinding, campaign: Campaign, document: CampaignDocument, feedback: [FeedbackRecord]) {
        summary = CampaignSummaryView(stored: stored, campaign: campaign, offenseID: document.offenseID)
        self.campaign = campaign
        // As the triage core wrote it (its configured half-life); the default half-life only for a body without one.
        timeline = document.report?.timeline
            ?? campaign.timeline(limit: 200, ageHalfLifeDays: CorrelationConfiguration().ageHalfLifeDays)
        evidence = campaign.evidence(limit: 1_000)
        offenses = document.offenses
        self.feedback = feedback
    }
}
