import Governance
import Hummingbird
import VigilCore

extension SidecarAPIServer {
    /// `GET /health` (no token) and `GET /metrics`.
    func addHealthRoutes(to router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in
            try await health()
        }
        router.get("/metrics") { request, _ in
            if settings.metricsRequireAuth { _ = try await authenticate(request) }
            metrics.update(from: await control.status())
            var fields = HTTPFields()
            fields[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
    }

    struct HealthBody: Encodable {
        var status: String
        var checks: [String: String]
    }

    /// `ok` when the store answers and no source reports an error; `degraded` otherwise (503 when the store does
    /// not answer, since nothing can be recorded). Unauthenticated, so it names failing checks but not their
    /// error text: that is in `/api/v1/status`.
    func health() async throws -> Response {
        var checks: [String: String] = [:]
        var storeOK = true
        do {
            _ = try await store.auditHead()
            checks["store"] = "ok"
        } catch {
            storeOK = false
            checks["store"] = "unreachable"
        }
        let status = await control.status()
        for source in status.sources {
            checks["source:" + source.name] = source.lastError == nil ? "ok" : "error"
        }
        let healthy = checks.values.allSatisfy { $0 == "ok" }
        return try APIJSON.response(HealthBody(status: healthy ? "ok" : "degraded", checks: checks),
                                    status: storeOK ? .ok : .serviceUnavailable, noStore: true)
    }
}
