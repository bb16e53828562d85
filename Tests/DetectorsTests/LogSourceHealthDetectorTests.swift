import Testing
import VigilCore

@testable import Detectors

@Suite("Log-source health")
struct LogSourceHealthDetectorTests {
    static let dc = "WindowsAuthServer @ DC02"
    static let ws = "WindowsAuthServer @ WS-NYC-00007"
    static let fs = "FileAudit @ FS-FIN01"

    /// Events of `source` from `from` to `to`, evenly spaced at `rate(hourOfDay)` per hour.
    static func traffic(_ source: String, from: Int64, to: Int64, prefix: String, rate: (Int) -> Int = { (8...18).contains($0) ? 120 : 40 },
                        make: ((String, Int64) -> Event)? = nil) -> [Event] {
        var out: [Event] = []
        var hourStart = from / hour * hour
        var n = 0
        while hourStart < to {
            let r = max(1, rate(Int((hourStart % day) / hour)))
            let step = hour / Int64(r)
            var t = hourStart
            while t < hourStart + hour && t < to {
                if t >= from {
                    let id = "\(prefix)\(n)"
                    out.append(make?(id, t) ?? Event(id: id, time: t, kind: .authentication, name: "Logon", eventCode: "4624", user: "u\(n % 7)",
                                                     sourceIP: "10.0.1.11", destinationHost: "DC02", logSource: source))
                    n += 1
                }
                t += step
            }
            hourStart += hour
        }
        return out
    }

    static func merged(_ lists: [Event]...) -> [Event] { lists.flatMap { $0 }.sorted { $0.time < $1.time } }

    var configuration: LogSourceHealthConfiguration {
        var c = LogSourceHealthConfiguration()
        c.warmupHours = 24
        return c
    }

    @Test("a critical source that goes silent is raised once, weighted above a normal one, with what to check; a laptop is not")
    func silence() throws {
        var d = LogSourceHealthDetector(configuration: configuration)
        let stop = t0 + 3 * day + 10 * hour
        let events = Self.merged(Self.traffic(Self.dc, from: t0, to: stop, prefix: "d"), Self.traffic(Self.fs, from: t0, to: stop, prefix: "f"),
                                 Self.traffic(Self.ws, from: t0, to: stop, prefix: "w"))
        let other = Self.traffic("Other source", from: t0, to: stop + 3 * hour, prefix: "o", rate: { _ in 60 })
        var signals = feed(&d, Self.merged(events, other.filter { $0.time < stop }))
        #expect(signals.isEmpty, "steady traffic raises nothing")
        // Another source keeps the clock moving, as a live feed does.
        signals += feed(&d, other.filter { $0.time >= stop }) + d.advance(to: stop + 3 * hour)
        let dc = try #require(signals.first { $0.entity == EntityRef(.logSource, Self.dc) })
        let fs = try #require(signals.first { $0.entity == EntityRef(.logSource, Self.fs) })
        #expect(!signals.contains { $0.entity == EntityRef(.logSource, Self.ws) }, "end-user devices go quiet with their owners")
        #expect(signals.filter { $0.entity == EntityRef(.logSource, Self.dc) }.count == 1, "one signal per silence")
        #expect(dc.title.contains("critical") && dc.title.contains("silent"))
        #expect(dc.related == [EntityRef(.host, "DC02")])
        #expect(dc.score > fs.score, "critical sources weigh more")
        #expect(fs.title.contains("(normal)"))
        let silence = try #require(dc.deviations.first { $0.feature == "silence" })
        #expect(silence.observed >= silence.baseline ?? .infinity)
        #expect(silence.baseline ?? 0 >= 15, "never under the minimum silence")
        #expect(silence.detail.contains("Check the agent"))
        let lastBefore = try #require(events.last { $0.logSource == Self.dc })
        #expect(dc.evidence.last == lastBefore.id)
        #expect(dc.time >= lastBefore.time + 15 * minute && dc.time <= stop + 3 * hour)
        let gapEvents = try #require(dc.deviations.first { $0.feature == "events_in_gap" })
        // About 120 events an hour were due (10:00 is a busy hour), over the gap the signal measured.
        #expect(gapEvents.observed == 0 && abs((gapEvents.baseline ?? 0) - 120 * silence.observed / 60) < 10)
    }

