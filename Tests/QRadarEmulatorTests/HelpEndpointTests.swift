import EmulatorEngine
import QRadarEmulator
import Testing

/// `/help/*`, which the PyPI `qradar` client reads to build its method table.
struct HelpEndpointTests {
    @Test func endpointsListExactlyWhatIsServed() async throws {
        try await withEmulator(events: nil) { client, api in
            // The exact request the PyPI `qradar` client sends at start-up.
            let reply = try await client.get("/api/help/endpoints?filter=" + q("version=26.0") + "&fields=" + q("http_method, path"))
            #expect(reply.status == 200)
            let listed = Set(reply.json.arrayValue?.compactMap { e -> String? in
                guard let m = e["http_method"]?.stringValue, let p = e["path"]?.stringValue, e.objectValue?.count == 2 else { return nil }
                return "\(m) \(p)"
            } ?? [])
            #expect(listed.contains("GET /siem/offenses") && listed.contains("POST /ariel/searches"))
            #expect(listed.contains("POST /reference_data/sets/bulk_load/{name}"))
            #expect(listed.contains("GET /system/servers"))
            #expect(listed.count == reply.json.arrayValue?.count)

            // Every listed endpoint answers something other than 404/405 for its own method (auth and routing).
            for entry in listed {
                let parts = entry.split(separator: " ", maxSplits: 1)
                let path = String(parts[1]).replacingBraces()
                let method = String(parts[0])
                let r = try await client.send(.init(method)!, "/api" + path)
                #expect(r.status != 404 || r.code != 9, "\(entry) is not routed")
                #expect(r.status != 405, "\(entry) is not routed for its method")
                #expect(r.header("Content-Type")?.hasPrefix("application/") == true, "\(entry)")
            }
        }
    }

    @Test func endpointDocumentationCarriesParametersAndResponses() async throws {
        try await withEmulator(events: nil) { client, _ in
            let reply = try await client.get("/api/help/endpoints?filter=" + q("version = \"26.0\" and path = \"/siem/offenses/{offense_id}\" and http_method = POST"))
            let doc = try #require(reply.json.arrayValue?.first)
            #expect(reply.json.arrayValue?.count == 1)
            let params = doc["parameters"]?.arrayValue?.compactMap { $0["parameter_name"]?.stringValue } ?? []
            #expect(params.contains("status") && params.contains("closing_reason_id") && params.contains("offense_id"))
            let types = doc["parameters"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(types.contains("PATH") && types.contains("QUERY"))
            #expect(doc["success_responses"]?.arrayValue?.first?["response_code"] == 200)
            let errorCodes = doc["error_responses"]?.arrayValue?.compactMap { $0["unique_code"]?.intValue } ?? []
            #expect(errorCodes.contains(1008) && errorCodes.contains(1002))
            let id = try #require(doc["id"]?.intValue)
            let one = try await client.get("/api/help/endpoints/\(id)")
            #expect(one.json == doc)
        }
    }

    @Test func versionsAndResources() async throws {
        try await withEmulator(events: nil) { client, _ in
            let versions = try await client.get("/api/help/versions?filter=" + q("removed = false"))
            let names = versions.json.arrayValue?.compactMap { $0["version"]?.stringValue } ?? []
            #expect(names.contains("6.0") && names.contains("26.0") && names.contains("27.0") && !names.contains("3.0"))
            let resources = try await client.get("/api/help/resources?filter=" + q("version = \"26.0\" and path = \"/siem/offenses\""))
            let resource = try #require(resources.json.arrayValue?.first)
            #expect(resource["resource"] == "offenses")
            #expect((resource["endpoint_ids"]?.arrayValue?.count ?? 0) == 1)
            #expect((resource["child_resource_ids"]?.arrayValue?.count ?? 0) == 1)
        }
    }

    @Test func systemServersAnswersForPyQRadarsLoginCheck() async throws {
        try await withEmulator(events: nil) { client, _ in
            let servers = try await client.get("/api/system/servers", headers: [("Version", "7.0")])
            #expect(servers.status == 200 && servers.json.arrayValue?.first?["status"] == "ACTIVE")
        }
    }
}

extension String {
    /// `/siem/offenses/{offense_id}` → `/siem/offenses/1`.
    func replacingBraces() -> String {
        var out = ""
        var inside = false
        for c in self {
            if c == "{" { inside = true; out += "1"; continue }
            if c == "}" { inside = false; continue }
            if !inside { out.append(c) }
        }
        return out
    }
}
