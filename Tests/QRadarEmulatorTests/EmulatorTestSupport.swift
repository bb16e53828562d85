#if canImport(FoundationEssentials)
import VigilCore
import FoundationEssentials
#else
import Foundation
#endif
import EmulatorEngine
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QRadarEmulator
import Testing

let testToken = "0123-test-token"
let testBasicUser = ("admin", "s3cret!")

/// A plain-HTTP, in-memory emulator configuration with one token (service "vigil") and one Basic user.
func testConfiguration(seed: UInt64? = 7) -> EmulatorConfiguration {
    EmulatorConfiguration(
        port: 0,
        tokens: [testToken: "vigil"],
        basicUsers: [testBasicUser.0: testBasicUser.1],
        tls: .disabled,
        seed: seed
    )
}

/// Events that make three offenses with the default rules: two AI findings (jdoe ×2, asmith) and five login
/// failures for mallory, plus a benign login and a flow.
let seedEvents = """
{"qidname":"Vigil AI Finding","categoryname":"Vigil AI Finding","logsourcetypename":"Vigil","logsourcename":"Vigil Sidecar","username":"jdoe","sourceip":"10.1.2.3","destinationip":"10.20.0.5","destinationport":443,"severity":7,"payload":"impossible travel"}
{"qidname":"Vigil AI Finding","categoryname":"Vigil AI Finding","logsourcetypename":"Vigil","logsourcename":"Vigil Sidecar","username":"jdoe","sourceip":"10.1.2.3","destinationip":"10.20.0.6","destinationport":445,"severity":8,"payload":"lateral movement, via SMB"}
{"qidname":"Vigil AI Finding","categoryname":"Vigil AI Finding","logsourcetypename":"Vigil","logsourcename":"Vigil Sidecar","username":"asmith","sourceip":"10.1.4.7","destinationip":"10.20.0.9","destinationport":22,"severity":6,"payload":"rare ssh"}
{"qidname":"Failed Login","categoryname":"Host Login Failed","logsourcetypename":"Linux OS","logsourcename":"linux-web-01","username":"mallory","sourceip":"203.0.113.50","destinationip":"10.20.1.10","destinationport":22}
{"qidname":"Failed Login","categoryname":"Host Login Failed","logsourcetypename":"Linux OS","logsourcename":"linux-web-01","username":"mallory","sourceip":"203.0.113.50","destinationip":"10.20.1.10","destinationport":22}
{"qidname":"Failed Login","categoryname":"Host Login Failed","logsourcetypename":"Linux OS","logsourcename":"linux-web-01","username":"mallory","sourceip":"203.0.113.50","destinationip":"10.20.1.10","destinationport":22}
{"qidname":"Failed Login","categoryname":"Host Login Failed","logsourcetypename":"Linux OS","logsourcename":"linux-web-01","username":"mallory","sourceip":"203.0.113.50","destinationip":"10.20.1.10","destinationport":22}
{"qidname":"Failed Login","categoryname":"Host Login Failed","logsourcetypename":"Linux OS","logsourcename":"linux-web-01","username":"mallory","sourceip":"203.0.113.50","destinationip":"10.20.1.10","destinationport":22}
{"qidname":"Successful Login","categoryname":"Host Login Succeeded","logsourcetypename":"Linux OS","logsourcename":"linux-web-01","username":"bwong","sourceip":"10.1.8.20","destinationip":"10.20.1.10","destinationport":22}
{"database":"flows","sourceip":"10.1.2.3","destinationip":"10.20.0.5","sourceport":51514,"destinationport":443,"protocolname":"TCP","sourcebytes":5120,"destinationbytes":88000}
"""

/// One answer, with its body parsed when it is JSON.
struct Reply {
    var status: Int
    var headers: HTTPFields
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    var json: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(body))) ?? .string("<not JSON: \(text.prefix(200))>")
    }

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    /// True when the body is QRadar's error shape with exactly these keys.
    var isQRadarError: Bool {
        guard case .object(let o) = json, Set(o.keys) == ["message", "details", "description", "code", "http_response"],
            o["details"] == .object([:]), o["message"]?.stringValue != nil, o["description"]?.stringValue != nil,
            o["code"]?.intValue != nil, case .object(let h)? = o["http_response"], Set(h.keys) == ["message", "code"],
            h["code"]?.intValue == Int64(status), h["message"]?.stringValue != nil
        else { return false }
        return true
    }

    var code: Int64? { json["code"]?.intValue }
    var message: String? { json["message"]?.stringValue }
}

/// Sends requests through a HummingbirdTesting client with the test token unless told otherwise.
struct EmulatorClient {
    let client: any TestClientProtocol

    func send(
        _ method: HTTPRequest.Method, _ uri: String, headers: [(String, String)] = [], authenticated: Bool = true,
        body: String? = nil
    ) async throws -> Reply {
        var fields = HTTPFields()
        if authenticated { fields[HTTPField.Name("SEC")!] = testToken }
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        let response = try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(response.body.readableBytesView))
    }

    func get(_ uri: String, headers: [(String, String)] = []) async throws -> Reply { try await send(.get, uri, headers: headers) }
    func post(_ uri: String, headers: [(String, String)] = [], body: String? = nil) async throws -> Reply {
        try await send(.post, uri, headers: headers, body: body)
    }
    func delete(_ uri: String) async throws -> Reply { try await send(.delete, uri) }
}

/// Runs `body` against an in-process emulator (router test mode), optionally seeded with Ariel JSONL.
func withEmulator(
    _ configuration: EmulatorConfiguration = testConfiguration(),
    events: String? = seedEvents,
    _ body: @escaping @Sendable (EmulatorClient, EmulatorAPI) async throws -> Void
) async throws {
    let api = try makeEmulatorAPI(configuration: configuration)
    if let events {
        let summary = try api.engine.load(jsonLines: events)
        #expect(summary.rejected == 0, "seed rejected: \(summary.errors)")
    }
    let app = try buildEmulator(api: api, configuration: configuration)
    try await app.test(.router) { client in
        try await body(EmulatorClient(client: client), api)
    }
}

/// Percent-encodes a query value.
func q(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
        }
    }
    return out
}