    @Test("silence inside a maintenance window is not raised; still silent after it, it is")
    func maintenanceWindow() throws {
        var config = configuration
        // Thursdays 09:30–11:30 UTC for DC02 (t0 is a Monday, so day 3 is a Thursday).
        config.maintenanceWindows = [MaintenanceWindow(.weekly(weekday: 4, startMinute: 9 * 60 + 30, durationMinutes: 120), sources: ["dc02"])]
        let stop = t0 + 3 * day + 10 * hour
        // Back at 11:00: inside the window, nothing raised.
        var d = LogSourceHealthDetector(configuration: config)
        var quiet = feed(&d, Self.traffic(Self.dc, from: t0, to: stop, prefix: "a"))
        for k in 1...12 { quiet += d.advance(to: stop + Int64(k) * 5 * minute) }
        quiet += feed(&d, Self.traffic(Self.dc, from: stop + hour, to: stop + 4 * hour, prefix: "b")) + d.advance(to: stop + 4 * hour)
        #expect(quiet.isEmpty)
        #expect(d.statistics.silencesInMaintenance > 0, "the silence was seen and excused")
        // Still silent at 13:00: raised, measured from the window's end.
        var late = LogSourceHealthDetector(configuration: config)
        var signals = feed(&late, Self.traffic(Self.dc, from: t0, to: stop, prefix: "c"))
        for k in 1...36 { signals += late.advance(to: stop + Int64(k) * 5 * minute) }
        let s = try #require(signals.first)
        #expect(s.time >= t0 + 3 * day + 11 * hour + 30 * minute + 15 * minute)
        // Without the window the same silence is raised well before the window would have ended.
        var plain = LogSourceHealthDetector(configuration: configuration)
        var early = feed(&plain, Self.traffic(Self.dc, from: t0, to: stop, prefix: "c"))
        for k in 1...36 { early += plain.advance(to: stop + Int64(k) * 5 * minute) }
        #expect((early.first?.time ?? .max) < t0 + 3 * day + 11 * hour)
    }

    @Test("hours far under the forecast are a drop, one far over it a flood; one quiet hour is neither")
    func dropsAndFloods() throws {
        var d = LogSourceHealthDetector(configuration: configuration)
        let start = t0 + 3 * day
        var events = Self.traffic(Self.fs, from: t0, to: start + 8 * hour, prefix: "n")
        // 08:00–09:00 at a tenth of the usual 120/h (one hour only), then normal; 10:00–12:00 at a tenth, 12:00–13:00
        // normal, 13:00–14:00 at five times.
        events += Self.traffic(Self.fs, from: start + 8 * hour, to: start + 9 * hour, prefix: "dip", rate: { _ in 12 })
        events += Self.traffic(Self.fs, from: start + 9 * hour, to: start + 10 * hour, prefix: "ok")
        events += Self.traffic(Self.fs, from: start + 10 * hour, to: start + 12 * hour, prefix: "low", rate: { _ in 12 })
        events += Self.traffic(Self.fs, from: start + 12 * hour, to: start + 13 * hour, prefix: "mid")
        events += Self.traffic(Self.fs, from: start + 13 * hour, to: start + 14 * hour, prefix: "high", rate: { _ in 600 })
        events += Self.traffic(Self.fs, from: start + 14 * hour, to: start + 15 * hour, prefix: "after")
        let signals = feed(&d, events)
        let drop = try #require(signals.first { $0.title.contains("drop") })
        let flood = try #require(signals.first { $0.title.contains("flood") })
        #expect(signals.count == 2)
        let dropRate = try #require(drop.deviations.first { $0.feature == "events_per_hour" })
        #expect(dropRate.observed == 12)
        #expect(abs((dropRate.baseline ?? 0) - 120) < 30, "forecast near the usual daytime rate")
        #expect(drop.time == start + 12 * hour - 1, "raised at the end of the second low hour")
        #expect(drop.deviations[0].detail.contains("in a row"))
        let floodRate = try #require(flood.deviations.first { $0.feature == "events_per_hour" })
        #expect(floodRate.observed == 600)
        #expect(flood.deviations[0].detail.contains("debug"))
    }

    @Test("malformed records in a row are raised with a sample and their ids")
    func malformed() throws {
        var d = LogSourceHealthDetector(configuration: configuration)
        let start = t0 + 2 * day
        var events = Self.traffic("ASA @ VPN01", from: t0, to: start, prefix: "v")
        for i in 0..<25 {
            events.append(Event(id: "m\(i)", time: start + Int64(i) * 30 * second, kind: .other, name: "Unparsed event", eventCode: "UNPARSED",
                                outcome: .unknown, logSource: "ASA @ VPN01",
                                properties: ["parseStatus": "malformed", "Payload": "%ASA-6-113039: Group <Employees> User <\u{1}"]))
        }
        events.append(Event(id: "p0", time: start + 20 * minute, kind: .other, logSource: "ASA @ VPN01", properties: ["parseStatus": "unparsed"]))
        let signals = feed(&d, events)
        let s = try #require(signals.first { $0.title.contains("Parsing problem") })
        #expect(signals.filter { $0.title.contains("Parsing problem") }.count == 1)
        #expect(s.title.contains("20 malformed or unparsed events in a row"))
        #expect(s.deviations[0].detail.contains("Sample: \"%ASA-6-113039"))
        #expect(s.deviations[0].detail.contains("·"), "control characters are shown safely")
        #expect(s.evidence.allSatisfy { $0.hasPrefix("m") } && s.evidence.count == 8)
        #expect(ParseStatus.of(events.last!) == .unparsed)
    }

