import Analytics
@testable import Evaluation
import Testing
import VigilCore

@Suite struct JSONAndHRFeedTests {
    @Test func jsonRoundTrip() throws {
        let v = JSONValue.object([("a", .number(1.5)), ("b", .array([.string("x\"y\n"), .bool(true), .null])), ("c", .number(3))])
        let text = v.serialized(indent: nil)
        #expect(text == #"{"a":1.5,"b":["x\"y\n",true,null],"c":3}"#)
        let parsed = try #require(JSONValue.parse(text))
        #expect(parsed == v)
        #expect(JSONValue.parse(#"{"a": [1, 2,]}"#) == nil)
        #expect(JSONValue.parse(#"{"u": "\u00e9\ud83d\ude00"}"#)?["u"]?.string == "é😀")
    }

    @Test func hrChangesBecomeDatedFacts() throws {
        let json = try #require(JSONValue.parse(#"""
        {"people": [
          {"username": "wdavis", "adminAccount": null, "changes": [
            {"date": "2026-10-14", "kind": "role-change",
             "detail": "Financial Analyst (finance-analyst) -> HR Coordinator (hr-specialist), department Human Resources"}]},
          {"username": "jdoe", "adminAccount": "adm-jdoe", "lastDay": "2026-11-05", "changes": [
            {"date": "2026-10-08", "kind": "resignation", "detail": "Resignation received"},
            {"date": "2026-10-09", "kind": "project-assignment", "detail": "Assigned to project Atlas"}]}
        ]}
        """#))
        let facts = HRFeed.parse(json)
        #expect(facts.count == 3)
        #expect(facts[0].change == .resignation(lastDay: 1_793_836_800_000))
        #expect(facts[0].accounts == ["jdoe", "adm-jdoe"])
        #expect(facts[0].time == 1_791_417_600_000)
        #expect(facts[1].change == .projectAssignment("Atlas"))
        #expect(facts[2].change == .roleChange(department: "Human Resources", role: "hr-specialist", title: "HR Coordinator"))
        #expect(HRFeed.midnight("2026-13-01") == nil)
    }
}
