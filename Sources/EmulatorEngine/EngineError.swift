/// An error as QRadar reports it: HTTP status, QRadar's unique code, message and description.
///
/// The HTTP layer turns it into QRadar's error body
/// `{"message", "details": {}, "description", "code", "http_response": {"message", "code"}}`.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// HTTP status QRadar answers with (404, 409, 422, 500, 503 …).
    public var httpStatus: Int
    /// QRadar's unique error code (1002 not found, 1003 still running, 2000 invalid AQL …).
    public var code: Int
    /// The specific message.
    public var message: String
    /// The endpoint's general description of this error ("" for framework errors).
    public var description: String

    public init(httpStatus: Int, code: Int, message: String, description: String = "") {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.description = description
    }
}
