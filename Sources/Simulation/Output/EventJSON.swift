import VigilCore

/// VigilCore `Event` as JSON, member for member what `JSONEncoder` would produce for the synthesized `Codable`
/// conformance (nil optionals omitted), but with a fixed key order and sorted `properties`, so a line decodes with
/// `JSONDecoder().decode(Event.self, …)` and the file is byte-identical across runs.
enum EventJSON {
    static func append(_ e: Event, to json: inout JSONBuffer) {
        json.beginObject()
        json.member("id", e.id)
        json.member("time", e.time)
        json.member("kind", e.kind.rawValue)
        json.member("name", e.name)
        json.member("eventCode", e.eventCode)
        json.member("user", e.user)
        json.member("sourceIP", e.sourceIP)
        json.member("sourceHost", e.sourceHost)
        json.member("destinationIP", e.destinationIP)
        json.member("destinationHost", e.destinationHost)
        json.member("sourcePort", e.sourcePort)
        json.member("destinationPort", e.destinationPort)
        json.member("networkProtocol", e.networkProtocol)
        json.member("application", e.application)
        json.member("resource", e.resource)
        json.member("bytesIn", e.bytesIn)
        json.member("bytesOut", e.bytesOut)
        json.member("packets", e.packets)
        if let geo = e.geo {
            json.key("geo")
            json.beginObject()
            json.member("country", geo.country)
            json.member("city", geo.city)
            json.member("latitude", geo.latitude)
            json.member("longitude", geo.longitude)
            json.endObject()
        }
        json.member("device", e.device)
        json.member("outcome", e.outcome.rawValue)
        json.member("logSource", e.logSource)
        json.member("logonType", e.logonType)
        json.member("authPackage", e.authPackage)
        json.member("command", e.command)
        json.member("failureReason", e.failureReason)
        json.member("severity", e.severity)
        json.member("category", e.category)
        json.key("properties")
        json.sortedObject(e.properties)
        json.endObject()
    }
}
