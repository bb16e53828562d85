import Foundation
import Synchronization
import Testing

@testable import QRadarClient

/// A fake reference-data store (QRADAR.md §5.1).
final class ReferenceSetFake: Sendable {
    struct Set {
        var elementType: String
        var timeoutType: String
        var timeToLive: String?
        var values: [String: (source: String, first: Int64, last: Int64)] = [:]
    }

    let sets = Mutex<[String: Set]>([:])
    let clock = Mutex<Int64>(1_700_000_000_000)

    func tick() -> Int64 {
        clock.withLock { value in
            value += 1000
            return value
        }
    }

    func metadata(_ name: String, _ set: Set, withData: Bool) -> String {
        var body: [String: Any] = [
            "name": name, "element_type": set.elementType, "timeout_type": set.timeoutType,
            "number_of_elements": set.values.count, "creation_time": 1_600_000_000_000,
        ]
        if let ttl = set.timeToLive { body["time_to_live"] = ttl }
        if withData {
            body["data"] = set.values.keys.sorted().map { key -> [String: Any] in
                let value = set.values[key]!
                return ["value": key, "source": value.source, "first_seen": value.first, "last_seen": value.last, "domain_id": NSNull()]
            }
        }
        return jsonText(body)
    }

    func handle(_ request: FakeRequest) -> FakeAction {
        // The raw path keeps %2F inside a name or value intact.
        let parts = request.rawPath.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard parts.count >= 3, parts[1] == "reference_data", parts[2] == "sets" else { return .qradarError(404, code: 1002, message: "no route") }
        return sets.withLock { sets -> FakeAction in
            switch (request.method, parts.count) {
            case ("POST", 3):
                guard let name = request.query("name"), let type = request.query("element_type") else {
                    return .qradarError(422, code: 8, message: "Missing required parameter")
                }
                if sets[name] != nil { return .qradarError(409, code: 1004, message: "The reference set \(name) already exists") }
                let set = Set(elementType: type, timeoutType: request.query("timeout_type") ?? "UNKNOWN", timeToLive: request.query("time_to_live"))
                sets[name] = set
                return .json(201, metadata(name, set, withData: false))
            case ("GET", 4):
                guard let set = sets[parts[3]] else { return .qradarError(404, code: 1002, message: "\(parts[3]) does not exist") }
                return .json(200, metadata(parts[3], set, withData: true))
            case ("POST", 4):
                guard var set = sets[parts[3]] else { return .qradarError(404, code: 1002, message: "\(parts[3]) does not exist") }
                guard let value = request.query("value") else { return .qradarError(422, code: 8, message: "Missing value") }
                let now = tick()
                let first = set.values[value]?.first ?? now
                set.values[value] = (request.query("source") ?? "reference data api", first, now)
                sets[parts[3]] = set
                return .json(200, metadata(parts[3], set, withData: false))
            case ("POST", 5) where parts[3] == "bulk_load":
                guard var set = sets[parts[4]] else { return .qradarError(404, code: 1002, message: "\(parts[4]) does not exist") }
                guard request.header("Content-Type") == "application/json",
                    let values = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String]
                else { return .qradarError(400, code: 1001, message: "bad JSON") }
                let now = tick()
                for value in values { set.values[value] = ("reference data api", set.values[value]?.first ?? now, now) }
                sets[parts[4]] = set
                return .json(200, metadata(parts[4], set, withData: false))
            case ("DELETE", 5):
                guard var set = sets[parts[3]] else { return .qradarError(404, code: 1002, message: "\(parts[3]) does not exist") }
                guard set.values.removeValue(forKey: parts[4]) != nil else {
                    return .qradarError(404, code: 1003, message: "\(parts[4]) is not in the set")
                }
                sets[parts[3]] = set
                return .json(200, metadata(parts[3], set, withData: false))
            default:
                return .qradarError(405, code: 0, message: "method")
            }
        }
    }
}

