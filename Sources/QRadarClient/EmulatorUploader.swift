import AsyncHTTPClient
import NIOCore
import NIOSSL

import Foundation

/// Loads files into a running QRadar emulator through its admin hook (`POST /__emulator/load`), the way the
/// simulator's `--to URL` and `vigil demo` fill it. Real QRadar has no such hook: there, data arrives by syslog.
public struct EmulatorUploader: Sendable {
    public let baseURL: String
    let token: String
    let client: HTTPClient

    /// - Parameters:
    ///   - caFile: A PEM certificate to trust (the emulator's self-signed one); verification stays on.
    ///   - insecure: Skip certificate verification entirely; only for throwaway local runs.
    public init(baseURL: String, token: String, caFile: String?, insecure: Bool) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            tls.trustRoots = .file(caFile)
            // The emulator's certificate names 127.0.0.1/localhost; hostname checks stay on.
        }
        if insecure { tls.certificateVerification = .none }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(600))
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async throws { try await client.shutdown() }

    /// Sends a JSONL or LEEF file in chunks of whole lines (about `chunkBytes` each), returning the emulator's
    /// per-chunk answers summed as (events, flows, rejected).
    public func upload(file path: String, format: String, chunkBytes: Int = 16 << 20) async throws -> (events: Int, flows: Int, rejected: Int) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UploadError("cannot read \(path)")
        }
        var totals = (events: 0, flows: 0, rejected: 0)
        var start = data.startIndex
        while start < data.endIndex {
            var end = min(data.endIndex, start + chunkBytes)
            if end < data.endIndex {
                // Extend to the end of the line so no record is split between two requests.
                while end < data.endIndex && data[end] != UInt8(ascii: "\n") { end += 1 }
                if end < data.endIndex { end += 1 }
            }
            let answer = try await post(path: "/__emulator/load?format=\(format)", body: data[start..<end])
            totals.events += answer["events"] as? Int ?? 0
            totals.flows += answer["flows"] as? Int ?? 0
            totals.rejected += answer["rejected"] as? Int ?? 0
            start = end
        }
        return totals
    }

    /// Sends a JSON array of QRadar asset objects.
    public func uploadAssets(file path: String) async throws -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { throw UploadError("cannot read \(path)") }
        let answer = try await post(path: "/__emulator/assets", body: data[...])
        return answer["stored"] as? Int ?? 0
    }

    private func post(path: String, body: Data.SubSequence) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "SEC", value: token)
        request.headers.add(name: "Version", value: "20.0")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(600))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let text = String(buffer: bytes)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw UploadError("the emulator answered \(response.status.code) to \(path): \(text.prefix(400))")
        }
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return object ?? [:]
    }
}

/// Why an upload to the emulator failed.
public struct UploadError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
