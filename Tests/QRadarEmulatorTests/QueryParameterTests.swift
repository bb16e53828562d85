import VigilCore
import EmulatorEngine
import Testing

@testable import QRadarEmulator

/// `Range`, `fields`, `sort`, `Version`, `Accept` and `Prefer` parsing, without HTTP.
struct QueryParameterTests {
    // MARK: Range

    @Test func rangeParsesZeroBasedInclusiveBounds() throws {
        #expect(try ItemRange.parse("items=0-49") == ItemRange(first: 0, last: 49))
        #expect(try ItemRange.parse(" items = 3 - 5 ") == ItemRange(first: 3, last: 5))
        #expect(try ItemRange.parse(nil) == nil)
    }

    @Test(arguments: ["items=-3-2", "items=a-b", "item=0-4", "items=0", "items=0-", "bytes=0-4", "0-4", "items=1-2-3"])
    func malformedRangeIs422Code36(_ header: String) {
        #expect(throws: APIError.malformedRange) { try ItemRange.parse(header) }
    }

    @Test func reversedRangeIsNegative() {
        #expect(throws: APIError.negativeRange) { try ItemRange.parse("items=3-0") }
        #expect(APIError.negativeRange.code == 36 && APIError.negativeRange.status == 422)
    }

    @Test func pagesAndContentRange() {
        let twelve = Array(0..<12)
        let full = Page(twelve, range: ItemRange(first: 0, last: 99))
        #expect(Array(full.items) == twelve && full.contentRange == "items 0-11/12")
        let five = Page(Array(0..<5), range: ItemRange(first: 0, last: 4))
        #expect(five.contentRange == "items 0-4/5")
        let middle = Page(twelve, range: ItemRange(first: 3, last: 5))
        #expect(Array(middle.items) == [3, 4, 5] && middle.contentRange == "items 3-5/12")
        let beyond = Page(Array(0..<3), range: ItemRange(first: 3, last: 5))
        #expect(beyond.items.isEmpty && beyond.contentRange == "items */3")
        let all = Page(twelve, range: nil)
        #expect(all.items.count == 12 && all.contentRange == "items 0-11/12")
        #expect(Page([Int](), range: nil).contentRange == "items */0")
    }

    // MARK: fields

    @Test func fieldsWithSubFieldsProject() throws {
        let selection = try #require(try FieldSelection.parse("id, status ,rules(id,type)"))
        let offense: JSONValue = ["id": 1, "status": "OPEN", "magnitude": 3, "rules": [["id": 9, "type": "CRE_RULE", "x": 1]]]
        #expect(selection.project(offense) == ["id": 1, "status": "OPEN", "rules": [["id": 9, "type": "CRE_RULE"]]])
        let nested = try #require(try FieldSelection.parse("duration(days)"))
        #expect(nested.project(["duration": ["days": 2, "hours": 4], "id": 1]) == ["duration": ["days": 2]])
    }

