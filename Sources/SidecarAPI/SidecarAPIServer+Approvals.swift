import Governance
import Hummingbird
import VigilCore

extension SidecarAPIServer {
    /// The approval queue.
    func addApprovalRoutes(to router: Router<BasicRequestContext>) {
        route(router, .get, "/api/v1/approvals", .readApprovals) { request, _, _ in
            var status: ApprovalStatus?
            if let text = Self.nonEmpty(request.uri.queryParameters.get("status")) {
                guard let s = ApprovalStatus(rawValue: text) else {
                    throw SidecarAPIError.badRequest("unknown status '\(text.prefix(40))'; use one of \(ApprovalStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = s
            }
            let approvals = try await store.approvals(status: status)
            return try APIJSON.response(ApprovalList(approvals: approvals, count: approvals.count))
        }
        route(router, .get, "/api/v1/approvals/:id", .readApprovals) { _, context, _ in
            let id = try context.parameters.require("id")
            guard let approval = try await store.approval(id: id) else { throw ApprovalError.notFound(id) }
            return try APIJSON.response(approval)
        }
        route(router, .post, "/api/v1/approvals/:id/decision", .decideApproval) { request, context, principal in
            let id = try context.parameters.require("id")
            let body = try await decodeBody(DecisionBody.self, from: request)
            guard try await store.approval(id: id) != nil else { throw ApprovalError.notFound(id) }
            let note = body.note?.trimmedSpaces
            let decided = try await control.decideApproval(id: id, approve: body.approve, note: note?.isEmpty == false ? note : nil,
                                                           principal: principal)
            return try APIJSON.response(decided)
        }
    }
}

struct ApprovalList: Encodable {
    var approvals: [ApprovalRequest]
    var count: Int
}

struct DecisionBody: Decodable {
    var approve: Bool
    var note: String?
}
