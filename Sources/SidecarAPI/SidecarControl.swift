import Governance
import VigilCore

/// What the HTTP API asks of the running sidecar. The sidecar implements it; tests use a fake.
///
/// The API authenticates the caller and checks the permission the endpoint needs before calling any of these; the
/// implementation still receives the principal, so it can record who acted (and apply its own rules, such as the
/// approval workflow's self-approval check).
public protocol SidecarControl: Sendable {
    /// A snapshot of the sidecar: rollout mode, sources, queues and counters.
    func status() async -> SidecarStatus
    /// Records an analyst's verdict on a finding and feeds it to the analytics' learning interface.
    func submitFeedback(findingID: String, label: FeedbackLabel, note: String?, principal: APIPrincipal) async throws -> FeedbackRecord
    /// Approves or rejects a pending response action (``ApprovalQueue/decide(id:approve:by:role:note:)``).
    func decideApproval(id: String, approve: Bool, note: String?, principal: APIPrincipal) async throws -> ApprovalRequest
    /// Resolves a pseudonym for an investigation through the protected mapping; the implementation audits it
    /// (``ReidentificationVault/reidentify(_:actor:role:reason:)``).
    func reidentify(pseudonym: String, reason: String, principal: APIPrincipal) async throws -> String
    /// False-positive rate, analyst overrides and model drift over time.
    func quality() async -> QualityReport
}

/// Errors a ``SidecarControl`` implementation may throw that the API maps to a status code. Other errors it throws
/// (``GovernanceError``, ``ApprovalError``) are mapped too; anything else becomes a 500 without details.
public enum SidecarControlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The thing named does not exist (404).
    case notFound(String)
    /// The request is not acceptable (400).
    case invalid(String)
    /// The request conflicts with the current state (409).
    case conflict(String)
    /// The sidecar cannot do it now, e.g. no re-identification vault is configured (503).
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let what): return what
        case .invalid(let why), .conflict(let why), .unavailable(let why): return why
        }
    }
}