    @Test func unknownFieldIs422Code30WithQRadarsMessage() throws {
        let selection = try #require(try FieldSelection.parse("id,nope"))
        do {
            try selection.validate(known: ["id", "status"], sample: [])
            Issue.record("expected an error")
        } catch {
            #expect(error.status == 422 && error.code == 30)
            #expect(error.message == "Specified field \"nope\" is not recognized by this endpoint for media type \"application/json\"")
        }
        let sub = try #require(try FieldSelection.parse("rules(id,bogus)"))
        #expect(throws: APIError.unknownField("bogus")) {
            try sub.validate(known: ["rules"], sample: [["rules": [["id": 1, "type": "CRE_RULE"]]]])
        }
    }

    @Test func fieldsEscapesAndBrokenParentheses() throws {
        let escaped = try #require(try FieldSelection.parse("odd\\,name"))
        #expect(escaped.items.map(\.name) == ["odd,name"])
        #expect(throws: APIError.self) { try FieldSelection.parse("rules(id") }
        #expect(throws: APIError.self) { try FieldSelection.parse("id)") }
    }

    // MARK: sort

    @Test func sortAscendingDescendingAndMultipleKeys() throws {
        let rows: [JSONValue] = [["id": 1, "m": 5], ["id": 2, "m": 9], ["id": 3, "m": 5], ["id": 4, "m": nil]]
        let byMagnitudeThenIDDescending = try #require(try SortOrder.parse("-m,-id").get())
        #expect(byMagnitudeThenIDDescending.sorted(rows).compactMap { $0["id"]?.intValue } == [2, 3, 1, 4])
        let ascending = try #require(try SortOrder.parse("+m").get())
        #expect(ascending.sorted(rows).compactMap { $0["id"]?.intValue } == [4, 1, 3, 2])
        let unsigned = try #require(try SortOrder.parse("id").get())
        #expect(unsigned.sorted(rows.reversed()).compactMap { $0["id"]?.intValue } == [1, 2, 3, 4])
        #expect(throws: FilterSyntaxError.self) { try SortOrder.parse("+id,,-m").get() }
    }

    // MARK: Version

    @Test func versionHeader() throws {
        #expect(try APIVersion.resolve(header: nil) == APIVersion(26, 0))
        #expect(try APIVersion.resolve(header: "6.0") == APIVersion(6, 0))
        #expect(try APIVersion.resolve(header: "27.0") == APIVersion(27, 0))
        #expect(try APIVersion.resolve(header: "8") == APIVersion(8, 0))
        #expect(try APIVersion.resolve(header: "9") == APIVersion(9, 1))
        #expect(try APIVersion.resolve(header: "13.1") == APIVersion(13, 1))
        for supported in APIVersion.supported { #expect(try APIVersion.resolve(header: supported.description) == supported) }
        #expect(APIVersion(12, 0).isDeprecated && !APIVersion(24, 0).isDeprecated && !APIVersion.latest.isDeprecated)
    }

    @Test func removedAndUnknownVersionsAre422() {
        do {
            _ = try APIVersion.resolve(header: "3.0")
            Issue.record("expected an error")
        } catch {
            #expect(error.status == 422)
            #expect(error.message == "Version (3.0) from header parameter (Version) has been removed and is no longer valid. Please refer to documentation for list of valid versions.")
        }
        for bad in ["322.0123", "abc", "26.5", "99", "1.2.3"] {
            do {
                _ = try APIVersion.resolve(header: bad)
                Issue.record("expected an error for \(bad)")
            } catch {
                #expect(error.message == "Version (\(bad)) from header parameter (Version) is not a valid version. Please refer to documentation for list of valid versions.")
            }
        }
    }

    // MARK: Accept, Prefer, forms, CSV

    @Test func acceptNegotiation() throws {
        let offered = ["application/json", "application/csv"]
        #expect(try EmulatorAPI.negotiate(accept: nil, offered: offered) == "application/json")
        #expect(try EmulatorAPI.negotiate(accept: "*/*", offered: offered) == "application/json")
        #expect(try EmulatorAPI.negotiate(accept: "application/csv", offered: offered) == "application/csv")
        #expect(try EmulatorAPI.negotiate(accept: "text/html, application/*;q=0.8", offered: offered) == "application/json")
        #expect(try EmulatorAPI.negotiate(accept: "application/json;q=0, application/csv", offered: offered) == "application/csv")
        #expect(throws: APIError.self) { try EmulatorAPI.negotiate(accept: "text/html", offered: offered) }
        #expect(throws: APIError.self) { try EmulatorAPI.negotiate(accept: "application/csv", offered: ["application/json"]) }
    }

    @Test func preferWait() throws {
        #expect(try EmulatorAPI.preferWait("wait=5") == 5)
        #expect(try EmulatorAPI.preferWait("respond-async, wait=10") == 10)
        #expect(try EmulatorAPI.preferWait("respond-async") == nil)
        #expect(try EmulatorAPI.preferWait(nil) == nil)
        #expect(throws: APIError.self) { try EmulatorAPI.preferWait("wait=soon") }
    }

    @Test func formAndQueryDecoding() {
        let decoded = FormDecoding.decode("query_expression=SELECT+*+FROM+events+LAST+5+MINUTES&x=%22a%20b%22&flag&e=")
        #expect(decoded.map(\.name) == ["query_expression", "x", "flag", "e"])
        #expect(decoded.map(\.value) == ["SELECT * FROM events LAST 5 MINUTES", "\"a b\"", "", ""])
        #expect(FormDecoding.percentDecode("My%20Set+1", plusIsSpace: false) == "My Set+1")
        #expect(FormDecoding.percentDecode("bad%zzescape%", plusIsSpace: false) == "bad%zzescape%")
        let request = APIRequest(method: "get", target: "/api/reference_data/sets/Vigil%3A%20Watchlist?a=1")
        #expect(request.method == "GET" && request.apiSegments == ["reference_data", "sets", "Vigil: Watchlist"])
    }

    @Test func csvQuotesFieldsThatNeedIt() {
        let rows: ArraySlice<JSONValue> = [["a": "x,y", "b": 3, "c": nil], ["a": "say \"hi\"", "b": 4, "c": true]]
        let text = String(decoding: CSVWriter.bytes(rows: rows, columns: ["a", "b", "c"]), as: UTF8.self)
        #expect(text == "a,b,c\r\n\"x,y\",3,\r\n\"say \"\"hi\"\"\",4,true\r\n")
    }

    @Test func jsonWriterEscapesAndOrdersKeys() {
        let value: JSONValue = ["b": "line\nbreak \"q\" \u{01}", "a": [1, 2.5, true, nil], "c": 3.0]
        #expect(APIJSON.string(value) == #"{"a":[1,2.5,true,null],"b":"line\nbreak \"q\" \u0001","c":3.0}"#)
        #expect(APIJSON.string(.double(.nan)) == "null")
        for i: Int64 in [0, 7, 10, -1, -10, 1_795_337_433_995, -1_234_567_890_123, .max, .min] {
            #expect(APIJSON.string(.int(i)) == String(i))
        }
    }
}
