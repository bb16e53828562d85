import VigilCore

/// Why an event exists, when it is not plain day-to-day behaviour.
public enum GroundTruth: Sendable, Hashable {
    /// Part of an attack: the campaign (index into ``LabelBook/campaigns``) and the step within it.
    case malicious(campaign: Int, step: Int)
    /// Part of a benign look-alike (index into ``LabelBook/lookalikes``).
    case benign(lookalike: Int)

    /// Whether the event is malicious.
    public var isMalicious: Bool {
        if case .malicious = self { return true }
        return false
    }
}

/// One generated event with its ground truth.
public struct SimulatedEvent: Sendable {
    /// The normalized event, as Vigil would see it.
    public var event: Event
    /// The label, or nil for ordinary behaviour.
    public var truth: GroundTruth?
    /// For a log source sending garbage (log tampering): the exact malformed line it sent; the LEEF output carries
    /// this line instead of an encoded event.
    public var malformedLine: String?
    /// The log source that reported it (index into ``Enterprise/logSources``).
    public var logSourceIndex: Int
    /// Generation order inside its hour, to break time ties deterministically.
    var ordinal: Int

    public init(event: Event, truth: GroundTruth?, malformedLine: String? = nil, logSourceIndex: Int, ordinal: Int = 0) {
        self.event = event
        self.truth = truth
        self.malformedLine = malformedLine
        self.logSourceIndex = logSourceIndex
        self.ordinal = ordinal
    }

    /// The event as the sidecar reads it back through Ariel: with the `logsourcetypename` column its query selects
    /// (`LOGSOURCETYPENAME(devicetype)`), which the emulator fills from the log source's type. Flows have none.
    public func eventAsRead(in enterprise: Enterprise) -> Event {
        var e = event
        if !isFlow, e.properties["logsourcetypename"] == nil, enterprise.logSources.indices.contains(logSourceIndex) {
            e.properties["logsourcetypename"] = enterprise.logSources[logSourceIndex].type.qradarTypeName
        }
        return e
    }

    /// Whether the event is a network flow (written to the flows database rather than the events one).
    public var isFlow: Bool { event.kind == .networkFlow }
}
