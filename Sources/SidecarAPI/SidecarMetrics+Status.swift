import VigilMetrics

extension SidecarMetrics {
    /// Sets the gauges from a status snapshot (the API does this before each scrape).
    public func update(from status: SidecarStatus) {
        writeBackPending(status.writeBack.pending)
        approvalsPending(status.approvalsPending)
        analyticsEntities(status.analyticsEntities)
        for source in status.sources {
            if let lag = source.lagMillis { ingestLag(source: source.name, seconds: Double(lag) / 1_000) }
        }
    }
}
