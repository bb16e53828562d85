import VigilCore
import EmulatorEngine

/// An error as QRadar's REST API reports it.
///
/// Every failure, whatever its cause, is answered with QRadar's error body
/// `{"message", "details": {}, "description", "code", "http_response": {"message", "code"}}` (QRADAR.md §1.7).
public struct APIError: Error, Sendable, Hashable {
    /// HTTP status.
    public var status: Int
    /// QRadar's unique code (framework codes 8, 10, 11, 18, 30, 36; endpoint codes 1002, 1003 …).
    public var code: Int
    /// The specific message.
    public var message: String
    /// The endpoint's general description of the error; empty for framework errors.
    public var description: String

    public init(status: Int, code: Int, message: String, description: String = "") {
        self.status = status
        self.code = code
        self.message = message
        self.description = description
    }

    init(_ error: EngineError) {
        self.init(status: error.httpStatus, code: error.code, message: error.message, description: error.description)
    }

    /// The JSON body QRadar sends.
    public var body: JSONValue {
        [
            "message": .string(message),
            "details": .object([:]),
            "description": .string(description),
            "code": .int(Int64(code)),
            "http_response": ["message": .string(Self.httpResponseMessage(status)), "code": .int(Int64(status))],
        ]
    }

    /// QRadar's `http_response.message` per status.
    ///
    /// IBM's error table gives longer texts; real payloads carry the short forms captured from live consoles
    /// (401, 404, 422 and 500 as recorded in QRADAR.md §1.1/§1.7), so those are used where known.
    public static func httpResponseMessage(_ status: Int) -> String {
        switch status {
        case 400: return "Invalid syntax for this request was provided."
        case 401: return "You are unauthorized to access the requested resource."
        case 403: return "Your account is not authorized to access the requested resource."
        case 404: return "We could not find the resource you requested."
        case 405: return "This method type is not currently supported."
        case 406: return "Acceptance header is invalid for this endpoint resource."
        case 409: return "The request could not be completed due to a conflict with the current state of the resource."
        case 410: return "The requested resource is no longer available and has been permanently removed."
        case 413: return "The request entity is larger than the server is willing or able to process."
        case 415: return "The requested resource does not support the media type provided."
        case 416: return "The requested range for the resource is not available."
        case 419: return "The requested resource is missing required arguments."
        case 420: return "The requested resource does not support one or more of the given parameters."
        case 422: return "The request was well-formed but was unable to be followed due to semantic errors"
        case 500: return "Unexpected internal server error"
        case 501: return "The requested resource is recognized but not implemented."
        case 503: return "The server is currently unavailable."
        case 550: return "A failure occurred during initialization of services. API will be unavailable."
        default: return "Unexpected internal server error"
        }
    }
}

// MARK: - Framework errors (QRADAR.md §1.7)

extension APIError {
    /// 401 / 18: the body real consoles send when no valid credentials came with the request.
    public static let unauthorized = APIError(
        status: 401,
        code: 18,
        message: "No SEC header present in request. Please provide it via \"SEC: token\". You may also use BASIC authentication parameters if this host supports it. e.g. \"Authorization: Basic base64Encoding\""
    )

    /// 422 / 8: a required parameter is missing.
    static func missingParameter(_ name: String, in place: ParameterPlace = .query) -> APIError {
        switch place {
        case .query, .form:
            return APIError(status: 422, code: 8, message: "Missing required parameter \"\(name)\" from query parameters")
        case .body:
            return APIError(status: 422, code: 10, message: "Request body must be populated for body parameter \"\(name)\"")
        case .header:
            return APIError(status: 422, code: 8, message: "Missing required parameter \"\(name)\" from header parameters")
        case .path:
            return APIError(status: 422, code: 8, message: "Missing required parameter \"\(name)\" from path parameters")
        }
    }

    /// 422 / 11: a parameter value could not be converted (bad enum, bad number, bad boolean).
    static func untransformable(_ name: String) -> APIError {
        APIError(status: 422, code: 11, message: "Failed to transform user query parameter \"\(name)\" with a content type of \"TEXT_PLAIN\"")
    }

    /// 422 / 11 for a path parameter that is not of its type (`/siem/offenses/abc`).
    static func untransformablePath(_ name: String) -> APIError {
        APIError(status: 422, code: 11, message: "Failed to transform user path parameter \"\(name)\" with a content type of \"TEXT_PLAIN\"")
    }

    /// 422 / 30: `fields` names something the endpoint does not have.
    static func unknownField(_ name: String, mediaType: String = "application/json") -> APIError {
        APIError(status: 422, code: 30, message: "Specified field \"\(name)\" is not recognized by this endpoint for media type \"\(mediaType)\"")
    }

    /// 422 / 36: the Range header does not parse.
    static let malformedRange = APIError(
        status: 422, code: 36,
        message: "Failed to parse Range header. The syntax of the Range header must follow this pattern: items=x-y"
    )

    /// 422 / 36: the Range header runs backwards.
    static let negativeRange = APIError(
        status: 422, code: 36,
        message: "Range of pages specified in \"Range\" header is negative. Non-negative page range must be specified."
    )

    /// 404 for a path under `/api` that no endpoint serves.
    static func noSuchEndpoint(_ path: String) -> APIError {
        APIError(status: 404, code: 9, message: "The requested resource \"\(path)\" does not exist.", description: "")
    }

    /// 405 for a path that exists but not with this method.
    static func methodNotAllowed(_ method: String, _ path: String) -> APIError {
        APIError(status: 405, code: 7, message: "The method \(method) is not supported by the resource \"\(path)\".", description: "")
    }

    /// 406 for an `Accept` header the endpoint cannot satisfy.
    static func notAcceptable(_ accept: String) -> APIError {
        APIError(status: 406, code: 12, message: "MIME pattern \"\(accept)\" is not supported by this endpoint.", description: "")
    }

    /// 500 / 1020: something went wrong inside the emulator.
    static func internalError(_ message: String) -> APIError {
        APIError(status: 500, code: 1020, message: message, description: "An error occurred during the attempt to retrieve the data.")
    }
}

/// Where a parameter travels.
enum ParameterPlace: String, Sendable {
    case query = "QUERY"
    case form = "FORM"
    case header = "HEADER"
    case path = "PATH"
    case body = "BODY"
}
