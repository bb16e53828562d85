import VigilCore

/// Collects the events of one generation slot (an hour of everyone's behaviour, or one scenario module's script).
/// Events get their ids only when their hour is assembled (``EventID``): an id made here would say which slot, and
/// so which label, produced the event.
///
/// The event builders in the `Emitter+…` files are the single place where each kind of telemetry is shaped, so
/// attack and look-alike events look exactly like everyday ones apart from what makes them unusual.
struct Emitter {
    let enterprise: Enterprise
    var events: [SimulatedEvent] = []
    /// Label attached to everything emitted while set.
    var truth: GroundTruth?
    /// Assigned as events are emitted; used to break time ties.
    var ordinalBase: Int = 0

    init(enterprise: Enterprise, truth: GroundTruth? = nil) {
        self.enterprise = enterprise
        self.truth = truth
    }

    /// A placeholder id: the real one is assigned by ``HourGenerator`` from the seed and the event's position in
    /// the time-ordered output, the same way for every event whatever produced it. (An empty string does not
    /// allocate.)
    @inline(__always)
    func nextID() -> String { "" }

    /// Appends an event reported by a log source.
    @inline(__always)
    mutating func append(_ event: Event, logSource: Int, malformed: String? = nil) {
        events.append(SimulatedEvent(event: event, truth: truth, malformedLine: malformed, logSourceIndex: logSource,
                                     ordinal: ordinalBase + events.count))
    }

    func logSourceName(_ index: Int) -> String { enterprise.logSources[index].name }

    /// The flow collector's log source.
    var flowSource: Int { enterprise.assets[enterprise.assetIndex("QFLOW01")].logSource }

    /// A client port from the Windows ephemeral range.
    @inline(__always)
    static func ephemeralPort(_ random: inout SeededRandom) -> Int { 49152 + random.below(16383) }
}

/// Windows logon types used by the simulator.
enum LogonType {
    static let interactive = 2
    static let network = 3
    static let batch = 4
    static let service = 5
    static let unlock = 7
    static let newCredentials = 9
    static let remoteInteractive = 10
    static let cachedInteractive = 11
}

/// Windows logon failure statuses (4625 Sub Status) with the text QRadar shows.
enum LogonFailure: String {
    case badPassword = "0xC000006A"
    case unknownUser = "0xC0000064"
    case lockedOut = "0xC0000234"
    case expiredPassword = "0xC0000071"
    case mustChange = "0xC0000224"
    case disabled = "0xC0000072"

    var reason: String {
        switch self {
        case .badPassword: "Unknown user name or bad password."
        case .unknownUser: "Unknown user name or bad password."
        case .lockedOut: "Account locked out."
        case .expiredPassword: "The specified account's password has expired."
        case .mustChange: "User must change password at next logon."
        case .disabled: "Account currently disabled."
        }
    }
}
