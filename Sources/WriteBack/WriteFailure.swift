import AsyncHTTPClient
import Governance
import QRadarClient
import Syslog

/// Whether a failed write is worth another attempt.
public enum WriteFailureKind: String, Sendable, Hashable, Codable {
    /// QRadar (or the network, or Vigil's own store) was not available: 429, 5xx, timeouts, lost connections.
    /// The write stays pending and is retried after a backoff.
    case transient
    /// QRadar refused the write (4xx other than 429 and 409), or the task cannot be carried out (an unknown
    /// pseudonym): retrying would fail the same way.
    case permanent
}

/// A classified failure with a reason fit for the audit log (no credentials, no clear identities).
public struct WriteFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: WriteFailureKind
    public var reason: String

    public init(_ kind: WriteFailureKind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue) write-back failure: \(reason)" }

    /// Sorts an error thrown while writing into transient or permanent.
    public static func classify(_ error: any Error) -> WriteFailure {
        switch error {
        case let failure as WriteFailure:
            return failure
        case let api as QRadarAPIError:
            let status = api.httpStatus
            let transient = status == 429 || status == 409 || status >= 500 || status == 408
            return WriteFailure(transient ? .transient : .permanent, api.description)
        case let transport as QRadarTransportError:
            // A TLS failure (untrusted certificate) will not fix itself, but an operator can fix it without
            // Vigil losing the write: kept pending like any other outage.
            return WriteFailure(.transient, transport.description)
        case let decoding as QRadarDecodingError:
            return WriteFailure(.transient, decoding.description)
        case let search as ArielSearchError:
            return WriteFailure(.transient, search.description)
        case let configuration as QRadarConfigurationError:
            return WriteFailure(.permanent, configuration.description)
        case let unresolvable as Reidentifier.Failure:
            switch unresolvable {
            case .unresolvable(let why): return WriteFailure(.permanent, "cannot re-identify: \(why)")
            }
        case let governance as GovernanceError:
            return WriteFailure(Reidentifier.isUnresolvable(governance) ? .permanent : .transient, governance.description)
        case let syslog as SyslogError:
            let permanent = syslog.code == .messageTooLong || syslog.code == .invalidMessage
            return WriteFailure(permanent ? .permanent : .transient, "syslog: \(syslog)")
        case is CancellationError:
            return WriteFailure(.transient, "cancelled")
        default:
            return WriteFailure(.transient, String(describing: error))
        }
    }
}
