#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Who made a request.
public enum EmulatorIdentity: Sendable, Hashable {
    /// An authorized-service token; QRadar shows its actions as `API_user: <service name>`.
    case service(String)
    /// A console user authenticated with HTTP Basic (or that user's session token).
    case user(String)

    /// The name QRadar records in note `username` and offense `closing_user`.
    public var displayName: String {
        switch self {
        case .service(let name): return "API_user: \(name)"
        case .user(let name): return name
        }
    }
}

/// Checks `SEC` tokens, Basic credentials and Basic-auth session tokens (QRADAR.md §1.1).
///
/// Basic logins get a session token back in `Set-Cookie: SEC=…`, as QRadar does; Ansible's httpapi plugin then
/// sends it as a `SEC` header and ends the session with `POST /api/auth/logout`.
final class Authenticator: Sendable {
    private let tokens: [String: String]
    private let basicUsers: [String: String]
    private let sessions = Mutex<[String: String]>([:])
    private let sessionOfUser = Mutex<[String: String]>([:])
    private let makeToken: @Sendable () -> String

    /// - Parameters:
    ///   - tokens: SEC token → authorized service name.
    ///   - basicUsers: user name → password.
    ///   - makeToken: session-token generator (injected so tests are deterministic).
    init(tokens: [String: String], basicUsers: [String: String], makeToken: @escaping @Sendable () -> String) {
        self.tokens = tokens
        self.basicUsers = basicUsers
        self.makeToken = makeToken
    }

    struct Outcome {
        var identity: EmulatorIdentity
        /// A session token to hand back in `Set-Cookie` (Basic logins only).
        var newSession: String?
    }

    /// Authenticates a request or throws QRadar's 401 body (code 18).
    func authenticate(_ request: APIRequest) throws(APIError) -> Outcome {
        if let sec = request.header("SEC")?.trimmingSpaces(), !sec.isEmpty {
            return Outcome(identity: try identity(forToken: sec), newSession: nil)
        }
        if let authorization = request.header("Authorization")?.trimmingSpaces(),
            authorization.lowercased().hasPrefix("basic ")
        {
            return try basic(String(authorization.dropFirst(6)).trimmingSpaces())
        }
        if let cookie = request.header("Cookie"), let sec = Self.cookie(named: "SEC", in: cookie) {
            return Outcome(identity: try identity(forToken: sec), newSession: nil)
        }
        throw .unauthorized
    }

    private func identity(forToken token: String) throws(APIError) -> EmulatorIdentity {
        if let service = tokens[token] { return .service(service) }
        if let user = sessions.withLock({ $0[token] }) { return .user(user) }
        throw .unauthorized
    }

    private func basic(_ encoded: String) throws(APIError) -> Outcome {
        guard let data = Data(base64Encoded: encoded), let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { throw .unauthorized }
        let user = String(decoded[..<colon])
        let password = String(decoded[decoded.index(after: colon)...])
        // Demisto's convention: the user name `_api_token_key` carries a SEC token as its password.
        if user == "_api_token_key" {
            return Outcome(identity: try identity(forToken: password), newSession: nil)
        }
        guard let expected = basicUsers[user], Self.constantTimeEqual(expected, password) else { throw .unauthorized }
        let session = sessionOfUser.withLock { map -> String in
            if let existing = map[user] { return existing }
            let token = makeToken()
            map[user] = token
            return token
        }
        sessions.withLock { $0[session] = user }
        return Outcome(identity: .user(user), newSession: session)
    }

    /// Ends the session behind a `SEC` session token; service tokens are not sessions and stay valid.
    func logout(_ request: APIRequest) -> Bool {
        guard let sec = request.header("SEC")?.trimmingSpaces() ?? request.header("Cookie").flatMap({ Self.cookie(named: "SEC", in: $0) })
        else { return false }
        guard let user = sessions.withLock({ $0.removeValue(forKey: sec) }) else { return false }
        sessionOfUser.withLock { _ = $0.removeValue(forKey: user) }
        return true
    }

    static func cookie(named name: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingSpaces()
            if let eq = pair.firstIndex(of: "="), pair[..<eq] == name {
                return String(pair[pair.index(after: eq)...])
            }
        }
        return nil
    }

    /// Compares secrets without leaking where they differ through timing.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}
