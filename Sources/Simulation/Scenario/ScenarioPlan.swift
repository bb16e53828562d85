import VigilCore

/// A trip: the person works from a hotel in another country, in its time zone, on VPN.
struct Travel: Sendable {
    /// Home-local epoch day of the outbound flight (no home work that day; a hotel check-in session after landing).
    var departDay: Int
    /// Destination-local epoch day of the return flight (no work that day).
    var returnDay: Int
    /// When the outbound flight lands (UTC).
    var arrival: EpochMillis
    /// When the return flight leaves (UTC).
    var returnDeparture: EpochMillis
    var place: Place
    var hotelIP: String
    var label: Int
}

/// A change to someone's habitual resources from a day on (role change, new project).
struct HabitChange: Sendable {
    var fromDay: Int
    var habits: [Int]
    var cumulative: [Double]
    /// Resources the person did not use before; accesses to them are labelled until `labelUntilDay`.
    var newResources: [Int]
    var label: Int
    var labelUntilDay: Int
}

/// Extra working time outside the normal day (on-call call-outs), optionally labelled.
struct ExtraWindow: Sendable {
    var start: EpochMillis
    var end: EpochMillis
    var label: Int?
    /// Restrict the activity mix to remote server administration (call-outs are about fixing servers).
    var adminOnly: Bool
}

/// A new public address for someone's remote connection from a moment on.
struct EgressChange: Sendable {
    var from: EpochMillis
    var ip: String
    var place: Place
    var label: Int
    var labelUntil: EpochMillis
}

/// Everything scenario modules change about one person's everyday behaviour.
struct PersonOverride: Sendable {
    var travels: [Travel] = []
    var habitChanges: [HabitChange] = []
    var extraWindows: [ExtraWindow] = []
    var egress: [EgressChange] = []
    /// First working day (new hires) and the label for their first days.
    var hireDay: Int?
    var hireLabel: Int?
    var hireLabelUntilDay: Int?
    /// Last working day (leavers).
    var lastDay: Int?
    /// Label the first logon of each day in this window (daylight-saving shift).
    var sessionLabel: (label: Int, from: EpochMillis, until: EpochMillis)?
    /// Days the person does not work at all (leave).
    var absentDays: [Int] = []
}

/// A log source that sends nothing for a while.
struct Silence: Sendable {
    var logSource: Int
    var start: EpochMillis
    var end: EpochMillis
}

/// HR facts that scenario modules add to the HR context file (and, structured, to the directory file).
public struct HRChange: Sendable, Hashable, Codable {
    public var date: String
    public var kind: String
    public var detail: String
    /// For a role change: the new department, role and title.
    public var department: String?
    public var role: String?
    public var title: String?
    /// For a project assignment: the project.
    public var project: String?
    /// For a resignation: the last working day (`YYYY-MM-DD`).
    public var lastDay: String?

    init(date: String, kind: String, detail: String, department: String? = nil, role: String? = nil, title: String? = nil,
         project: String? = nil, lastDay: String? = nil) {
        self.date = date
        self.kind = kind
        self.detail = detail
        self.department = department
        self.role = role
        self.title = title
        self.project = project
        self.lastDay = lastDay
    }
}

/// The planned scenario: behaviour changes, scripted events, silences and the labels they carry.
struct ScenarioPlan: Sendable {
    var overrides: [Int: PersonOverride] = [:]
    /// Person indices with overrides, ascending (dictionary order is random per process; output must not be).
    var overriddenPeople: [Int] = []
    /// Scripted events, sorted by time.
    var scripted: [SimulatedEvent] = []
    var silences: [Silence] = []
    var labels = LabelBook()
    var indicators: [ThreatIndicator] = []
    var hrChanges: [Int: [HRChange]] = [:]
    var resignations: [Int: (notice: Int, lastDay: Int)] = [:]
    /// Everyday background the hour generator produces (periodic agents, adoptions, deployments, broken sources).
    var background = BackgroundPlan()
}
