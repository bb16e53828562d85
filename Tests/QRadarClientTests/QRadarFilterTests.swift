import Testing

@testable import QRadarClient

@Suite struct QRadarFilterTests {
    @Test func comparisonsAndConjunction() {
        let filter: QRadarFilter = .field("id") > 10 && .field("status") != "CLOSED"
        #expect(filter.rawValue == #"id > 10 and status != "CLOSED""#)
    }

    @Test func everyComparisonOperator() {
        #expect((QRadarFilter.field("a") == 1).rawValue == "a = 1")
        #expect((QRadarFilter.field("a") != 1).rawValue == "a != 1")
        #expect((QRadarFilter.field("a") < 1).rawValue == "a < 1")
        #expect((QRadarFilter.field("a") <= 1).rawValue == "a <= 1")
        #expect((QRadarFilter.field("a") > 1).rawValue == "a > 1")
        #expect((QRadarFilter.field("a") >= -2).rawValue == "a >= -2")
        #expect((QRadarFilter.field("protected") == true).rawValue == "protected = true")
        #expect((QRadarFilter.field("risk") > 2.5).rawValue == "risk > 2.5")
    }

    @Test func variablesWork() {
        let lastID = 1234
        let since: Int64 = 1_700_000_000_000
        let user = "API_user: demisto"
        let filter = QRadarFilter.field("id") > lastID && QRadarFilter.field("last_persisted_time") > since
            && QRadarFilter.field("username") == user
        #expect(filter.rawValue == #"id > 1234 and last_persisted_time > 1700000000000 and username = "API_user: demisto""#)
    }

    @Test func stringsAreQuotedAndEscaped() {
        #expect((QRadarFilter.field("note_text") == #"say "hi" \ bye"#).rawValue == #"note_text = "say \"hi\" \\ bye""#)
        #expect((QRadarFilter.field("name") == "").rawValue == #"name = """#)
        #expect((QRadarFilter.field("status") == "OPEN").rawValue == #"status = "OPEN""#)
    }

    @Test func inAndNotIn() {
        #expect(QRadarFilter.field("id").in([111, 112, 113]).rawValue == "id in (111,112,113)")
        #expect(QRadarFilter.field("name").in(["a", "b c"]).rawValue == #"name in ("a","b c")"#)
        #expect(QRadarFilter.field("id").notIn([1]).rawValue == "id not in (1)")
        #expect(QRadarFilter.field("id").in([Int]()).rawValue == "id is null and id is not null")
    }

    @Test func betweenNullLike() {
        #expect(QRadarFilter.field("magnitude").between(3, 7).rawValue == "magnitude between 3 and 7")
        #expect(QRadarFilter.field("start_time").notBetween(1, 2).rawValue == "start_time not between 1 and 2")
        #expect(QRadarFilter.field("assigned_to").isNull.rawValue == "assigned_to is null")
        #expect(QRadarFilter.field("close_time").isNotNull.rawValue == "close_time is not null")
        #expect(QRadarFilter.field("name").like("%VPN_").rawValue == #"name like "%VPN_""#)
        #expect(QRadarFilter.field("name").ilike("%vpn%").rawValue == #"name ilike "%vpn%""#)
    }

    @Test func precedenceIsPreservedWithParentheses() {
        let a = QRadarFilter.field("a") == 1
        let b = QRadarFilter.field("b") == 2
        let c = QRadarFilter.field("c") == 3
        #expect(((a || b) && c).rawValue == "(a = 1 or b = 2) and c = 3")
        #expect((a || b && c).rawValue == "a = 1 or b = 2 and c = 3")
        #expect((a && (b || c)).rawValue == "a = 1 and (b = 2 or c = 3)")
        #expect((a || (b || c)).rawValue == "a = 1 or b = 2 or c = 3")
        #expect((!(a && b)).rawValue == "not (a = 1 and b = 2)")
        #expect((!a && b).rawValue == "not (a = 1) and b = 2")
    }

    @Test func docExample() {
        // QRADAR.md §1.5: `protected =true and not id in (111,112,113)`.
        let filter = QRadarFilter.field("protected") == true && !QRadarFilter.field("id").in([111, 112, 113])
        #expect(filter.rawValue == "protected = true and not (id in (111,112,113))")
    }

    @Test func containsForNestedLists() {
        let filter = QRadarFilter.field("interfaces").contains(
            QRadarFilter.field("ip_addresses").contains(QRadarFilter.field("value") == "10.0.0.1"))
        #expect(filter.rawValue == #"interfaces contains ip_addresses contains value = "10.0.0.1""#)
        let compound = QRadarFilter.field("rules").contains(QRadarFilter.field("id") == 5 && QRadarFilter.field("type") == "CRE_RULE")
        #expect(compound.rawValue == #"rules contains (id = 5 and type = "CRE_RULE")"#)
    }

    @Test func rawFiltersAreParenthesisedWhenCombined() {
        let raw = QRadarFilter.raw("a = 1 or b = 2")
        #expect(raw.rawValue == "a = 1 or b = 2")
        #expect((raw && QRadarFilter.field("c") == 3).rawValue == "(a = 1 or b = 2) and c = 3")
    }

    @Test func allAndAny() {
        #expect(QRadarFilter.all([]) == nil)
        #expect(QRadarFilter.all([QRadarFilter.field("a") == 1, QRadarFilter.field("b") == 2])?.rawValue == "a = 1 and b = 2")
        #expect(QRadarFilter.any([QRadarFilter.field("a") == 1, QRadarFilter.field("b") == 2])?.rawValue == "a = 1 or b = 2")
    }

    @Test func sortKeysAreEscaped() {
        #expect(QRadarSortKey.ascending("id").text == "+id")
        #expect(QRadarSortKey.descending("a,b(c)\\").text == #"-a\,b\(c\)\\"#)
    }

    @Test func fieldsGetTheIdentifier() {
        #expect(QRadarFields.ensuring("id", in: "status,rules(id,type)") == "id,status,rules(id,type)")
        #expect(QRadarFields.ensuring("id", in: "status, id") == "status, id")
        #expect(QRadarFields.ensuring("name", in: "element_type") == "name,element_type")
        #expect(QRadarFields.ensuring("id", in: " ") == "id")
    }
}
