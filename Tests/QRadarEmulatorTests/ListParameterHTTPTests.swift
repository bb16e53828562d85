import EmulatorEngine
import QRadarEmulator
import Testing

/// `Range`, `filter`, `fields`, `sort`, and QRadar's error shape for framework errors, over HTTP.
struct ListParameterHTTPTests {
    func ids(_ reply: Reply) -> [Int64] { reply.json.arrayValue?.compactMap { $0["id"]?.intValue } ?? [] }

    @Test func rangeSlicesAndReportsContentRange() async throws {
        try await withEmulator { client, _ in
            let all = try await client.get("/api/siem/offenses")
            #expect(all.status == 200 && ids(all) == [1, 2, 3] && all.header("Content-Range") == "items 0-2/3")
            let first = try await client.get("/api/siem/offenses", headers: [("Range", "items=0-0")])
            #expect(ids(first) == [1] && first.header("Content-Range") == "items 0-0/3")
            let tail = try await client.get("/api/siem/offenses", headers: [("range", "items=1-99")])
            #expect(ids(tail) == [2, 3] && tail.header("Content-Range") == "items 1-2/3")
            let beyond = try await client.get("/api/siem/offenses", headers: [("Range", "items=3-5")])
            #expect(beyond.status == 200 && beyond.json == [] && beyond.header("Content-Range") == "items */3")
        }
    }

    @Test func malformedRangeIs422Code36() async throws {
        try await withEmulator { client, _ in
            let bad = try await client.get("/api/siem/offenses", headers: [("Range", "items=-3-2")])
            #expect(bad.status == 422 && bad.code == 36 && bad.isQRadarError)
            #expect(bad.message == "Failed to parse Range header. The syntax of the Range header must follow this pattern: items=x-y")
            #expect(bad.json["http_response"]?["message"] == "The request was well-formed but was unable to be followed due to semantic errors")
            let reversed = try await client.get("/api/siem/offenses", headers: [("Range", "items=3-0")])
            #expect(reversed.status == 422 && reversed.code == 36)
            #expect(reversed.message == "Range of pages specified in \"Range\" header is negative. Non-negative page range must be specified.")
        }
    }

    @Test func filterOnOffenses() async throws {
        try await withEmulator { client, _ in
            let jdoe = try await client.get("/api/siem/offenses?filter=" + q("offense_source = \"jdoe\" and status=OPEN"))
            #expect(ids(jdoe) == [1])
            let notIn = try await client.get("/api/siem/offenses?filter=" + q("id not in (1,2)"))
            #expect(ids(notIn) == [3])
            let fetchLoop = try await client.get("/api/siem/offenses?filter=" + q("id>1 AND (status != CLOSED)") + "&sort=%2Bid", headers: [("Range", "items=0-49")])
            #expect(ids(fetchLoop) == [2, 3])
            let rules = try await client.get("/api/siem/offenses?filter=" + q("rules contains id = 100101"))
            #expect(ids(rules) == [3])
            let closingReasons = try await client.get("/api/siem/offense_closing_reasons?filter=" + q("text=\"Non-Issue\""))
            #expect(closingReasons.json.arrayValue?.count == 1)
        }
    }

    @Test func invalidFiltersUseTheEndpointsCode() async throws {
        try await withEmulator { client, _ in
            let offenses = try await client.get("/api/siem/offenses?filter=" + q("id >"))
            #expect(offenses.status == 422 && offenses.code == 1010 && offenses.isQRadarError)
            let unknownField = try await client.get("/api/siem/offenses?filter=" + q("colour = red"))
            #expect(unknownField.status == 422 && unknownField.code == 1010)
            let statusOrdering = try await client.get("/api/siem/offenses?filter=" + q("status > OPEN"))
            #expect(statusOrdering.status == 422 && statusOrdering.code == 1010)
            let types = try await client.get("/api/siem/offense_types?filter=" + q("(id = 1"))
            #expect(types.status == 422 && types.code == 1010)
            let addresses = try await client.get("/api/siem/source_addresses?filter=" + q("id in ("))
            #expect(addresses.status == 422 && addresses.code == 1010)
            let logSources = try await client.get("/api/config/event_sources/log_source_management/log_sources?filter=" + q("name ="))
            #expect(logSources.status == 422 && logSources.code == 1001 && logSources.isQRadarError)
        }
    }