@Suite struct ReferenceSetTests {
    @Test func createWithTimeToLiveAddWithSourceBulkLoadAndDeleteValue() async throws {
        let fake = ReferenceSetFake()
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                let created = try await client.createReferenceSet(
                    name: "Vigil Suspects", elementType: .ip, timeoutType: .lastSeen, timeToLive: "7 days")
                #expect(created.name == "Vigil Suspects")
                #expect(created.elementType == .ip)
                #expect(created.timeoutType == .lastSeen)
                #expect(created.timeToLive == "7 days")
                let create = try #require(server.requests.last)
                #expect(create.method == "POST")
                #expect(create.path == "/api/reference_data/sets")
                #expect(create.query("name") == "Vigil Suspects")
                #expect(create.query("element_type") == "IP")
                #expect(create.query("timeout_type") == "LAST_SEEN")
                #expect(create.query("time_to_live") == "7 days")

                let afterAdd = try await client.addReferenceSetValue(name: "Vigil Suspects", value: "10.1.2.3", source: "vigil-sidecar")
                #expect(afterAdd.numberOfElements == 1)
                #expect(server.requests.last?.query("source") == "vigil-sidecar")

                let afterBulk = try await client.bulkLoadReferenceSet(name: "Vigil Suspects", values: ["10.9.9.9", "10.1.2.3", "192.0.2.1"])
                #expect(afterBulk.numberOfElements == 3)
                let bulk = try #require(server.requests.last)
                #expect(bulk.rawPath == "/api/reference_data/sets/bulk_load/Vigil%20Suspects")
                #expect(try JSONSerialization.jsonObject(with: Data(bulk.body)) as? [String] == ["10.9.9.9", "10.1.2.3", "192.0.2.1"])

                let full = try await client.referenceSet(name: "Vigil Suspects")
                #expect(full.data?.map(\.value).sorted() == ["10.1.2.3", "10.9.9.9", "192.0.2.1"])
                #expect(full.data?.first { $0.value == "10.1.2.3" }?.source == "reference data api", "bulk load refreshed it")

                let afterDelete = try await client.deleteReferenceSetValue(name: "Vigil Suspects", value: "10.9.9.9")
                #expect(afterDelete.numberOfElements == 2)
                #expect(server.requests.last?.method == "DELETE")
                #expect(server.requests.last?.rawPath == "/api/reference_data/sets/Vigil%20Suspects/10.9.9.9")

                do {
                    _ = try await client.deleteReferenceSetValue(name: "Vigil Suspects", value: "10.9.9.9")
                    Issue.record("expected 404/1003")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == 404)
                    #expect(error.code == 1003)
                }
            }
        }
    }

    @Test func valuesWithSlashesAreOneSegment() async throws {
        let fake = ReferenceSetFake()
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                try await client.createReferenceSet(name: "Paths", elementType: .alphanumeric)
                try await client.addReferenceSetValue(name: "Paths", value: "/etc/passwd")
                let set = try await client.deleteReferenceSetValue(name: "Paths", value: "/etc/passwd")
                #expect(set.numberOfElements == 0)
                #expect(server.requests.last?.rawPath == "/api/reference_data/sets/Paths/%2Fetc%2Fpasswd")
            }
        }
    }

    @Test func creatingAnExistingSetIs409() async throws {
        let fake = ReferenceSetFake()
        try await FakeQRadarServer.with(handler: { fake.handle($0) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                try await client.createReferenceSet(name: "S", elementType: .numeric)
                do {
                    try await client.createReferenceSet(name: "S", elementType: .numeric)
                    Issue.record("expected 409")
                } catch let error as QRadarAPIError {
                    #expect(error.httpStatus == 409)
                    #expect(error.code == 1004)
                }
            }
        }
    }

    @Test func createLostAfterApplyingReturnsTheSetInsteadOf409() async throws {
        let fake = ReferenceSetFake()
        let dropped = Mutex(false)
        try await FakeQRadarServer.with(handler: { request in
            let action = fake.handle(request)
            if request.method == "POST", request.path == "/api/reference_data/sets" {
                let first = dropped.withLock { flag in
                    defer { flag = true }
                    return !flag
                }
                if first { return .dropConnection }
            }
            return action
        }) { server in
            let client = try makeClient(port: server.port)
            let set = try await withClient(client) { try await $0.createReferenceSet(name: "Once", elementType: .alphanumericIgnoreCase) }
            #expect(set.name == "Once")
            #expect(set.elementType == .alphanumericIgnoreCase)
            #expect(server.requests.map(\.method) == ["POST", "GET"])
        }
    }

    @Test func addValueIsRetriedBlindlyAfterALostAnswer() async throws {
        let fake = ReferenceSetFake()
        let drops = Mutex(0)
        try await FakeQRadarServer.with(handler: { request in
            let action = fake.handle(request)
            if request.method == "POST", request.query("value") != nil {
                let count = drops.withLock { value in
                    value += 1
                    return value
                }
                if count == 1 { return .dropConnection }
            }
            return action
        }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                try await client.createReferenceSet(name: "U", elementType: .alphanumeric)
                let set = try await client.addReferenceSetValue(name: "U", value: "x")
                #expect(set.numberOfElements == 1, "an upsert applied twice is still one value")
            }
            #expect(server.requests.filter { $0.query("value") == "x" }.count == 2)
        }
    }
}
