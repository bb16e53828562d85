import VigilCore

/// Every knob of the behavioural analytics, with the defaults the evaluation uses.
///
/// The defaults were chosen on simulator seeds 1000 and up (never on the seeds EVALUATION.md reports) and are
/// documented in `docs/ANALYTICS.md`.
public struct AnalyticsConfiguration: Sendable, Hashable {
    // MARK: Learning and forgetting

    /// Days from the first event during which baselines learn and nothing is raised. Operationally this is the
    /// history Vigil primes itself with from Ariel before going live.
    public var learningDays: Int = 7
    /// Day (from the first event) from which per-event surprises feed the calibration histograms; earlier
    /// surprises come from half-empty baselines and would flatten the tails.
    public var calibrationStartDay: Int = 3
    /// Half-life of every per-entity count (hours of week, resources, devices, countries, volumes), in days.
    /// Thirty days lets a new project become normal within a few weeks while keeping a month of memory.
    public var baselineHalfLifeDays: Double = 30
    /// Half-life of the organisation-wide calibration histograms, in days.
    public var calibrationHalfLifeDays: Double = 14

    // MARK: Capacity (bounded memory per entity)

    /// Resources (shares, tables, application modules, web domains, servers, program images) kept per entity.
    public var resourceSlots: Int = 64
    /// Applications kept per entity.
    public var applicationSlots: Int = 24
    /// Devices kept per entity.
    public var deviceSlots: Int = 8
    /// Countries kept per entity.
    public var countrySlots: Int = 6
    /// Cities kept per entity.
    public var citySlots: Int = 8
    /// Public networks (/16 of the source address of geolocated logins) kept per entity.
    public var networkSlots: Int = 8
    /// Action signatures (event kind + code + logon type + authentication package) kept per entity.
    public var actionSlots: Int = 32
    /// Command signatures kept per entity.
    public var commandSlots: Int = 24

    // MARK: Scoring

    /// Smoothing kernel over neighbouring hours of the week (centre first), applied circularly.
    public var hourKernel: [Double] = [0.4, 0.2, 0.08, 0.02]
    /// Concentration of the peer prior: how many events' worth of weight the peer group's distribution has
    /// against the entity's own history (cold start borrows from peers until the entity has more than this).
    public var peerPriorWeight: Double = 12
    /// Speed (km/h) an airliner journey averages, used with ``travelOverheadHours`` to decide whether two
    /// logins could be reached in the time between them.
    public var travelSpeedKmh: Double = 900
    /// Fixed time a journey costs on top of flying (airports, taxis), hours.
    public var travelOverheadHours: Double = 1
    /// Distances below this (km) are never impossible travel (address geolocation is imprecise).
    public var travelMinimumKm: Double = 400
    /// Half-life of the short-term failure counter, minutes.
    public var failureHalfLifeMinutes: Double = 15
    /// Transfers (and daily totals) smaller than this are never volume anomalies, however unusual for the entity:
    /// a 3 KB upload five times the usual is not an analyst's concern.
    public var volumeMinimumBytes: Double = 1_000_000
    /// Window for the first-time-event sequence, hours.
    public var firstTimeWindowHours: Double = 2

    // MARK: Signals and risk

    /// Calibrated evidence (−log10 of the organisation-wide tail probability) a deviation needs before it
    /// becomes a signal.
    public var signalEvidence: Double = 2.5
    /// Evidence subtracted before a signal adds risk: one risk point is one order of magnitude of rarity
    /// beyond this background.
    public var riskBackground: Double = 2.5
    /// Half-life of the composite risk, hours (QRadar UBA decays its sense values hourly too).
    public var riskHalfLifeHours: Double = 24
    /// Lowest threshold an entity's composite risk must cross to raise an alert.
    public var riskFloor: Double = 8
    /// Standard deviations above the entity's own typical daily peak that its threshold sits.
    public var riskSelfSigma: Double = 3
    /// Hours within which a repeated deviation with the same feature value adds only its increase.
    public var dedupeHours: Double = 24
    /// Risk points per unit of score for signals from other detectors (beaconing, lateral movement, log-source
    /// health): their findings are already specific, so a score of 0.8 reaches the default floor on its own.
    public var externalPointsPerScore: Double = 10
    /// Detectors whose signals name the host as entity and the account that acted on it as their first related user
    /// (host behaviours, privileged command sessions): the account carries the same points, so an account that both
    /// logs on unusually and runs unusual things on a host adds up to one risk. Victims named by other detectors (the
    /// accounts a spray tried) are not charged.
    public var actorDetectors: Set<String> = ["host-behaviour"]
    /// The least score of such a signal that charges the account: a behaviour common across the estate (IT's routine
    /// use of PsExec or schtasks, scored down by rarity) stays with the host and does not pile up on the admin who
    /// does it everywhere.
    public var actorMinimumScore: Double = 0.4
    /// Weight of each signal family in the composite risk (analyst feedback multiplies these).
    public var familyWeights: [String: Double] = [
        "time": 0.6, "location": 1.0, "identity": 1.0, "access": 0.8, "volume": 1.0, "failure": 0.8,
        "novelty": 1.0, "peer": 0.4, "joint": 1.0, "external": 1.0,
    ]

    // MARK: Peer groups

    /// Days between peer-group recomputations (stream time).
    public var peerRecomputeDays: Int = 1
    /// First day (from the first event) on which behaviour-based peer groups are computed.
    public var peerFirstDay: Int = 3
    /// Range of group counts tried by silhouette at the first clustering.
    public var peerGroupRange: ClosedRange<Int> = 4...16
    /// A member moves to another group only when that centroid is this much closer (relative) than its own.
    public var peerHysteresis: Double = 0.15
    /// Entities with fewer events than this keep their HR peer group (cold start).
    public var peerMinimumEvents: Int = 40
    /// Seed for k-means++ and the isolation forest.
    public var seed: UInt64 = 0x5EED

    // MARK: Isolation forest

    /// Trees in the forest.
    public var forestTrees: Int = 100
    /// Sub-sample size per tree.
    public var forestSampleSize: Int = 256
    /// Entity-day windows kept for (re)training.
    public var forestReservoir: Int = 8192
    /// Days between retrainings after the first one (at the end of learning).
    public var forestRetrainDays: Int = 7

    public init() {}
}
