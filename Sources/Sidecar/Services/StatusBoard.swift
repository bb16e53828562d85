import VigilCore

/// How one source is doing, for the status API, `/health` and the metrics.
public struct SourceProgress: Sendable, Hashable, Codable {
    public var name: String
    /// `ariel`, `offenses` or `syslog`.
    public var kind: String
    public var watermark: EpochMillis?
    public var lagMillis: Int64?
    public var lastPollAt: EpochMillis?
    public var lastError: String?
    public var consecutiveErrors = 0
    public var eventsIngested = 0
    public var rowsRejected = 0
    public var duplicatesSkipped = 0
    public var polls = 0

    public init(name: String, kind: String) {
        self.name = name
        self.kind = kind
    }
}

/// The sources' progress, shared between the services that make it and the API that reports it.
public actor StatusBoard {
    public private(set) var sources: [String: SourceProgress] = [:]
    public let startedAt: EpochMillis

    public init(startedAt: EpochMillis) {
        self.startedAt = startedAt
    }

    public func update(_ name: String, kind: String, _ change: (inout SourceProgress) -> Void) {
        var p = sources[name] ?? SourceProgress(name: name, kind: kind)
        change(&p)
        sources[name] = p
    }

    public func all() -> [SourceProgress] {
        sources.values.sorted { $0.name < $1.name }
    }
}
