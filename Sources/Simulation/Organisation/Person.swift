/// A person (or a service account) in the organisation, with everything the generator needs to make their day.
public struct Person: Sendable, Hashable, Codable {
    /// Position in ``Enterprise/people``; stable when the organisation is scaled up.
    public var index: Int
    /// Windows logon name (`jsmith`).
    public var username: String
    /// Separate administrative account for privileged roles (`adm-jsmith`).
    public var adminAccount: String?
    public var displayName: String
    public var email: String
    public var role: Role
    public var department: Department
    public var title: String
    /// Manager, by person index; nil only for the chief executive.
    public var managerIndex: Int?
    /// Whether others report to this person.
    public var isManager: Bool
    /// The office the person belongs to (and whose holidays they keep).
    public var officeIndex: Int
    /// Index into the office's ``Office/homeCities``.
    public var homeCityIndex: Int
    public var pattern: WorkPattern
    /// Preferred local start of the working day, minutes after midnight.
    public var startMinute: Int
    /// Usual length of the working day in minutes.
    public var workMinutes: Int
    /// Share of working days spent at home on VPN.
    public var remoteShare: Double
    /// Primary device, by asset index (nil for service accounts).
    public var deviceIndex: Int?
    /// Public address of the home connection.
    public var homeIP: String
    /// Resources the person habitually uses, by resource index, with cumulative weights for drawing.
    public var habits: [Int]
    public var habitCumulative: [Double]
    /// Projects the person belongs to (indices into the project list).
    public var projects: [Int]
    /// How busy the person is relative to peers (log-normal around 1).
    public var activity: Double
    /// How much data the person moves relative to peers (log-normal around 1, heavy-tailed).
    public var volume: Double
    /// How often the person mistypes a password.
    public var typoRate: Double
    /// First day of employment (epoch day).
    public var startDay: Int
    /// Shift-rotation phase for shift workers, on-call rotation slot for on-call staff.
    public var rotation: Int

    /// Whether this is a machine account rather than a person.
    public var isService: Bool { role == .serviceAccount }

    /// The account used on servers: the admin account when the person has one.
    public var serverAccount: String { adminAccount ?? username }
}
