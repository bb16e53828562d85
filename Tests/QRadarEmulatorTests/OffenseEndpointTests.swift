import EmulatorEngine
import QRadarEmulator
import Testing

/// `/siem`: offense updates (query, form body, ignored JSON body), notes, closing reasons, types, addresses.
struct OffenseEndpointTests {
    @Test func closeWithQueryParameters() async throws {
        try await withEmulator { client, _ in
            let closed = try await client.post("/api/siem/offenses/1?status=CLOSED&closing_reason_id=2")
            #expect(closed.status == 200)
            #expect(closed.json["status"] == "CLOSED")
            #expect(closed.json["closing_reason_id"] == 2)
            #expect(closed.json["closing_user"] == "API_user: vigil")
            #expect(closed.json["close_time"]?.intValue != nil)
            let reread = try await client.get("/api/siem/offenses/1?fields=status")
            #expect(reread.json == ["status": "CLOSED"])
            let open = try await client.get("/api/siem/offenses?filter=" + q("status=OPEN") + "&fields=id")
            #expect(open.json == [["id": 2], ["id": 3]])
        }
    }

    @Test func updateWithAFormBody() async throws {
        try await withEmulator { client, _ in
            let reply = try await client.post(
                "/api/siem/offenses/2",
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: "assigned_to=admin&follow_up=True&protected=true"
            )
            #expect(reply.status == 200)
            #expect(reply.json["assigned_to"] == "admin")
            #expect(reply.json["follow_up"] == true)
            #expect(reply.json["protected"] == true)
        }
    }

    @Test func anUnexpectedJSONBodyIsIgnoredAsQRadarDoes() async throws {
        try await withEmulator { client, _ in
            // Ansible's helper sends its module parameters as a JSON body as well as in the query string.
            let reply = try await client.post(
                "/api/siem/offenses/3?status=HIDDEN",
                headers: [("Content-Type", "application/json"), ("Version", "9.1")],
                body: #"{"status": "CLOSED", "closing_reason_id": 1, "assigned_to": "nobody"}"#
            )
            #expect(reply.status == 200)
            #expect(reply.json["status"] == "HIDDEN")
            #expect(reply.json["assigned_to"]?.isNull == true)
            #expect(reply.json["closing_reason_id"]?.isNull == true)
        }
    }

    @Test func updateValidation() async throws {
        try await withEmulator { client, _ in
            let noReason = try await client.post("/api/siem/offenses/1?status=CLOSED")
            #expect(noReason.status == 422 && noReason.code == 1005 && noReason.isQRadarError)
            #expect(noReason.message == "closing_reason_id must be provided when closing an offense.")
            #expect(noReason.json["description"] == "A request parameter is not valid.")
            let badStatus = try await client.post("/api/siem/offenses/1?status=DONE")
            #expect(badStatus.status == 422 && badStatus.code == 11)
            #expect(badStatus.message == "Failed to transform user query parameter \"status\" with a content type of \"TEXT_PLAIN\"")
            let badBool = try await client.post("/api/siem/offenses/1?follow_up=maybe")
            #expect(badBool.status == 422 && badBool.code == 11)
            let missing = try await client.post("/api/siem/offenses/77?status=HIDDEN")
            #expect(missing.status == 404 && missing.code == 1002)
        }
    }

    @Test func notesAreCreatedWith201AndListed() async throws {
        try await withEmulator { client, _ in
            let created = try await client.post("/api/siem/offenses/1/notes?note_text=" + q("First look: travel from two countries"))
            #expect(created.status == 201)
            let noteID = try #require(created.json["id"]?.intValue)
            #expect(created.json["create_time"]?.intValue != nil)
            let viaForm = try await client.post(
                "/api/siem/offenses/1/notes", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: "note_text=" + q("second & last")
            )
            #expect(viaForm.status == 201 && viaForm.json["note_text"] == "second & last")
            let list = try await client.get("/api/siem/offenses/1/notes")
            #expect(list.status == 200 && list.json.arrayValue?.count == 2)
            let filtered = try await client.get("/api/siem/offenses/1/notes?filter=" + q("note_text=\"second & last\""))
            #expect(filtered.json.arrayValue?.count == 1)
            let one = try await client.get("/api/siem/offenses/1/notes/\(noteID)")
            #expect(one.status == 200 && one.json["note_text"] == "First look: travel from two countries")
            let missingText = try await client.post("/api/siem/offenses/1/notes")
            #expect(missingText.status == 422 && missingText.code == 8 && missingText.isQRadarError)
            #expect(missingText.message == "Missing required parameter \"note_text\" from query parameters")
            let emptyText = try await client.post("/api/siem/offenses/1/notes?note_text=")
            #expect(emptyText.status == 422 && emptyText.code == 8)
            let noOffense = try await client.post("/api/siem/offenses/404/notes?note_text=x")
            #expect(noOffense.status == 404)
        }
    }

    @Test func closingReasons() async throws {
        try await withEmulator(events: nil) { client, _ in
            let stock = try await client.get("/api/siem/offense_closing_reasons")
            #expect(stock.status == 200)
            let texts = stock.json.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
            #expect(texts.contains("Non-Issue") && texts.contains("False-Positive, Tuned"))
            let created = try await client.post("/api/siem/offense_closing_reasons?reason=" + q("Vigil: benign, confirmed"))
            #expect(created.status == 201)
            let id = try #require(created.json["id"]?.intValue)
            let one = try await client.get("/api/siem/offense_closing_reasons/\(id)")
            #expect(one.status == 200 && one.json["text"] == "Vigil: benign, confirmed")
            let duplicate = try await client.post("/api/siem/offense_closing_reasons?reason=" + q("Vigil: benign, confirmed"))
            #expect(duplicate.status == 409 && duplicate.code == 1004)
            let missing = try await client.post("/api/siem/offense_closing_reasons")
            #expect(missing.status == 422 && missing.code == 8)
        }
    }

    @Test func offenseTypesAndAddresses() async throws {
        try await withEmulator { client, _ in
            let types = try await client.get("/api/siem/offense_types?filter=" + q("id in (0, 3)") + "&sort=%2Bid")
            #expect(types.json.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Source IP", "Username"])
            let username = try await client.get("/api/siem/offense_types/3")
            #expect(username.json["property_name"]?.stringValue?.lowercased() == "username")
            let sources = try await client.get("/api/siem/source_addresses?fields=id,source_ip")
            #expect(sources.status == 200, "\(sources.text)")
            let ips = sources.json.arrayValue?.compactMap { $0["source_ip"]?.stringValue } ?? []
            #expect(ips.contains("10.1.2.3"))
            if let first = sources.json.arrayValue?.first?["id"]?.intValue {
                let one = try await client.get("/api/siem/source_addresses/\(first)")
                #expect(one.status == 200 && one.json["id"]?.intValue == first)
            }
            let destinations = try await client.get("/api/siem/local_destination_addresses")
            #expect(destinations.status == 200 && destinations.header("Content-Range") != nil)
        }
    }
}
