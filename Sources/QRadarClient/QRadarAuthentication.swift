#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the client authenticates to QRadar (QRADAR.md §1.1).
///
/// The secret never appears in `description`, `debugDescription` or a reflection dump, so printing a configuration
/// or an error that carries one cannot leak it.
public enum QRadarAuthentication: Sendable {
    /// An authorized service token sent as the `SEC` header: the way integrations are meant to authenticate.
    case secToken(String)
    /// HTTP Basic authentication as a QRadar user (`Authorization: Basic base64(user:password)`).
    case basic(username: String, password: String)

    /// The header this authentication adds to every request.
    var header: (name: String, value: String) {
        switch self {
        case .secToken(let token):
            return ("SEC", token)
        case .basic(let username, let password):
            let encoded = Data("\(username):\(password)".utf8).base64EncodedString()
            return ("Authorization", "Basic \(encoded)")
        }
    }

    /// Rejects secrets that cannot travel in an HTTP header.
    ///
    /// The check happens up front because the HTTP library's own error for a bad header value would quote the
    /// value, that is, the secret.
    func validate() throws(QRadarConfigurationError) {
        switch self {
        case .secToken(let token):
            if token.isEmpty { throw QRadarConfigurationError("The SEC token is empty") }
            if !Self.isHeaderSafe(token) {
                throw QRadarConfigurationError("The SEC token contains characters not allowed in an HTTP header")
            }
        case .basic(let username, let password):
            if username.isEmpty { throw QRadarConfigurationError("The basic-auth username is empty") }
            if username.contains(":") { throw QRadarConfigurationError("The basic-auth username must not contain ':'") }
            if !Self.isHeaderSafe(username) || password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw QRadarConfigurationError("The basic-auth credentials contain control characters")
            }
        }
    }

    private static func isHeaderSafe(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E }
    }
}

extension QRadarAuthentication: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .secToken: return "SEC token (redacted)"
        case .basic(let username, _): return "basic auth as \(username) (password redacted)"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
