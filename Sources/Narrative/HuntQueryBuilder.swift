import Analytics
import VigilCore

/// Recommended next AQL hunts for an alert: two to four per use case, each over an absolute epoch-millisecond
/// window around the alert (`START … STOP …`, so the hunt means the same whenever it is run). Every value is an
/// AQL string literal with single quotes doubled; field names that are custom properties come from
/// ``HuntFields`` and are double-quoted.
///
/// Addresses are compared as `sourceip = '10.1.2.3'` when the id is an IP literal and as `STR(sourceip) = '…'`
/// otherwise (a pseudonym `ip_v1_…`, re-identified to the address when Vigil writes the note), so the query is
/// valid AQL in both forms.
public struct HuntQueryBuilder: Sendable {
    public var settings: NarrativeSettings

    public init(settings: NarrativeSettings = NarrativeSettings()) {
        self.settings = settings
    }

    var f: HuntFields { settings.huntFields }

    func window(_ t: EpochMillis, wide: Bool = false) -> String {
        let back = wide ? settings.huntWideLookback : settings.huntLookback
        let (start, startOverflow) = t.subtractingReportingOverflow(max(0, back))
        let (stop, stopOverflow) = t.addingReportingOverflow(max(0, settings.huntLookahead))
        return "START \(startOverflow ? t : start) STOP \(stopOverflow ? t : stop)"
    }

    static func q(_ v: String) -> String { NarrativeText.aqlString(v) }
    static func field(_ name: String) -> String { NarrativeText.aqlField(name) }

