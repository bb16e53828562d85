import EmulatorEngine
import QRadarEmulator
import Testing

/// The Ariel search lifecycle over HTTP (QRADAR.md §3).
struct ArielEndpointTests {
    @Test func searchLifecycleWithQueryParameter() async throws {
        try await withEmulator { client, _ in
            let created = try await client.post("/api/ariel/searches?query_expression=" + q("SELECT username, sourceip FROM events WHERE username = 'jdoe' LAST 1 HOURS"))
            #expect(created.status == 201)
            let id = try #require(created.json["search_id"]?.stringValue)
            #expect(created.json["cursor_id"]?.stringValue == id)
            #expect(["WAIT", "EXECUTE", "SORTING", "COMPLETED"].contains(created.json["status"]?.stringValue ?? ""))
            let list = try await client.get("/api/ariel/searches")
            #expect(list.json.arrayValue?.contains(.string(id)) == true)

            let status = try await client.get("/api/ariel/searches/\(id)", headers: [("Prefer", "wait=5")])
            #expect(status.status == 200)
            #expect(status.json["status"] == "COMPLETED" && status.json["completed"] == true)
            #expect(status.json["record_count"] == 2)

            let results = try await client.get("/api/ariel/searches/\(id)/results", headers: [("Accept", "application/json")])
            #expect(results.status == 200)
            let rows = try #require(results.json["events"]?.arrayValue)
            #expect(rows.count == 2 && rows.allSatisfy { $0["username"] == "jdoe" && $0["sourceip"] == "10.1.2.3" })
            #expect(results.header("Content-Range") == "items 0-1/2")

            let page = try await client.get("/api/ariel/searches/\(id)/results", headers: [("Range", "items=1-1")])
            #expect(page.json["events"]?.arrayValue?.count == 1 && page.header("Content-Range") == "items 1-1/2")
            let pastEnd = try await client.get("/api/ariel/searches/\(id)/results", headers: [("Range", "items=5-9")])
            #expect(pastEnd.json["events"] == [] && pastEnd.header("Content-Range") == "items */2")

            let csv = try await client.get("/api/ariel/searches/\(id)/results", headers: [("Accept", "application/csv")])
            #expect(csv.status == 200 && csv.header("Content-Type")?.hasPrefix("application/csv") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 3 && lines.first?.lowercased() == "username,sourceip")

            let metadata = try await client.get("/api/ariel/searches/\(id)/metadata")
            #expect(metadata.status == 200 && (metadata.json["columns"]?.arrayValue?.count ?? 0) == 2)

            let deleted = try await client.delete("/api/ariel/searches/\(id)")
            #expect(deleted.status == 202 && deleted.json["search_id"]?.stringValue == id)
            let gone = try await client.get("/api/ariel/searches/\(id)")
            #expect(gone.status == 404 && gone.code == 1002 && gone.isQRadarError)
        }
    }

    @Test func searchCreatedFromAFormBodyAsStixShifterSendsIt() async throws {
        try await withEmulator { client, _ in
            let created = try await client.send(
                .post, "/api/ariel/searches",
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("version", "8.0"), ("accept", "application/json")],
                body: "query_expression=" + q("SELECT * FROM flows LAST 10 MINUTES")
            )
            #expect(created.status == 201)
            let id = try #require(created.json["search_id"]?.stringValue)
            _ = try await client.get("/api/ariel/searches/\(id)", headers: [("Prefer", "wait=5")])
            let results = try await client.get("/api/ariel/searches/\(id)/results")
            #expect(results.json["flows"]?.arrayValue?.count == 1)
        }
    }

    @Test func createValidation() async throws {
        try await withEmulator(events: nil) { client, _ in
            let neither = try await client.post("/api/ariel/searches")
            #expect(neither.status == 422 && neither.code == 1005 && neither.message == "Exactly one parameter is required.")
            let both = try await client.post("/api/ariel/searches?query_expression=" + q("SELECT * FROM events") + "&saved_search_id=3")
            #expect(both.status == 422 && both.code == 1005)
            let badAQL = try await client.post("/api/ariel/searches?query_expression=" + q("SELEKT nothing"))
            #expect(badAQL.status == 422 && badAQL.code == 2000 && badAQL.isQRadarError)
            let validator = try await client.post("/api/ariel/validators/aql?query_expression=" + q("SELECT * FROM events LAST 5 MINUTES"))
            #expect(validator.status == 200)
            let missingID = try await client.get("/api/ariel/searches/00000000-0000-0000-0000-000000000000/results")
            #expect(missingID.status == 404 && missingID.code == 1002)
        }
    }

    @Test func slowSearchAnswers206AndResultsAre404Code1003WhileRunning() async throws {
        var configuration = testConfiguration()
        configuration.searchTiming = SearchTiming(minimumExecuteMillis: 3_600_000)
        try await withEmulator(configuration) { client, _ in
            let created = try await client.post("/api/ariel/searches?query_expression=" + q("SELECT * FROM events LAST 1 HOURS"))
            let id = try #require(created.json["search_id"]?.stringValue)
            let waited = try await client.get("/api/ariel/searches/\(id)", headers: [("Prefer", "wait=1")])
            #expect(waited.status == 206)
            #expect(waited.json["completed"] == false)
            let results = try await client.get("/api/ariel/searches/\(id)/results")
            #expect(results.status == 404 && results.code == 1003 && results.isQRadarError)
            let canceled = try await client.post("/api/ariel/searches/\(id)?status=CANCELED")
            #expect(canceled.status == 200 && canceled.json["status"] == "CANCELED")
            let badStatus = try await client.post("/api/ariel/searches/\(id)?status=PAUSED")
            #expect(badStatus.status == 422 && badStatus.code == 11)
        }
    }

    @Test func databases() async throws {
        try await withEmulator(events: nil) { client, _ in
            let all = try await client.get("/api/ariel/databases")
            #expect(all.json == ["events", "flows"])
            let filtered = try await client.get("/api/ariel/databases?filter=" + q(".= events"))
            #expect(filtered.json == ["events"])
            let columns = try await client.get("/api/ariel/databases/events")
            let names = columns.json["columns"]?.arrayValue?.compactMap { $0["name"]?.stringValue.map { $0.lowercased() } } ?? []
            #expect(names.contains("sourceip") && names.contains("username"))
            let none = try await client.get("/api/ariel/databases/nope")
            #expect(none.status == 404 && none.isQRadarError)
        }
    }
}
