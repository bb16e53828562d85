/// How the correlation stage links observations into campaigns and when a campaign is raised. Every number is
/// documented in docs/CAMPAIGNS.md with the reason for its default.
public struct CorrelationConfiguration: Sendable, Hashable, Codable {
    /// How far apart two linked observations may be (days). A campaign whose newest observation is older than
    /// this is closed and forgotten.
    public var windowDays: Int
    /// Half-life of an observation's weight as it ages within an active campaign (days). Long, so that the
    /// observation that started a slow-burn chain still counts when the chain completes weeks later.
    public var ageHalfLifeDays: Double
    /// Half-life of the whole campaign's score while no new observation arrives (days): a campaign that goes
    /// quiet fades, one that keeps growing keeps its history.
    public var idleHalfLifeDays: Double
    /// Signals below this calibrated score are not observed (they stay in the entity's own risk).
    public var minimumScore: Double
    /// Observations below this score link only through their own subject, not through the entities they name.
    public var linkScore: Double
    /// A campaign is raised on diverse evidence when its score reaches this (points; one point is one observation
    /// of score 1 from a detector of weight 1).
    public var raiseScore: Double
    /// Distinct tactics, in ATT&CK order, that make a campaign diverse.
    public var minimumTactics: Int
    /// Linked users and hosts that, with at least two tactics, make a campaign diverse.
    public var minimumEntities: Int
    /// An entity that observations of more than this many distinct subjects mention is a hub (a domain
    /// controller, a proxy, a popular SaaS domain) and no longer links campaigns, so unrelated users do not merge
    /// through it.
    public var hubDegree: Int
    /// An observation that names more related entities of one kind than this (an account to many hosts) links
    /// only through its subject.
    public var maximumFanOut: Int
    /// Distinct subjects (entities observed behaving anomalously themselves) a campaign may span; beyond it,
    /// linked observations of new subjects start campaigns of their own.
    public var maximumSubjects: Int
    /// Contributions kept per campaign (the weakest are dropped first; repeats never add entries).
    public var maximumContributions: Int
    /// Entities kept per campaign.
    public var maximumEntities: Int
    /// Campaigns kept at once; the oldest never-raised ones are forgotten first.
    public var maximumCampaigns: Int

    public init(windowDays: Int = 30, ageHalfLifeDays: Double = 30, idleHalfLifeDays: Double = 7, minimumScore: Double = 0.5, linkScore: Double = 0.7,
                raiseScore: Double = 2.5, minimumTactics: Int = 3, minimumEntities: Int = 3, hubDegree: Int = 5, maximumFanOut: Int = 2, maximumSubjects: Int = 8,
                maximumContributions: Int = 128, maximumEntities: Int = 64, maximumCampaigns: Int = 200_000) {
        self.windowDays = windowDays
        self.ageHalfLifeDays = ageHalfLifeDays
        self.idleHalfLifeDays = idleHalfLifeDays
        self.minimumScore = minimumScore
        self.linkScore = linkScore
        self.raiseScore = raiseScore
        self.minimumTactics = minimumTactics
        self.minimumEntities = minimumEntities
        self.hubDegree = hubDegree
        self.maximumFanOut = maximumFanOut
        self.maximumSubjects = maximumSubjects
        self.maximumContributions = maximumContributions
        self.maximumEntities = maximumEntities
        self.maximumCampaigns = maximumCampaigns
    }

    /// Why the settings cannot be used, or nil.
    public var problem: String? {
        if windowDays < 1 || windowDays > 90 { return "correlation window must be 1 to 90 days (got \(windowDays))" }
        if !(ageHalfLifeDays > 0) || !(idleHalfLifeDays > 0) { return "correlation half-lives must be positive" }
        if !(0...1).contains(minimumScore) { return "correlation minimum score must be within 0...1" }
        if !(raiseScore > 0) { return "correlation raise score must be positive" }
        if minimumTactics < 2 { return "correlation minimum tactics must be at least 2" }
        if minimumEntities < 2 { return "correlation minimum entities must be at least 2" }
        if hubDegree < 2 { return "correlation hub degree must be at least 2" }
        if maximumSubjects < 2 { return "correlation maximum subjects must be at least 2" }
        if maximumFanOut < 1 { return "correlation fan-out must be at least 1" }
        if maximumContributions < 8 || maximumEntities < 4 || maximumCampaigns < 100 { return "correlation limits are too small" }
        return nil
    }
}
