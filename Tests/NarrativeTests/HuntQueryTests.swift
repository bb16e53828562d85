import AQL
import Analytics
import Narrative
import Testing
import VigilCore

@Suite struct HuntQueryTests {
    let builder = NarrativeBuilder()
    var validator: AQLValidator { AQLValidator(customProperties: NarrativeSettings().huntFields.customProperties) }

    /// Every string literal in an expression tree.
    static func literals(_ e: AQLExpression?, into out: inout [String]) {
        guard let e else { return }
        switch e.kind {
        case .literal(.string(let s)): out.append(s)
        case .negate(let x), .not(let x), .isNull(let x, _): literals(x, into: &out)
        case .arithmetic(_, let a, let b), .comparison(_, let a, let b): literals(a, into: &out); literals(b, into: &out)
        case .and(let xs), .or(let xs): for x in xs { literals(x, into: &out) }
        case .match(_, let v, let p, _): literals(v, into: &out); literals(p, into: &out)
        case .inList(let v, let xs, _): literals(v, into: &out); for x in xs { literals(x, into: &out) }
        case .between(let v, let lo, let hi, _): literals(v, into: &out); literals(lo, into: &out); literals(hi, into: &out)
        case .function(_, let args, _): for a in args { literals(a, into: &out) }
        default: break
        }
    }

    func check(_ report: FindingReport, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect((2...4).contains(report.huntQueries.count), "\(report.useCase): \(report.huntQueries.count) hunts", sourceLocation: sourceLocation)
        for h in report.huntQueries {
            do {
                let q = try AQL.parse(h.aql)
                let diagnostics = validator.validate(q)
                #expect(diagnostics.isEmpty, "\(h.aql): \(diagnostics)", sourceLocation: sourceLocation)
                // The time clause is an absolute window around the alert.
                guard case .startStop(let start, let stop)? = q.time else {
                    Issue.record("no START/STOP in \(h.aql)", sourceLocation: sourceLocation)
                    continue
                }
                _ = (start, stop)
            } catch {
                Issue.record("\(h.aql) does not parse: \(error)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func everyUseCaseGetsValidHunts() throws {
        for alert in try Fixture.allAlerts() {
            check(builder.report(for: alert, context: NarrativeBuilderTests.richContext))
        }
    }

    @Test func beaconingHuntsLookAtTheDestination() throws {
        let r = builder.report(for: try Fixture.alert([(Fixture.beaconSignal(), 20)]), context: .empty)
        try #require(r.huntQueries.count == 3)
        #expect(r.huntQueries[0].aql.contains("\"Source Host\" = '\(Fixture.laptop.id)'"))
        #expect(r.huntQueries[1].aql.contains("FROM flows"))
        #expect(r.huntQueries[1].aql.contains("STR(destinationip) = '\(Fixture.beaconIP.id)'"))
        #expect(r.huntQueries[2].title.hasPrefix("Other users and sources reaching"))
        // A literal address is compared directly.
        let literal = try Fixture.alert([(Fixture.beaconSignal(source: EntityRef(.ip, "10.1.2.3"), destination: EntityRef(.ip, "203.0.113.7"), user: nil), 12)])
        let l = builder.report(for: literal, context: .empty)
        try #require(l.huntQueries.count >= 2)
        #expect(l.huntQueries[1].aql.contains("destinationip = '203.0.113.7'"))
        #expect(l.huntQueries[0].aql.contains("sourceip = '10.1.2.3'"))
    }

    @Test func huntWindowSurroundsTheAlert() throws {
        let r = builder.report(for: try Fixture.alert([(Fixture.failureSignal(), 9)]), context: .empty)
        let q = try AQL.parse(try #require(r.huntQueries.first).aql)
        guard case .startStop(let start, let stop)? = q.time else {
            Issue.record("no window")
            return
        }
        #expect(AQL.print(start) == String(Fixture.t0 - EpochMillis.day))
        #expect(stop.map { AQL.print($0) } == String(Fixture.t0 + EpochMillis.hour))
    }

    @Test func hostileValuesAreQuotedSafely() throws {
        let hostileUser = EntityRef(.user, "o'brien' OR '1'='1")
        let hostileHost = EntityRef(.host, "h'); DROP--")
        let hostileIP = EntityRef(.ip, "ip_v1_'x'")
        let constants: Set<String> = ["yyyy-MM-dd HH:mm:ss", "4624", "4625", "4648", "4768", "4776", "4771"]
        for alert in try Fixture.allAlerts(user: hostileUser, host: hostileHost, destination: hostileIP) {
            let r = builder.report(for: alert, context: .empty)
            check(r)
            let ids = Set(([r.entity] + r.related).map(\.id))
            for h in r.huntQueries {
                let q = try AQL.parse(h.aql)
                var found: [String] = []
                Self.literals(q.where, into: &found)
                for item in q.select { if case .expression(let e, _) = item { Self.literals(e, into: &found) } }
                // Each literal is an entity id, unchanged, or one of the fixed constants: nothing leaked out of a quote.
                for s in found { #expect(ids.contains(s) || constants.contains(s), "unexpected literal \(s) in \(h.aql)") }
            }
        }
        let userAlert = try Fixture.alert([(Fixture.failureSignal(hostileUser), 9)])
        let r = builder.report(for: userAlert, context: .empty)
        try #require(!r.huntQueries.isEmpty)
        #expect(r.huntQueries[0].aql.contains("username = 'o''brien'' OR ''1''=''1'"))
        var found: [String] = []
        Self.literals(try AQL.parse(r.huntQueries[0].aql).where, into: &found)
        #expect(found == [hostileUser.id])
    }

    @Test func quotingHelpers() {
        #expect(NarrativeText.aqlString("it's") == "'it''s'")
        #expect(NarrativeText.aqlString("''") == "''''''")
        #expect(NarrativeText.aqlField("a\"b") == "\"a\"\"b\"")
    }
}
