import Governance
import HTTPTypes
import Hummingbird
import StorageCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An API error answer: a status, a short machine-readable code and a message, sent as
/// `{"error": code, "message": message}`. Messages never contain a token or a clear identity.
public struct SidecarAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String
    /// Extra response headers (`WWW-Authenticate` on 401).
    public var headers: [String: String]

    public init(status: Int, code: String, message: String, headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status) \(code): \(message)" }

    static func unauthenticated(_ message: String, invalidToken: Bool) -> SidecarAPIError {
        // RFC 6750 §3: an `error` attribute only when a token was presented; never the token itself.
        let challenge = invalidToken ? #"Bearer realm="vigil", error="invalid_token""# : #"Bearer realm="vigil""#
        return SidecarAPIError(status: 401, code: "unauthenticated", message: message, headers: ["WWW-Authenticate": challenge])
    }

    static func forbidden(_ role: Role, _ permission: Permission) -> SidecarAPIError {
        SidecarAPIError(status: 403, code: "forbidden", message: GovernanceError.forbidden(role: role, permission: permission).description)
    }

    static func badRequest(_ message: String) -> SidecarAPIError {
        SidecarAPIError(status: 400, code: "bad-request", message: message)
    }

    static func notFound(_ message: String) -> SidecarAPIError {
        SidecarAPIError(status: 404, code: "not-found", message: message)
    }

    static let internalError = SidecarAPIError(status: 500, code: "internal-error", message: "the request failed; see the sidecar's log")

    /// The answer for an error thrown by a handler, the control or the store. Unknown errors become a 500 whose
    /// message says nothing (the log has the details).
    static func from(_ error: any Error) -> SidecarAPIError {
        switch error {
        case let e as SidecarAPIError:
            return e
        case let e as GovernanceError:
            switch e {
            case .forbidden(let role, let permission): return .forbidden(role, permission)
            case .unauthenticated: return .unauthenticated("the token is invalid, expired or revoked", invalidToken: true)
            case .reasonRequired, .invalidPseudonym, .invalidArgument: return .badRequest(e.description)
            case .unknownPseudonym: return .notFound(e.description)
            case .unknownKeyVersion, .invalidKey, .mappingUndecryptable:
                return SidecarAPIError(status: 500, code: "internal-error", message: e.description)
            }
        case let e as ApprovalError:
            switch e {
            case .notFound: return .notFound(e.description)
            case .forbidden, .selfApproval: return SidecarAPIError(status: 403, code: "forbidden", message: e.description)
            case .notAllowed, .expired, .conflict: return SidecarAPIError(status: 409, code: "conflict", message: e.description)
            }
        case let e as SidecarControlError:
            switch e {
            case .notFound: return .notFound(e.description)
            case .invalid: return .badRequest(e.description)
            case .conflict: return SidecarAPIError(status: 409, code: "conflict", message: e.description)
            case .unavailable: return SidecarAPIError(status: 503, code: "unavailable", message: e.description)
            }
        case let e as StoreError:
            if case .invalidText = e { return .badRequest(e.description) }
            if case .duplicateKey = e { return SidecarAPIError(status: 409, code: "conflict", message: e.description) }
            return .internalError
        case let e as HTTPError:
            return SidecarAPIError(status: Int(e.status.code), code: Self.code(for: Int(e.status.code)), message: e.body ?? e.status.reasonPhrase)
        case let e as any HTTPResponseError:
            // Includes NIOTooManyBytesError (body over the limit: 413).
            let status = Int(e.status.code)
            let message = status == 413 ? "the request body is too large" : e.status.reasonPhrase
            return SidecarAPIError(status: status, code: Self.code(for: status), message: message)
        default:
            return .internalError
        }
    }

    static func code(for status: Int) -> String {
        switch status {
        case 400: return "bad-request"
        case 401: return "unauthenticated"
        case 403: return "forbidden"
        case 404: return "not-found"
        case 405: return "method-not-allowed"
        case 409: return "conflict"
        case 413: return "body-too-large"
        case 503: return "unavailable"
        default: return status >= 500 ? "internal-error" : "error"
        }
    }

    /// The JSON response.
    func response() -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        for (name, value) in headers {
            if let n = HTTPField.Name(name) { fields[n] = value }
        }
        let body = APIJSON.encodeOrFallback(ErrorBody(error: code, message: message))
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    struct ErrorBody: Encodable {
        var error: String
        var message: String
    }
}

/// JSON encoding and decoding for the API: sorted keys, so answers are stable.
enum APIJSON {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }

    static func encodeOrFallback(_ value: some Encodable) -> [UInt8] {
        (try? encode(value)) ?? Array(#"{"error":"internal-error","message":"the response could not be encoded"}"#.utf8)
    }

    /// A 200 (or `status`) JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, noStore: Bool = false) throws -> Response {
        let body = try encode(value)
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        if noStore { fields[.cacheControl] = "no-store" }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Decodes a request body, with messages that say what is wrong (and never echo the body).
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        guard !bytes.isEmpty else { throw SidecarAPIError.badRequest("the request needs a JSON body") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw SidecarAPIError.badRequest(describe(error))
        } catch {
            throw SidecarAPIError.badRequest("the body is not valid JSON")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let full = path(context.codingPath + [key])
            return "the body is missing the field '\(full)'"
        case .typeMismatch(let type, let context):
            return "the field '\(path(context.codingPath))' should be \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "the field '\(path(context.codingPath))' should be \(typeName(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "the field '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "the body is not valid JSON"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        default: return "a \(type)"
        }
    }
}
