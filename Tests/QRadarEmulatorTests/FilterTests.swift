import VigilCore
import EmulatorEngine
import Testing

@testable import QRadarEmulator

/// The `filter` grammar and its evaluation, QRADAR.md §1.5.
struct FilterTests {
    /// An offense-like object with a null, a list of ids, a sub-object and a list of objects.
    let offense: JSONValue = [
        "id": 42,
        "status": "OPEN",
        "description": "Multiple Login Failures for the Same User\n",
        "assigned_to": nil,
        "magnitude": 7,
        "protected": true,
        "source_address_ids": [1, 2, 5],
        "categories": ["Host Login Failed", "Misc Login Failed"],
        "duration": ["days": 21, "hours": 3],
        "rules": [["id": 100, "type": "CRE_RULE"], ["id": 200, "type": "ADE_RULE"]],
        "interfaces": [
            ["mac_address": "00:11:22:33:44:55", "ip_addresses": [["value": "10.0.0.1", "type": "IPV4"], ["value": "10.0.0.9", "type": "IPV4"]]],
            ["mac_address": "66:77:88:99:aa:bb", "ip_addresses": [["value": "192.0.2.7", "type": "IPV4"]]],
        ],
        "version": "26.0",
        "score": 2.5,
    ]

    func matches(_ filter: String, _ value: JSONValue? = nil) throws -> Bool {
        FilterEvaluator.matches(try FilterParser.parse(filter), value ?? offense)
    }

    @Test(arguments: [
        ("id = 42", true), ("id=41", false), ("id > 41", true), ("id > 42", false), ("id >= 42", true),
        ("id < 43", true), ("id <= 41", false), ("id != 42", false), ("id <> 41", true), ("id ^= 42", false),
        ("magnitude between 5 and 7", true), ("magnitude between 8 and 10", false),
        ("magnitude not between 8 and 10", true), ("magnitude not between 1 and 9", false),
        ("id in (1, 42, 3)", true), ("id in (1,2,3)", false), ("id not in (1,2,3)", true), ("id not in (42)", false),
        ("score > 2", true), ("score < 2.6", true), ("score = 2.5", true), ("score >= 1e1", false),
    ])
    func numericComparisons(_ filter: String, _ expected: Bool) throws {
        #expect(try matches(filter) == expected, "\(filter)")
    }

    @Test(arguments: [
        ("status = OPEN", true), ("status=\"OPEN\"", true), ("status='OPEN'", true), ("status = CLOSED", false),
        ("status != CLOSED", true), ("status in (\"OPEN\", \"HIDDEN\")", true), ("status not in (OPEN)", false),
        ("protected = true", true), ("protected = false", false), ("protected=TRUE", true),
        ("version = 26.0", true), ("version = 26", true), ("version = 25.0", false),
    ])
    func stringAndBooleanComparisons(_ filter: String, _ expected: Bool) throws {
        #expect(try matches(filter) == expected, "\(filter)")
    }

    /// With a null or absent field, `=`, `<`, `>`, `in`, `between`, `like` are false; the negations are true.
    @Test(arguments: ["assigned_to", "no_such_field"])
    func nullSemantics(_ field: String) throws {
        #expect(try matches("\(field) = \"admin\"") == false)
        #expect(try matches("\(field) > 1") == false)
        #expect(try matches("\(field) >= 1") == false)
        #expect(try matches("\(field) < 1") == false)
        #expect(try matches("\(field) <= 1") == false)
        #expect(try matches("\(field) in (\"admin\", \"bob\")") == false)
        #expect(try matches("\(field) between 1 and 5") == false)
        #expect(try matches("\(field) like \"%\"") == false)
        #expect(try matches("\(field) != \"admin\"") == true)
        #expect(try matches("\(field) <> \"admin\"") == true)
        #expect(try matches("\(field) ^= \"admin\"") == true)
        #expect(try matches("\(field) not in (\"admin\")") == true)
        #expect(try matches("\(field) not between 1 and 5") == true)
        #expect(try matches("\(field) is null") == true)
        #expect(try matches("\(field) is not null") == false)
        #expect(try matches("status is not null") == true)
        #expect(try matches("status is null") == false)
    }

