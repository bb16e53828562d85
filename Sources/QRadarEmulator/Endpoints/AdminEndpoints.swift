import VigilCore
import EmulatorEngine

/// Emulator-only hooks under `/__emulator` (real QRadar has nothing like them): load data, add assets, read
/// counters, change fault injection. They take the same credentials as `/api`.
extension EmulatorAPI {
    static func adminEndpoints() -> [Endpoint] {
        [
            Endpoint(
                method: "POST", path: "/load",
                summary: "Load Ariel JSONL or LEEF lines (the body) into the emulated console; offenses follow from the rules.",
                parameters: [.query("format", "String", "Optional - jsonl or leef; sniffed from the first line when absent."),
                             .query("source_host", "String", "Optional - The sending host for LEEF lines without a syslog header.")],
                success: [(200, "The data was loaded; the body counts events, flows and rejected lines.")],
                errors: [EndpointErrorDoc(status: 422, code: 11, description: "Unknown format.")],
                responseDescription: "A load summary.",
                list: nil
            ) { call in
                let text = String(decoding: call.request.body, as: UTF8.self)
                let format = try call.enumeration("format", ["jsonl", "leef", "json"]) ?? sniffFormat(text)
                let summary: LoadSummary
                if format == "leef" {
                    summary = call.engine.load(leefLines: text, sourceHost: call.parameter("source_host"))
                } else {
                    summary = try call.engine.load(jsonLines: text)
                }
                return .json(summaryJSON(summary))
            },
            Endpoint(
                method: "POST", path: "/assets",
                summary: "Add or replace assets (a JSON array of QRadar asset objects).",
                parameters: [.body("assets", "Array<Object>", "Required - The assets.")],
                success: [(200, "The assets were stored.")],
                errors: [EndpointErrorDoc(status: 400, code: 1001, description: "The JSON in the request body was invalid.")],
                responseDescription: "How many assets were stored.",
                list: nil
            ) { call in
                guard let body = try call.jsonBody() else { throw APIError.missingParameter("assets", in: .body) }
                let assets: [JSONValue]
                switch body {
                case .array(let a): assets = a
                case .object: assets = [body]
                default:
                    throw APIError(status: 422, code: 1005, message: "The body must be a JSON array of asset objects.", description: "A request parameter is not valid.")
                }
                try call.engine.addAssets(assets)
                return .json(["stored": .int(Int64(assets.count))])
            },
            Endpoint(
                method: "GET", path: "/stats",
                summary: "Counters of the engine (events, flows, offenses, rejected lines) and of the HTTP surface.",
                parameters: [],
                success: [(200, "The counters.")],
                errors: [],
                responseDescription: "Counters.",
                list: nil
            ) { call in
                .json(call.api.statistics())
            },
            Endpoint(
                method: "GET", path: "/faults",
                summary: "The fault injection in force.",
                parameters: [],
                success: [(200, "The fault configuration.")],
                errors: [],
                responseDescription: "Fault configuration.",
                list: nil
            ) { call in
                .json(call.api.faults.configuration.json)
            },
            Endpoint(
                method: "POST", path: "/faults",
                summary: "Change fault injection: latency_ms, latency_jitter_ms, error_rate, drop_rate, seed (JSON body or query); reset=true clears.",
                parameters: [],
                success: [(200, "The new fault configuration.")],
                errors: [EndpointErrorDoc(status: 422, code: 11, description: "A value is not a number.")],
                responseDescription: "Fault configuration.",
                list: nil
            ) { call in
                var values: [String: JSONValue] = [:]
                for (name, value) in call.parameters { values[name] = .string(value) }
                if call.request.contentType == nil || call.request.contentType == "application/json",
                    let body = try call.jsonBody()?.objectValue
                {
                    values.merge(body) { _, new in new }
                }
                let next = try call.api.faults.configuration.updated(with: values)
                call.api.faults.reconfigure(next)
                return .json(next.json)
            },
        ]
    }

    static func sniffFormat(_ text: String) -> String {
        let first = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).first
        return first == "{" ? "jsonl" : "leef"
    }

    static func summaryJSON(_ summary: LoadSummary) -> JSONValue {
        [
            "events": .int(Int64(summary.events)),
            "flows": .int(Int64(summary.flows)),
            "rejected": .int(Int64(summary.rejected)),
            "errors": .array(summary.errors.map { .string($0) }),
        ]
    }

    /// Engine counters plus the HTTP surface's own.
    func statistics() -> JSONValue {
        var http: [String: JSONValue] = [:]
        for (key, value) in counterSnapshot { http[key] = .int(Int64(value)) }
        let faultCounts = faults.counts
        http["faults.dropped"] = .int(Int64(faultCounts.dropped))
        let syslog = syslogCounters.withLock { $0 }
        return [
            "engine": engine.stats(),
            "http": .object(http),
            "syslog": ["received": .int(Int64(syslog.received)), "accepted": .int(Int64(syslog.accepted)), "rejected": .int(Int64(syslog.rejected))],
        ]
    }
}
