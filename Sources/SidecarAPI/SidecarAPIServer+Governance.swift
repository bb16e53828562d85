import Governance
import Hummingbird
import VigilCore

extension SidecarAPIServer {
    /// Re-identification and the audit log.
    func addGovernanceRoutes(to router: Router<BasicRequestContext>) {
        route(router, .post, "/api/v1/reidentify", .reidentify, onForbidden: { request, principal in
            // A refused attempt is audited like the vault audits its own refusals: who, which pseudonym, why refused.
            let body = try? APIJSON.decode(ReidentifyBody.self, from: try await bodyBytes(of: request))
            try await auditReidentification(pseudonym: body?.pseudonym ?? "", reason: body?.reason ?? "", principal: principal,
                                            outcome: "denied")
        }) { request, _, principal in
            let body = try await decodeBody(ReidentifyBody.self, from: request)
            let pseudonym = body.pseudonym.trimmedSpaces
            let reason = (body.reason ?? "").trimmedSpaces
            guard !pseudonym.isEmpty else { throw SidecarAPIError.badRequest("'pseudonym' must not be empty") }
            guard !reason.isEmpty else {
                try await auditReidentification(pseudonym: pseudonym, reason: "", principal: principal, outcome: "denied: no reason")
                throw SidecarAPIError.badRequest("a re-identification needs a reason (e.g. the case or ticket it is for)")
            }
            let value = try await control.reidentify(pseudonym: pseudonym, reason: reason, principal: principal)
            return try APIJSON.response(ReidentifyAnswer(pseudonym: pseudonym, value: value), noStore: true)
        }

        route(router, .get, "/api/v1/audit/verify", .verifyAudit) { _, _, _ in
            try APIJSON.response(try await AuditTools.verify(store: store, sealer: auditSealer))
        }
        route(router, .get, "/api/v1/audit/export", .exportAudit) { request, _, _ in
            let q = request.uri.queryParameters
            let now = clock.now()
            let from = try Self.epochParameter(q, "from") ?? 0
            let to = try Self.epochParameter(q, "to") ?? (now + 1)
            guard from < to else { throw SidecarAPIError.badRequest("'from' must be before 'to'") }
            var format = AuditExportFormat.json
            if let text = Self.nonEmpty(q.get("format")) {
                guard let f = AuditExportFormat(rawValue: text.lowercased()) else {
                    throw SidecarAPIError.badRequest("unknown format '\(text.prefix(20))'; use json or csv")
                }
                format = f
            }
            let report = try await AuditTools.export(store: store, from: from, to: to, format: format, generatedAt: now, sealer: auditSealer)
            var fields = HTTPFields()
            fields[.contentType] = format == .json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8"
            fields[.cacheControl] = "no-store"
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: report)))
        }
    }

    /// An audit record for a re-identification attempt the API refused before reaching the vault (same shape as
    /// the vault's own records; never a clear value).
    func auditReidentification(pseudonym: String, reason: String, principal: APIPrincipal, outcome: String) async throws {
        try await store.appendAudit(AuditDraft(
            time: clock.now(), kind: .reidentification, actor: principal.name, subject: String(pseudonym.prefix(128)),
            payload: [
                "role": .string(principal.role.rawValue), "reason": .string(String(reason.prefix(1_000))), "outcome": .string(outcome),
                "tokenID": .string(principal.tokenID),
            ]))
    }
}

struct ReidentifyBody: Decodable {
    var pseudonym: String
    var reason: String?
}

struct ReidentifyAnswer: Encodable {
    var pseudonym: String
    var value: String
}