    @Test(arguments: [
        ("description like \"Multiple%\"", true), ("description like '%Login%'", true), ("description like \"multiple%\"", false),
        ("description ilike \"multiple%\"", true), ("description ILIKE '%LOGIN FAILURES%'", true),
        ("status like \"OP_N\"", true), ("status like \"O_N\"", false), ("status like \"%\"", true),
        ("status not like \"C%\"", true), ("status not ilike \"o%\"", false), ("id like \"4%\"", true),
        ("categories like \"Misc%\"", true),
    ])
    func likePatterns(_ filter: String, _ expected: Bool) throws {
        #expect(try matches(filter) == expected, "\(filter)")
    }

    @Test(arguments: [
        ("source_address_ids contains 5", true), ("source_address_ids contains 4", false),
        ("source_address_ids contains (. < 2)", true), ("source_address_ids contains (. > 5)", false),
        ("source_address_ids contains (.<3 and .>1)", true),
        ("categories contains \"Misc Login Failed\"", true), ("categories contains \"Misc\"", false),
        ("rules contains type = \"ADE_RULE\"", true), ("rules contains (id = 200 and type = \"CRE_RULE\")", false),
        ("interfaces contains ip_addresses contains value = \"192.0.2.7\"", true),
        ("interfaces contains ip_addresses contains value = \"192.0.2.8\"", false),
        ("interfaces contains ip_addresses contains value = \"10.0.0.9\" or interfaces contains ip_addresses contains value = \"1.1.1.1\"", true),
        ("interfaces contains (mac_address = \"66:77:88:99:aa:bb\" and ip_addresses contains value = \"10.0.0.1\")", false),
        ("assigned_to contains \"x\"", false),
    ])
    func containsOnListsAndNestedObjects(_ filter: String, _ expected: Bool) throws {
        #expect(try matches(filter) == expected, "\(filter)")
    }

    @Test(arguments: [
        ("duration(days) >= 20", true), ("duration(days) >= 22", false), ("duration(hours) = 3", true),
        ("rules(type) = \"ADE_RULE\"", true), ("rules(id) > 150", true), ("rules(id) > 250", false),
    ])
    func subFields(_ filter: String, _ expected: Bool) throws {
        #expect(try matches(filter) == expected, "\(filter)")
    }

    @Test(arguments: [
        ("protected =true and not id in (111,112,113)", true),
        ("status = CLOSED or id = 42", true),
        ("status = CLOSED or id = 41 and magnitude = 7", false),
        ("(status = CLOSED or id = 41) and magnitude = 7", false),
        ("status = CLOSED or (id = 42 and magnitude = 7)", true),
        ("NOT status = CLOSED AND id > 40", true),
        ("not (status = OPEN or id = 1)", false),
        ("id>41 AND (magnitude >= 7)", true),
    ])
    func logicAndPrecedence(_ filter: String, _ expected: Bool) throws {
        #expect(try matches(filter) == expected, "\(filter)")
    }

    @Test func scalarListElementsUseDot() throws {
        #expect(try matches(".= events", "events"))
        #expect(try matches(". = 'events'", "flows") == false)
        #expect(try matches(". in (events, flows)", "flows"))
    }

    @Test func quotedStringsKeepEscapesAndSpaces() throws {
        let note: JSONValue = ["username": "API_user: demisto", "note_text": "say \"hi\""]
        #expect(try matches("username='API_user: demisto'", note))
        #expect(try matches("note_text = \"say \\\"hi\\\"\"", note))
    }

    @Test(arguments: ["", "id =", "id = 1 and", "(id = 1", "id = 1)", "id in (1, 2", "id between 1", "id like abc",
                      "id is 5", "= 5", "id === 4", "id = 'unterminated", "id ! 5", "id contains"])
    func malformedFiltersAreRejected(_ filter: String) {
        #expect(throws: FilterSyntaxError.self) { try FilterParser.parse(filter) }
    }

    @Test func topLevelFieldsExcludeFieldsInsideContains() throws {
        let expression = try FilterParser.parse("id > 3 and interfaces contains ip_addresses contains value = \"x\"")
        #expect(expression.topLevelFields.map(\.components) == [["id"], ["interfaces"]])
    }
}