    @Test func fieldsProjectWithSubFieldsAndRejectUnknownFields() async throws {
        try await withEmulator { client, _ in
            let projected = try await client.get("/api/siem/offenses/1?fields=" + q("id,status,rules(id,type)"))
            #expect(projected.status == 200)
            #expect(projected.json == ["id": 1, "status": "OPEN", "rules": [["id": 100100, "type": "CRE_RULE"]]])
            let list = try await client.get("/api/siem/offenses?fields=" + q("id, offense_source"))
            #expect(list.json.arrayValue?.allSatisfy { Set($0.objectValue?.keys.map { $0 } ?? []) == ["id", "offense_source"] } == true)
            let unknown = try await client.get("/api/siem/offenses?fields=id,colour")
            #expect(unknown.status == 422 && unknown.code == 30 && unknown.isQRadarError)
            #expect(unknown.message == "Specified field \"colour\" is not recognized by this endpoint for media type \"application/json\"")
            let unknownOne = try await client.get("/api/siem/offenses/1?fields=colour")
            #expect(unknownOne.status == 422 && unknownOne.code == 30)
        }
    }

    @Test func sortAndInvalidSort() async throws {
        try await withEmulator { client, _ in
            let descending = try await client.get("/api/siem/offenses?sort=-id")
            #expect(ids(descending) == [3, 2, 1])
            let byCount = try await client.get("/api/siem/offenses?sort=" + q("-event_count,+id") + "&fields=id,event_count")
            let counts = byCount.json.arrayValue?.compactMap { $0["event_count"]?.intValue } ?? []
            #expect(counts == counts.sorted(by: >) && counts.count == 3)
            let invalid = try await client.get("/api/siem/offenses?sort=" + q("+colour"))
            #expect(invalid.status == 422 && invalid.code == 1030 && invalid.isQRadarError)
        }
    }

    @Test func everyErrorIsJSON() async throws {
        try await withEmulator { client, _ in
            let unknownPath = try await client.get("/api/siem/nothing_here")
            #expect(unknownPath.status == 404 && unknownPath.isQRadarError)
            #expect(unknownPath.json["http_response"]?["message"] == "We could not find the resource you requested.")
            let notAPI = try await client.get("/__emulator/nothing")
            #expect(notAPI.status == 404 && notAPI.isQRadarError)
            let wrongMethod = try await client.send(.put, "/api/siem/offenses")
            #expect(wrongMethod.status == 405 && wrongMethod.isQRadarError)
            let trace = try await client.send(.init("TRACE")!, "/api/siem/offenses")
            #expect(trace.status == 405 && trace.isQRadarError)
            let root = try await client.get("/api")
            #expect(root.status == 404 && root.isQRadarError)
            let deleteOffense = try await client.delete("/api/siem/offenses/1")
            #expect(deleteOffense.status == 405 && deleteOffense.isQRadarError)
            let html = try await client.get("/api/siem/offenses", headers: [("Accept", "text/html")])
            #expect(html.status == 406 && html.isQRadarError && html.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(html.json["http_response"]?["message"] == "Acceptance header is invalid for this endpoint resource.")
            let missing = try await client.get("/api/siem/offenses/999")
            #expect(missing.status == 404 && missing.code == 1002 && missing.isQRadarError)
            let notANumber = try await client.get("/api/siem/offenses/abc")
            #expect(notANumber.status == 422 && notANumber.isQRadarError)
            let set = try await client.get("/api/reference_data/sets/test_set")
            #expect(set.status == 404 && set.code == 1002 && set.isQRadarError)
        }
    }
}
