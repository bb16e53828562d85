import Governance
import Hummingbird
import VigilCore

extension SidecarAPIServer {
    /// API token management: list, issue, revoke. Only hashes are stored; a new token is shown once.
    func addTokenRoutes(to router: Router<BasicRequestContext>) {
        route(router, .get, "/api/v1/tokens", .manageTokens) { _, _, _ in
            let tokens = try await store.tokens()
            return try APIJSON.response(TokenList(tokens: tokens.map(TokenView.init), count: tokens.count))
        }
        route(router, .post, "/api/v1/tokens", .manageTokens) { request, _, principal in
            let body = try await decodeBody(TokenRequest.self, from: request)
            guard let role = Role(rawValue: body.role.trimmedSpaces.lowercased()) else {
                throw SidecarAPIError.badRequest("unknown role '\(body.role.prefix(40))'; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let hours = body.lifetimeHours ?? settings.defaultTokenLifetimeHours
            if let hours, hours < 1 || hours > settings.maxTokenLifetimeHours {
                throw SidecarAPIError.badRequest("lifetime_hours must be from 1 to \(settings.maxTokenLifetimeHours)")
            }
            let now = clock.now()
            let issued = try APITokens.issue(name: body.name, role: role, createdBy: principal.name, now: now,
                                             lifetime: hours.map { $0 * EpochMillis.hour })
            try await store.saveToken(issued.record)
            try await store.appendAudit(AuditDraft.configuration(
                change: "issue-api-token",
                details: [
                    "tokenID": .string(issued.record.id), "name": .string(issued.record.name), "role": .string(role.rawValue),
                    "expiresAt": .optional(issued.record.expiresAt), "issuedBy": .string(principal.tokenID),
                ],
                time: now, actor: principal.name))
            return try APIJSON.response(IssuedTokenView(token: issued.token, record: TokenView(issued.record)), status: .created, noStore: true)
        }
        route(router, .delete, "/api/v1/tokens/:id", .manageTokens) { _, context, principal in
            let id = try context.parameters.require("id")
            guard let existing = try await store.token(id: id) else { throw SidecarAPIError.notFound("no token '\(id.prefix(80))'") }
            let now = clock.now()
            guard try await store.revokeToken(id: id, at: now) else {
                throw SidecarAPIError(status: 409, code: "conflict", message: "token '\(existing.id)' is already revoked")
            }
            try await store.appendAudit(AuditDraft.configuration(
                change: "revoke-api-token",
                details: ["tokenID": .string(existing.id), "name": .string(existing.name), "revokedBy": .string(principal.tokenID)],
                time: now, actor: principal.name))
            var revoked = existing
            revoked.revokedAt = now
            return try APIJSON.response(TokenView(revoked))
        }
    }
}

struct TokenRequest: Decodable {
    var name: String
    var role: String
    var lifetimeHours: Int64?

    enum CodingKeys: String, CodingKey {
        case name
        case role
        case lifetimeHours = "lifetime_hours"
    }
}

/// A token record without its hash.
struct TokenView: Encodable {
    var id: String
    var name: String
    var role: String
    var createdAt: EpochMillis
    var createdBy: String
    var expiresAt: EpochMillis?
    var revokedAt: EpochMillis?

    init(_ r: APITokenRecord) {
        id = r.id
        name = r.name
        role = r.role.rawValue
        createdAt = r.createdAt
        createdBy = r.createdBy
        expiresAt = r.expiresAt
        revokedAt = r.revokedAt
    }
}

struct TokenList: Encodable {
    var tokens: [TokenView]
    var count: Int
}

struct IssuedTokenView: Encodable {
    /// Shown once; only its hash is stored.
    var token: String
    var record: TokenView
}
