import EmulatorEngine
import QRadarEmulator
import Testing

/// Reference sets: create, add, page, bulk load, delete values and sets, deletion tasks (QRADAR.md §5.1).
struct ReferenceDataEndpointTests {
    @Test func referenceSetLifecycle() async throws {
        try await withEmulator(events: nil) { client, _ in
            let name = "Vigil Suspect IPs"
            let path = "/api/reference_data/sets/" + q(name)
            let created = try await client.post("/api/reference_data/sets?name=" + q(name) + "&element_type=IP&timeout_type=LAST_SEEN&time_to_live=" + q("1 month"))
            #expect(created.status == 201)
            #expect(created.json["name"]?.stringValue == name && created.json["element_type"] == "IP" && created.json["number_of_elements"] == 0)
            let duplicate = try await client.post("/api/reference_data/sets?name=" + q(name) + "&element_type=IP")
            #expect(duplicate.status == 409 && duplicate.code == 1004)

            let added = try await client.post(path + "?value=10.1.2.3&source=vigil")
            #expect(added.status == 200 && added.json["number_of_elements"] == 1)
            let again = try await client.post(path + "?value=10.1.2.3")
            #expect(again.status == 200 && again.json["number_of_elements"] == 1)

            let bulk = try await client.post(
                "/api/reference_data/sets/bulk_load/" + q(name),
                headers: [("Content-Type", "application/json"), ("fields", "name,number_of_elements")],
                body: #"["10.1.2.4", "10.1.2.5", "10.1.2.6"]"#
            )
            #expect(bulk.status == 200)
            #expect(bulk.json == ["name": .string(name), "number_of_elements": 4])

            let whole = try await client.get(path)
            let values = whole.json["data"]?.arrayValue?.compactMap { $0["value"]?.stringValue }.sorted() ?? []
            #expect(values == ["10.1.2.3", "10.1.2.4", "10.1.2.5", "10.1.2.6"])
            #expect(whole.json["data"]?.arrayValue?.first?["source"] != nil)
            let page = try await client.get(path, headers: [("Range", "items=0-1")])
            #expect(page.json["data"]?.arrayValue?.count == 2 && page.header("Content-Range") == "items 0-1/4")

            let listed = try await client.get("/api/reference_data/sets?filter=" + q("name = \"\(name)\""))
            #expect(listed.json.arrayValue?.count == 1 && listed.json.arrayValue?.first?["data"] == nil)

            let removed = try await client.delete(path + "/" + q("10.1.2.4"))
            #expect(removed.status == 200 && removed.json["number_of_elements"] == 3)
            let notThere = try await client.delete(path + "/" + q("10.9.9.9"))
            #expect(notThere.status == 404 && notThere.code == 1003 && notThere.isQRadarError)

            let deletion = try await client.delete(path)
            #expect(deletion.status == 202)
            let taskID = try #require(deletion.json["id"]?.intValue)
            #expect(deletion.header("Location") == "/api/system/task_management/tasks/\(taskID)")
            let task = try await client.get("/api/system/task_management/tasks/\(taskID)")
            #expect(task.status == 200 && task.json["id"]?.intValue == taskID && task.json["status"]?.stringValue != nil)
        }
    }

    @Test func createValidationAndBodies() async throws {
        try await withEmulator(events: nil) { client, _ in
            let noName = try await client.post("/api/reference_data/sets")
            #expect(noName.status == 422 && noName.code == 8 && noName.message == "Missing required parameter \"name\" from query parameters")
            let noType = try await client.post("/api/reference_data/sets?name=x")
            #expect(noType.status == 422 && noType.code == 8 && noType.message == "Missing required parameter \"element_type\" from query parameters")
            let badType = try await client.post("/api/reference_data/sets?name=x&element_type=TEXT")
            #expect(badType.status == 422 && badType.code == 11)
            let badTimeout = try await client.post("/api/reference_data/sets?name=x&element_type=ALN&timeout_type=SOMETIMES")
            #expect(badTimeout.status == 422 && badTimeout.code == 11)
            _ = try await client.post("/api/reference_data/sets?name=x&element_type=ALN")
            let noBody = try await client.post("/api/reference_data/sets/bulk_load/x", headers: [("Content-Type", "application/json")])
            #expect(noBody.status == 422 && noBody.code == 10)
            let badJSON = try await client.post("/api/reference_data/sets/bulk_load/x", headers: [("Content-Type", "application/json")], body: "[1,")
            #expect(badJSON.status == 400 && badJSON.isQRadarError)
            let noValue = try await client.post("/api/reference_data/sets/x")
            #expect(noValue.status == 422 && noValue.code == 8 && noValue.message == "Missing required parameter \"value\" from query parameters")
            let tenant = try await client.get("/api/reference_data/sets/x?namespace=TENANT")
            #expect(tenant.status == 422 && tenant.code == 1012)
            let missingSet = try await client.post("/api/reference_data/sets/bulk_load/none", headers: [("Content-Type", "application/json")], body: "[\"a\"]")
            #expect(missingSet.status == 404 && missingSet.code == 1002)
        }
    }
}
