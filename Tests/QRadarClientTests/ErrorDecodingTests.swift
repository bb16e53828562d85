import Testing

@testable import QRadarClient

@Suite struct ErrorDecodingTests {
    /// Runs one `GET /siem/offenses/{id}` against a server that always answers `action`.
    func apiError(_ action: FakeAction) async throws -> (QRadarAPIError, Int) {
        try await FakeQRadarServer.with(handler: { _ in action }) { server in
            let client = try makeClient(port: server.port)
            let error = try await withClient(client) { client in
                await #expect(throws: QRadarAPIError.self) { try await client.offense(id: 1) }
                do {
                    _ = try await client.offense(id: 1)
                    throw TestFailure("no error")
                } catch let error as QRadarAPIError {
                    return error
                }
            }
            return (error, server.requests.count)
        }
    }

    @Test func unprocessable1005() async throws {
        let (error, requests) = try await apiError(
            .qradarError(
                422, code: 1005, message: "closing_reason_id must be provided when closing an offense.",
                description: "A request parameter is not valid.",
                category: "The request was well-formed but was unable to be followed due to semantic errors"))
        #expect(error.httpStatus == 422)
        #expect(error.code == 1005)
        #expect(error.message == "closing_reason_id must be provided when closing an offense.")
        #expect(error.qradarDescription == "A request parameter is not valid.")
        #expect(error.httpResponseMessage == "The request was well-formed but was unable to be followed due to semantic errors")
        #expect(error.rawBody == nil)
        #expect(error.path == "/siem/offenses/1")
        #expect(requests == 2, "422 is an answer, not an accident: one request per call, no retry")
    }

    @Test func notFound1002() async throws {
        let (error, requests) = try await apiError(
            .qradarError(404, code: 1002, message: "No offense was found for the provided offense_id.", category: "We could not find the resource you requested."))
        #expect(error.httpStatus == 404)
        #expect(error.code == 1002)
        #expect(error.message == "No offense was found for the provided offense_id.")
        #expect(requests == 2)
    }

    @Test func unauthorized18() async throws {
        // The observed 401 body (QRADAR.md §1.1), verbatim.
        let body = #"{"http_response":{"code":401,"message":"You are unauthorized to access the requested resource."},"code":18,"description":"","details":{},"message":"No SEC header present in request. Please provide it via \"SEC: token\". You may also use BASIC authentication parameters if this host supports it. e.g. \"Authorization: Basic base64Encoding\""}"#
        let (error, requests) = try await apiError(.json(401, body))
        #expect(error.httpStatus == 401)
        #expect(error.code == 18)
        #expect(error.message.hasPrefix("No SEC header present in request."))
        #expect(error.httpResponseMessage == "You are unauthorized to access the requested resource.")
        #expect(error.qradarDescription == "")
        #expect(error.details == nil)
        #expect(requests == 2)
    }

    @Test func nonJSON500KeepsTheRawTextTruncated() async throws {
        let longTail = String(repeating: "x", count: 5000)
        let (error, requests) = try await apiError(
            .respond(status: 500, headers: [("Content-Type", "text/html")], body: "<html>Internal Server Error</html>\n" + longTail))
        #expect(error.httpStatus == 500)
        #expect(error.code == nil)
        #expect(error.message == "<html>Internal Server Error</html>")
        let raw = try #require(error.rawBody)
        #expect(raw.hasPrefix("<html>Internal Server Error</html>"))
        #expect(raw.hasSuffix("…(truncated)"))
        #expect(raw.count < 1100)
        #expect(requests == 2, "500 is not retried")
    }

    @Test func errorDetailsAreKept() async throws {
        let body = #"{"message":"m","details":{"field":"status"},"description":"d","code":11,"http_response":{"message":"x","code":422}}"#
        let (error, _) = try await apiError(.json(422, body))
        #expect(error.details == .object(["field": .string("status")]))
        #expect(error.code == 11)
    }

    @Test func malformedSuccessBodyIsADecodingError() async throws {
        try await FakeQRadarServer.with(handler: { _ in .json(200, #"{"no_id": true}"#) }) { server in
            let client = try makeClient(port: server.port)
            try await withClient(client) { client in
                await #expect(throws: QRadarDecodingError.self) { try await client.offense(id: 1) }
            }
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