    /// Whether `text` is an IPv4 or IPv6 literal (so it can be compared with an IP field directly).
    static func isIPLiteral(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 {
            return parts.allSatisfy { p in !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) && (Int(p) ?? 256) <= 255 }
        }
        guard text.contains(":"), text.count <= 45 else { return false }
        return text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }

    /// `sourceip = '…'` or `STR(sourceip) = '…'`.
    static func ipEquals(_ field: String, _ value: String) -> String {
        isIPLiteral(value) ? "\(field) = \(q(value))" : "STR(\(field)) = \(q(value))"
    }

    /// The events predicate that selects an entity's rows.
    func eventsPredicate(_ e: EntityRef) -> String {
        switch e.kind {
        case .user: return "username = \(Self.q(e.id))"
        case .host: return "(\(Self.field(f.sourceHost)) = \(Self.q(e.id)) OR \(Self.field(f.destinationHost)) = \(Self.q(e.id)))"
        case .ip: return "(\(Self.ipEquals("sourceip", e.id)) OR \(Self.ipEquals("destinationip", e.id)))"
        case .logSource: return "LOGSOURCENAME(logsourceid) = \(Self.q(e.id))"
        case .application: return "\(Self.field(f.application)) = \(Self.q(e.id))"
        case .resource: return "\(Self.field(f.resource)) = \(Self.q(e.id))"
        }
    }

    /// Rows whose destination is `e` (events).
    func destinationPredicate(_ e: EntityRef) -> String {
        e.kind == .ip ? Self.ipEquals("destinationip", e.id) : "\(Self.field(f.destinationHost)) = \(Self.q(e.id))"
    }

    static let timeColumn = "starttime, DATEFORMAT(starttime, 'yyyy-MM-dd HH:mm:ss') AS event_time"

    func allEvents(_ e: EntityRef, time: EpochMillis) -> HuntQuery {
        HuntQuery(
            title: "All events for \(NarrativeBuilder.noun(e)) \(e.id) from \(hours(settings.huntLookback)) h before to "
                + "\(hours(settings.huntLookahead)) h after the alert",
            aql: "SELECT \(Self.timeColumn), QIDNAME(qid) AS event_name, username, sourceip, destinationip, "
                + "LOGSOURCENAME(logsourceid) AS log_source FROM events WHERE \(eventsPredicate(e)) "
                + "ORDER BY starttime DESC LIMIT 500 \(window(time))")
    }

    func eventNames(_ e: EntityRef, time: EpochMillis) -> HuntQuery {
        HuntQuery(
            title: "Event types for \(NarrativeBuilder.noun(e)) \(e.id) over \(hours(settings.huntWideLookback) / 24) days",
            aql: "SELECT QIDNAME(qid) AS event_name, COUNT(*) AS events, MIN(starttime) AS first_seen, MAX(starttime) AS last_seen "
                + "FROM events WHERE \(eventsPredicate(e)) GROUP BY qid ORDER BY events DESC LIMIT 100 \(window(time, wide: true))")
    }

    func hours(_ millis: Int64) -> Int64 { max(1, millis / EpochMillis.hour) }

    /// Two to four hunts for the use case.
    public func hunts(useCase: String, entity: EntityRef, related: [EntityRef], contributions: [RiskContribution], time: EpochMillis) -> [HuntQuery] {
        var out = [allEvents(entity, time: time)]
        let user = entity.kind == .user ? entity : related.first { $0.kind == .user }
        let hosts = related.filter { $0.kind == .host || $0.kind == .ip }

        switch useCase {
        case "beaconing":
            let beacon = contributions.first { $0.signal.detector == "beaconing" }?.signal
            let destinations = (beacon?.related ?? related).filter { $0.kind == .ip || $0.kind == .host }
            if let d = destinations.first(where: { $0.kind == .ip }) ?? destinations.first {
                let flowPredicate = d.kind == .ip ? Self.ipEquals("destinationip", d.id) : "\(Self.field(f.destinationHost)) = \(Self.q(d.id))"
                out.append(HuntQuery(
                    title: "Flows to the beacon destination \(d.id)",
                    aql: "SELECT sourceip, destinationip, destinationport, COUNT(*) AS flows, SUM(sourcebytes) AS bytes_out, "
                        + "SUM(destinationbytes) AS bytes_in FROM flows WHERE \(flowPredicate) GROUP BY sourceip, destinationip, destinationport "
                        + "ORDER BY flows DESC LIMIT 100 \(window(time))"))
                out.append(HuntQuery(
                    title: "Other users and sources reaching \(d.id) over \(hours(settings.huntWideLookback) / 24) days",
                    aql: "SELECT username, sourceip, COUNT(*) AS events, MIN(starttime) AS first_seen FROM events WHERE "
                        + "\(destinationPredicate(d)) GROUP BY username, sourceip ORDER BY events DESC LIMIT 100 \(window(time, wide: true))"))
            }
        case "lateral-movement":
            let touched = Array(related.filter { $0.kind == .host }.prefix(10))
            if !touched.isEmpty {
                let list = touched.map { Self.q($0.id) }.joined(separator: ", ")
                out.append(HuntQuery(
                    title: "Logons to the hosts reached (\(touched.count))",
                    aql: "SELECT \(Self.field(f.destinationHost)) AS host, username, sourceip, \(Self.field(f.eventCode)) AS event_code, "
                        + "COUNT(*) AS logons FROM events WHERE \(Self.field(f.destinationHost)) IN (\(list)) AND "
                        + "\(Self.field(f.eventCode)) IN ('4624', '4625', '4648') GROUP BY \(Self.field(f.destinationHost)), username, sourceip, "
                        + "\(Self.field(f.eventCode)) ORDER BY logons DESC LIMIT 200 \(window(time))"))
            }
            if entity.kind == .host || entity.kind == .ip {
                let from = entity.kind == .host ? "\(Self.field(f.sourceHost)) = \(Self.q(entity.id))" : Self.ipEquals("sourceip", entity.id)
                out.append(HuntQuery(
                    title: "Accounts and destinations used from \(entity.id)",
                    aql: "SELECT username, \(Self.field(f.destinationHost)) AS destination, destinationip, COUNT(*) AS events FROM events "
                        + "WHERE \(from) GROUP BY username, \(Self.field(f.destinationHost)), destinationip ORDER BY events DESC LIMIT 200 "
                        + "\(window(time))"))
            } else if let u = user {
                out.append(logins(u, time: time))
            }
        case "behaviour.location", "behaviour.identity", "behaviour.failure":
            if let u = user {
                out.append(logins(u, time: time))
                if useCase == "behaviour.failure" {
                    out.append(HuntQuery(
                        title: "Failed logons for user \(u.id) by source",
                        aql: "SELECT sourceip, \(Self.field(f.sourceHost)) AS source_host, COUNT(*) AS failures, MIN(starttime) AS first_seen "
                            + "FROM events WHERE username = \(Self.q(u.id)) AND \(Self.field(f.eventCode)) IN ('4625', '4771') "
                            + "GROUP BY sourceip, \(Self.field(f.sourceHost)) ORDER BY failures DESC LIMIT 100 \(window(time))"))
                }
            }
        case "behaviour.volume":
            if entity.kind == .ip {
                out.append(HuntQuery(
                    title: "Largest outbound flows from \(entity.id)",
                    aql: "SELECT destinationip, destinationport, SUM(sourcebytes) AS bytes_out, COUNT(*) AS flows FROM flows WHERE "
                        + "\(Self.ipEquals("sourceip", entity.id)) GROUP BY destinationip, destinationport ORDER BY bytes_out DESC LIMIT 50 "
                        + "\(window(time))"))
            }
            out.append(HuntQuery(
                title: "Destinations and resources of \(NarrativeBuilder.noun(entity)) \(entity.id)",
                aql: "SELECT destinationip, \(Self.field(f.destinationHost)) AS destination, \(Self.field(f.resource)) AS resource, "
                    + "COUNT(*) AS events FROM events WHERE \(eventsPredicate(entity)) GROUP BY destinationip, \(Self.field(f.destinationHost)), "
                    + "\(Self.field(f.resource)) ORDER BY events DESC LIMIT 100 \(window(time))"))
        case "behaviour.access", "behaviour.novelty":
            out.append(HuntQuery(
                title: "Resources and applications used by \(NarrativeBuilder.noun(entity)) \(entity.id)",
                aql: "SELECT \(Self.field(f.resource)) AS resource, \(Self.field(f.application)) AS application, COUNT(*) AS events, "
                    + "MIN(starttime) AS first_seen FROM events WHERE \(eventsPredicate(entity)) GROUP BY \(Self.field(f.resource)), "
                    + "\(Self.field(f.application)) ORDER BY events DESC LIMIT 100 \(window(time, wide: true))"))
        case "privileged-sequence":
            let u = user ?? entity
            out.append(HuntQuery(
                title: "Commands run by \(NarrativeBuilder.noun(u)) \(u.id)",
                aql: "SELECT \(Self.timeColumn), \(Self.field(f.sourceHost)) AS host, \(Self.field(f.command)) AS command FROM events "
                    + "WHERE \(eventsPredicate(u)) AND \(Self.field(f.command)) IS NOT NULL ORDER BY starttime ASC LIMIT 500 \(window(time))"))
        case "log-source-health":
            break
        default:
            break
        }

        // Fill to at least two: the entity's event types over a week, then a related host's or user's events.
        if out.count < 2 { out.append(eventNames(entity, time: time)) }
        if out.count < 3, let other = hosts.first ?? related.first(where: { $0.kind == .user }) {
            out.append(allEvents(other, time: time))
        }
        var unique: [HuntQuery] = []
        for h in out where !unique.contains(where: { $0.aql == h.aql }) { unique.append(h) }
        return Array(unique.prefix(4))
    }

    func logins(_ u: EntityRef, time: EpochMillis) -> HuntQuery {
        HuntQuery(
            title: "Logins of user \(u.id) by source address and country over \(hours(settings.huntWideLookback) / 24) days",
            aql: "SELECT sourceip, \(Self.field(f.country)) AS country, \(Self.field(f.eventCode)) AS event_code, COUNT(*) AS events, "
                + "MIN(starttime) AS first_seen, MAX(starttime) AS last_seen FROM events WHERE username = \(Self.q(u.id)) AND "
                + "\(Self.field(f.eventCode)) IN ('4624', '4625', '4648', '4768', '4776') GROUP BY sourceip, \(Self.field(f.country)), "
                + "\(Self.field(f.eventCode)) ORDER BY events DESC LIMIT 100 \(window(time, wide: true))")
    }
}
