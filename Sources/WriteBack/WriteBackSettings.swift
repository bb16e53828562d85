import Governance
import QRadarClient
import VigilCore

/// How the write-back executor behaves.
public struct WriteBackSettings: Sendable {
    /// Element type of a reference set Vigil creates, by set name; other sets get `IP` when the value is an IP
    /// address and `ALN` otherwise.
    public var elementTypes: [String: ReferenceSetElementType]
    /// Pause before the first retry of a transient failure; doubles with each further attempt.
    public var initialBackoff: Int64
    /// Cap on the pause between retries.
    public var maxBackoff: Int64
    /// Attempts after which a write that keeps failing transiently is marked failed; `nil` keeps retrying (a
    /// QRadar that is down for a day loses nothing).
    public var maxAttempts: Int?
    /// How far back Ariel is searched for an earlier copy of a LEEF event before it is re-sent.
    public var leefCheckLookbackDays: Int
    /// How long after an attempt a retried LEEF event waits before Ariel is searched for it: QRadar indexes events
    /// with a delay, and a search too soon could miss an event that did arrive.
    public var leefSettleTime: Int64
    /// How long that Ariel search may take.
    public var leefCheckTimeout: Duration
    /// The product version written in the LEEF header.
    public var leefProductVersion: String
    /// The host name in the RFC 3164 syslog header of LEEF events: QRadar auto-detects (and names) the log source by
    /// it, so Vigil's events land in a dedicated log source. `nil` sends bare LEEF lines (QRadar then uses the
    /// sending address).
    public var syslogHostName: String?
    /// Longest note Vigil writes, marker included (QRadar's UI shows notes up to a few thousand characters).
    public var maxNoteLength: Int
    /// Most pending entries executed in one ``WriteBackExecutor/runPending()``.
    public var batchLimit: Int

    public init(
        elementTypes: [String: ReferenceSetElementType] = [
            "vigil_suspicious_users": .alphanumeric, "vigil_suspicious_ips": .ip, "vigil_blocklist_ips": .ip,
        ],
        initialBackoff: Int64 = 30 * 1000, maxBackoff: Int64 = 15 * EpochMillis.minute, maxAttempts: Int? = nil,
        leefCheckLookbackDays: Int = 1, leefSettleTime: Int64 = 2 * EpochMillis.minute, leefCheckTimeout: Duration = .seconds(60), leefProductVersion: String = "1.0",
        syslogHostName: String? = "vigil-sidecar", maxNoteLength: Int = 4_000, batchLimit: Int = 500
    ) {
        self.elementTypes = elementTypes
        self.initialBackoff = max(0, initialBackoff)
        self.maxBackoff = max(self.initialBackoff, maxBackoff)
        self.maxAttempts = maxAttempts.map { max(1, $0) }
        self.leefCheckLookbackDays = max(1, leefCheckLookbackDays)
        self.leefSettleTime = max(0, leefSettleTime)
        self.leefCheckTimeout = leefCheckTimeout
        self.leefProductVersion = leefProductVersion
        self.syslogHostName = syslogHostName
        self.maxNoteLength = max(200, maxNoteLength)
        self.batchLimit = max(1, batchLimit)
    }

    /// Default settings with the element types of the sets `policy` names: users `ALN`, addresses and the
    /// blocklist `IP`.
    public init(policy: RolloutPolicy) {
        self.init(elementTypes: [
            policy.suspiciousUsersSet: .alphanumeric, policy.suspiciousIPsSet: .ip, policy.actions.blocklistReferenceSet: .ip,
        ])
    }

    /// The pause before retry number `attempts` (1 = first retry): `initialBackoff × 2^(attempts−1)`, capped.
    public func backoff(afterAttempts attempts: Int) -> Int64 {
        let d = Backoff(initial: .milliseconds(initialBackoff), maximum: .milliseconds(maxBackoff)).delay(beforeRetry: attempts)
        return d.components.seconds * 1_000 + d.components.attoseconds / 1_000_000_000_000_000
    }
}