    @Test("clock skew of an hour is raised as a time-zone problem; seconds of transport delay are not")
    func clockSkew() throws {
        var d = LogSourceHealthDetector(configuration: configuration)
        let skewed = Self.traffic("Linux @ APP-WEB01", from: t0, to: t0 + hour, prefix: "s", rate: { _ in 60 }) { id, t in
            Event(id: id, time: t, kind: .process, eventCode: "sudo", logSource: "Linux @ APP-WEB01", properties: ["receivedAt": String(t + hour)])
        }
        let fine = Self.traffic("Linux @ APP-GIT01", from: t0, to: t0 + hour, prefix: "f", rate: { _ in 60 }) { id, t in
            Event(id: id, time: t, kind: .process, eventCode: "sudo", logSource: "Linux @ APP-GIT01", properties: ["receivedAt": String(t + 10 * second)])
        }
        let signals = feed(&d, Self.merged(skewed, fine))
        #expect(signals.count == 1)
        let s = try #require(signals.first)
        #expect(s.entity == EntityRef(.logSource, "Linux @ APP-WEB01"))
        let skew = try #require(s.deviations.first { $0.feature == "clock_skew" })
        #expect(skew.observed == 60)
        #expect(skew.detail.contains("time-zone"))
    }

    @Test("a field that stops appearing and a new event format are raised")
    func fieldsAndFormats() throws {
        var d = LogSourceHealthDetector(configuration: configuration)
        let start = t0 + 2 * day
        var events = Self.traffic(Self.ws, from: t0, to: start, prefix: "n")
        // The parser stops extracting the user name.
        events += Self.traffic(Self.ws, from: start, to: start + hour, prefix: "x", make: { id, t in
            Event(id: id, time: t, kind: .authentication, name: "Logon", eventCode: "4624", sourceIP: "10.0.1.11", destinationHost: "DC02",
                  logSource: Self.ws)
        })
        // Then a new agent version sends events under new codes.
        events += Self.traffic(Self.ws, from: start + hour, to: start + 2 * hour, prefix: "y", make: { id, t in
            Event(id: id, time: t, kind: .authentication, name: "Logon", eventCode: "EV-\(t % 977)", user: "u", sourceIP: "10.0.1.11",
                  destinationHost: "DC02", logSource: Self.ws)
        })
        events += Self.traffic(Self.ws, from: start + 2 * hour, to: start + 2 * hour + minute, prefix: "z")
        let signals = feed(&d, events)
        let missing = try #require(signals.first { $0.title.contains("Fields stopped") })
        #expect(missing.title.hasSuffix("user"))
        let field = try #require(missing.deviations.first)
        #expect(field.feature == "field_user" && field.observed == 0 && (field.baseline ?? 0) > 0.9)
        let format = try #require(signals.first { $0.title.contains("New event format") })
        #expect(format.deviations[0].observed > 0.9)
    }

    @Test("events stopping while heartbeats continue points at collection, not transport")
    func heartbeatsContinue() throws {
        var d = LogSourceHealthDetector(configuration: configuration)
        let stop = t0 + 2 * day
        let content = Self.traffic(Self.dc, from: t0, to: stop, prefix: "c")
        let beats = Self.traffic(Self.dc, from: t0, to: stop + 2 * hour, prefix: "hb", rate: { _ in 12 }) { id, t in
            Event(id: id, time: t, kind: .heartbeat, eventCode: "HEARTBEAT", logSource: Self.dc)
        }
        let signals = feed(&d, Self.merged(content, beats))
        let s = try #require(signals.first)
        #expect(s.deviations[0].detail.contains("Heartbeats still arrive"))
    }

    @Test("maintenance windows: daily and weekly occurrences, across midnight")
    func windows() {
        let nightly = MaintenanceWindow(.daily(startMinute: 23 * 60, durationMinutes: 120))
        #expect([nightly].covers(source: "x", at: t0 + 23 * hour + 30 * minute))
        #expect([nightly].covers(source: "x", at: t0 + day + 30 * minute), "runs past midnight")
        #expect(![nightly].covers(source: "x", at: t0 + day + 2 * hour + minute))
        let saturday = MaintenanceWindow(.weekly(weekday: 6, startMinute: 22 * 60, durationMinutes: 360, utcOffsetMinutes: -300), sources: ["jump"])
        // Saturday 22:00 at UTC−5 is Sunday 03:00 UTC; t0 + 6 days is Sunday.
        #expect([saturday].covers(source: "windowsauthserver @ jump01", at: t0 + 6 * day + 4 * hour))
        #expect(![saturday].covers(source: "windowsauthserver @ dc01", at: t0 + 6 * day + 4 * hour))
        #expect([saturday].latestEnd(source: "jump01", from: t0 + 5 * day, to: t0 + 7 * day) == t0 + 6 * day + 9 * hour)
    }
}
