import Testing
@testable import EmulatorEngine

@Suite struct ReferenceSetTests {
    @Test func elementTypesAreValidated() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let cases: [(String, [String], [String])] = [
            ("IP", ["10.0.0.1", "2001:db8::1"], ["10.0.0.300", "host.example"]),
            ("NUM", ["42", "-3.5"], ["forty-two"]),
            ("PORT", ["0", "65535"], ["65536", "-1", "http"]),
            ("DATE", ["1706695200000"], ["2024-01-31"]),
            ("CIDR", ["10.0.0.0/8", "2001:db8::/32"], ["10.0.0.0/33", "10.0.0.1"]),
            ("ALN", ["anything at all"], []),
        ]
        for (type, good, bad) in cases {
            let name = "set-\(type)"
            let created = try engine.createReferenceSet(name: name, elementType: type, timeoutType: nil, timeToLive: nil)
            #expect(created["element_type"] == .string(type))
            #expect(created["timeout_type"] == "UNKNOWN")
            #expect(created["number_of_elements"] == 0)
            #expect(created["creation_time"] == .int(baseTime))
            for v in good { _ = try engine.addToReferenceSet(name: name, value: v, source: nil) }
            for v in bad {
                #expect(engineError { try engine.addToReferenceSet(name: name, value: v, source: nil) }?.pair == [422, 1005])
            }
            #expect(try engine.referenceSet(name: name)["number_of_elements"] == .int(Int64(good.count)))
        }
    }

    @Test func createErrors() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        _ = try engine.createReferenceSet(name: "Email Servers", elementType: "IP", timeoutType: nil, timeToLive: nil)
        #expect(engineError { try engine.createReferenceSet(name: "Email Servers", elementType: "IP", timeoutType: nil, timeToLive: nil) }?.pair == [409, 1004])
        #expect(engineError { try engine.createReferenceSet(name: "x", elementType: "BLOB", timeoutType: nil, timeToLive: nil) }?.pair == [422, 11])
        #expect(engineError { try engine.createReferenceSet(name: "x", elementType: "IP", timeoutType: "SOMETIMES", timeToLive: nil) }?.pair == [422, 11])
        #expect(engineError { try engine.createReferenceSet(name: "", elementType: "IP", timeoutType: nil, timeToLive: nil) }?.pair == [422, 8])
        #expect(engineError { try engine.createReferenceSet(name: "x", elementType: "IP", timeoutType: nil, timeToLive: "soon") }?.pair == [422, 1005])
        #expect(engineError { try engine.referenceSet(name: "missing") }.map { [$0.httpStatus, $0.code] } == [404, 1002])
        #expect(engineError { try engine.referenceSet(name: "missing") }?.message == "missing does not exist")
        #expect(engine.referenceSets().map { $0["name"] } == ["Email Servers"])
        #expect(engine.referenceSets().first?["data"] == nil)
    }

    @Test func upsertKeepsFirstSeenAndRefreshesLastSeen() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        _ = try engine.createReferenceSet(name: "Users", elementType: "ALNIC", timeoutType: nil, timeToLive: nil)
        _ = try engine.addToReferenceSet(name: "Users", value: "JDoe", source: "vigil")
        clock.advance(1_000)
        let meta = try engine.addToReferenceSet(name: "Users", value: "jdoe", source: nil)
        #expect(meta["number_of_elements"] == 1)
        #expect(meta["data"] == nil)
        let set = try engine.referenceSet(name: "Users")
        let item = try #require(set["data"]?.arrayValue?.first)
        #expect(item["value"] == "JDoe")
        #expect(item["first_seen"] == .int(baseTime))
        #expect(item["last_seen"] == .int(baseTime + 1_000))
        #expect(item["source"] == "reference data api")
        #expect(item["domain_id"] == .null)
        #expect(item.objectKeys == ["value", "source", "first_seen", "last_seen", "domain_id"])
        // ALNIC compares case-insensitively, in AQL too.
        _ = try engine.load(jsonLines: #"{"starttime": \#(baseTime), "username": "jdoe", "sourceip": "10.0.0.1"}"#)
        let id = try #require(try engine.createSearch(queryExpression: "SELECT username FROM events WHERE REFERENCESETCONTAINS('Users', username) LAST 1 HOURS")["search_id"]?.stringValue)
        _ = try engine.search(id: id)
        #expect(try engine.searchResults(id: id).rows.count == 1)
        _ = try engine.deleteReferenceSetValue(name: "Users", value: "JDOE")
        #expect(try engine.referenceSet(name: "Users")["number_of_elements"] == 0)
        #expect(engineError { try engine.deleteReferenceSetValue(name: "Users", value: "jdoe") }?.pair == [404, 1003])
        #expect(engineError { try engine.deleteReferenceSetValue(name: "Nope", value: "jdoe") }?.pair == [404, 1002])
    }

    @Test func timeToLiveExpiresByFirstOrLastSeen() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        let first = try engine.createReferenceSet(name: "First", elementType: "IP", timeoutType: "FIRST_SEEN", timeToLive: "5 minutes")
        #expect(first["time_to_live"] == "0 years 0 mons 0 days 0 hours 5 mins 0.00 secs")
        _ = try engine.createReferenceSet(name: "Last", elementType: "IP", timeoutType: "LAST_SEEN", timeToLive: "5 minutes")
        for set in ["First", "Last"] { _ = try engine.addToReferenceSet(name: set, value: "192.0.2.1", source: nil) }
        clock.advance(4 * 60_000)
        for set in ["First", "Last"] { _ = try engine.addToReferenceSet(name: set, value: "192.0.2.1", source: nil) }
        clock.advance(2 * 60_000)
        // 6 minutes after first sight, 2 minutes after the last.
        #expect(try engine.referenceSet(name: "First")["number_of_elements"] == 0)
        #expect(try engine.referenceSet(name: "First")["data"] == [])
        #expect(try engine.referenceSet(name: "Last")["number_of_elements"] == 1)
        clock.advance(4 * 60_000)
        #expect(try engine.referenceSet(name: "Last")["number_of_elements"] == 0)
    }

    @Test func intervalParsing() {
        #expect(QRadarInterval(parsing: "1 month")?.millis == Int64(30) * 86_400_000)
        #expect(QRadarInterval(parsing: "2 hours")?.millis == Int64(7_200_000))
        #expect(QRadarInterval(parsing: "3 years 3 mons 1 days 0 hours 10 mins 2.00 secs")?.text == "3 years 3 mons 1 days 0 hours 10 mins 2.00 secs")
        #expect(QRadarInterval(parsing: "1 week")?.millis == Int64(7) * 86_400_000)
        #expect(QRadarInterval(parsing: "five minutes") == nil)
        #expect(QRadarInterval(parsing: "0 minutes") == nil)
    }

    @Test func deleteAndPurgeReturnCompletedTasks() throws {
        let clock = TestClock(baseTime)
        let engine = try makeEngine(clock)
        _ = try engine.createReferenceSet(name: "Ports", elementType: "PORT", timeoutType: nil, timeToLive: nil)
        let bulk = try engine.bulkLoadReferenceSet(name: "Ports", values: ["22", "443", "3389"])
        #expect(bulk["number_of_elements"] == 3)
        #expect(engineError { try engine.bulkLoadReferenceSet(name: "Ports", values: ["80", "http"]) }?.pair == [422, 1005])
        #expect(try engine.referenceSet(name: "Ports")["number_of_elements"] == 3)
        let purge = try engine.deleteReferenceSet(name: "Ports", purgeOnly: true)
        #expect(purge["status"] == "COMPLETED")
        #expect(purge["name"] == "Reference Data Deletion Task")
        #expect(try engine.referenceSet(name: "Ports")["number_of_elements"] == 0)
        let delete = try engine.deleteReferenceSet(name: "Ports", purgeOnly: false)
        let taskID = try #require(delete["id"]?.intValue)
        #expect(try engine.task(id: taskID) == delete)
        #expect(engineError { try engine.referenceSet(name: "Ports") }?.pair == [404, 1002])
        #expect(engineError { try engine.deleteReferenceSet(name: "Ports", purgeOnly: false) }?.pair == [404, 1002])
        #expect(engineError { try engine.task(id: 999) }?.pair == [404, 1002])
    }
}
