import VigilCore

/// `labels.json`: the ground truth. Campaigns with their stages (one entry per stage and ATT&CK technique), and
/// benign look-alikes, each with entities, a time range and the ids of its events. Steps and look-alikes that
/// ended up with no events and no log-source gaps (an event outside the run, a module with nothing to do) are
/// left out.
enum LabelsJSON {
    static func encode(_ labels: LabelBook, config: ResolvedSimulationConfig, totals: SimulationSummary.Counts) -> [UInt8] {
        var json = JSONBuffer(capacity: 1 << 20)
        json.beginObject()
        json.member("scenario", config.scenario.name)
        json.member("seed", String(config.seed))
        json.member("users", config.users)
        json.member("days", config.days)
        json.member("start", config.start)
        json.member("end", config.end)
        json.member("intensity", config.intensity)
        json.member("stealth", config.stealth)
        json.key("totals")
        json.beginObject()
        json.member("events", totals.events)
        json.member("flows", totals.flows)
        json.member("malicious", totals.malicious)
        json.member("benignLabelled", totals.benign)
        json.member("malformed", totals.malformed)
        json.endObject()
        json.key("campaigns")
        json.beginArray()
        for c in labels.campaigns {
            let steps = c.steps.filter { !$0.eventIDs.isEmpty || !$0.gaps.isEmpty }
            guard !steps.isEmpty else { continue }
            json.beginObject()
            json.member("id", c.id)
            json.member("kind", c.kind)
            json.member("name", c.name)
            json.member("description", c.description)
            json.member("start", steps.map(\.start).min()!)
            json.member("end", steps.map(\.end).max()!)
            entities(c.entities, &json)
            json.key("stages")
            json.beginArray()
            for s in steps {
                json.beginObject()
                json.member("stage", s.stage)
                json.member("tactic", s.tactic)
                json.member("technique", s.technique)
                json.member("techniqueName", s.techniqueName)
                json.member("description", s.description)
                json.member("start", s.start)
                json.member("end", s.end)
                entities(s.entities, &json)
                gaps(s.gaps, &json)
                ids(s.eventIDs, &json)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.key("benign")
        json.beginArray()
        for l in labels.lookalikes where !l.eventIDs.isEmpty || !l.gaps.isEmpty {
            json.beginObject()
            json.member("id", l.id)
            json.member("kind", l.kind.rawValue)
            json.member("description", l.description)
            json.member("start", l.start)
            json.member("end", l.end)
            entities(l.entities, &json)
            gaps(l.gaps, &json)
            ids(l.eventIDs, &json)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.newline()
        return json.bytes
    }

    private static func entities(_ list: [EntityRef], _ json: inout JSONBuffer) {
        json.key("entities")
        json.beginArray()
        for e in list {
            json.beginObject()
            json.member("kind", e.kind.rawValue)
            json.member("id", e.id)
            json.endObject()
        }
        json.endArray()
    }

    private static func gaps(_ list: [LogSourceGap], _ json: inout JSONBuffer) {
        guard !list.isEmpty else { return }
        json.key("logSourceGaps")
        json.beginArray()
        for g in list {
            json.beginObject()
            json.member("logSource", g.logSource)
            json.member("start", g.start)
            json.member("end", g.end)
            json.endObject()
        }
        json.endArray()
    }

    private static func ids(_ list: [String], _ json: inout JSONBuffer) {
        json.key("eventIDs")
        json.beginArray()
        for id in list { json.string(id) }
        json.endArray()
    }
}
