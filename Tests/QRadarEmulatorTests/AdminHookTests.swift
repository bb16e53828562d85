import EmulatorEngine
import QRadarEmulator
import Testing

/// The emulator-only `/__emulator` hooks and the asset model they feed.
struct AdminHookTests {
    @Test func loadJSONLAndLEEFThroughTheHook() async throws {
        try await withEmulator(events: nil) { client, _ in
            let loaded = try await client.post("/__emulator/load?format=jsonl", body: seedEvents)
            #expect(loaded.status == 200)
            #expect(loaded.json["events"] == 9 && loaded.json["flows"] == 1 && loaded.json["rejected"] == 0)
            let leef = "<13>Nov 22 08:00:00 sidecar LEEF:2.0|Vigil|Sidecar|1.0|AIFinding|^|usrName=zed^src=10.9.8.7\nnot leef\n"
            let sniffed = try await client.post("/__emulator/load", body: leef)
            #expect(sniffed.json["events"] == 1 && sniffed.json["rejected"] == 1)
            #expect(sniffed.json["errors"]?.arrayValue?.count == 1)
            let offenses = try await client.get("/api/siem/offenses?fields=offense_source")
            let sources = Set(offenses.json.arrayValue?.compactMap { $0["offense_source"]?.stringValue } ?? [])
            #expect(sources == ["jdoe", "asmith", "mallory", "zed"])
            let badFormat = try await client.post("/__emulator/load?format=xml", body: "x")
            #expect(badFormat.status == 422 && badFormat.code == 11)
            let unauthenticated = try await client.send(.post, "/__emulator/load", authenticated: false, body: seedEvents)
            #expect(unauthenticated.status == 401 && unauthenticated.code == 18)
            let stats = try await client.get("/__emulator/stats")
            #expect(stats.json["engine"]?["events"] == 10)
        }
    }

    @Test func assetsAreFilterableLikeDemistosEnrichmentLookup() async throws {
        try await withEmulator(events: nil) { client, _ in
            let assets = """
            [{"interfaces": [{"mac_address": "00:11:22:33:44:55", "ip_addresses": [{"value": "10.1.2.3", "type": "IPV4"}]}],
              "hostnames": [{"name": "ws-jdoe", "type": "DNS"}]},
             {"interfaces": [{"ip_addresses": [{"value": "10.1.4.7", "type": "IPV4"}]}], "hostnames": [{"name": "ws-asmith", "type": "DNS"}]}]
            """
            let stored = try await client.post("/__emulator/assets", headers: [("Content-Type", "application/json")], body: assets)
            #expect(stored.status == 200 && stored.json["stored"] == 2)
            let filter = "interfaces contains ip_addresses contains value = \"10.1.4.7\" or interfaces contains ip_addresses contains value = \"10.99.0.1\""
            let found = try await client.get("/api/asset_model/assets?filter=" + q(filter))
            #expect(found.status == 200)
            let names = found.json.arrayValue?.compactMap { $0["hostnames"]?.arrayValue?.first?["name"]?.stringValue } ?? []
            #expect(names == ["ws-asmith"])
            let notJSON = try await client.post("/__emulator/assets", headers: [("Content-Type", "application/json")], body: "{oops")
            #expect(notJSON.status == 400 && notJSON.isQRadarError)
        }
    }
}
