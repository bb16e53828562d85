import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import SidecarAPI
import Storage
import Testing
import VigilCore
import VigilMetrics

@Suite struct MetricsTests {
    @Test func metricsTextContainsTheNamedMetrics() async throws {
        let env = try await TestEnvironment()
        let metrics = SidecarMetrics(registry: env.registry)
        metrics.eventsIngested(source: "ariel:auth", count: 5)
        metrics.eventsIngested(source: "ariel:auth", count: 2)
        metrics.rowsRejected(source: "syslog", reason: "malformed-leef")
        metrics.duplicatesSkipped(source: "offenses", count: 3)
        metrics.pollError(source: "offenses")
        metrics.signals(detector: "impossible-travel")
        metrics.finding(severity: .high)
        metrics.writeBack(target: "offense-note", outcome: "done")
        metrics.feedback(label: .falsePositive)
        metrics.syslogMessages(outcome: "accepted", count: 10)
        metrics.pipelineBatch(duration: .milliseconds(30))
        await env.control.setStatus(SidecarStatus(
            mode: .shadow, startedAt: TestEnvironment.start, sources: [SourceStatus(name: "offenses", kind: .offenses, lagMillis: 1_500)],
            writeBack: WriteBackStatus(pending: 4), approvalsPending: 2, analyticsEntities: 17))
        try await env.run { client in
            let r = try await client.call(.get, "/metrics", token: try env.token(.viewer))
            #expect(r.status == .ok)
            #expect(r.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = r.text
            #expect(text.contains(#"vigil_events_ingested_total{source="ariel:auth"} 7"#))
            #expect(text.contains(#"vigil_rows_rejected_total{source="syslog",reason="malformed-leef"} 1"#))
            #expect(text.contains(#"vigil_duplicates_skipped_total{source="offenses"} 3"#))
            #expect(text.contains(#"vigil_poll_errors_total{source="offenses"} 1"#))
            #expect(text.contains(#"vigil_signals_total{detector="impossible-travel"} 1"#))
            #expect(text.contains(#"vigil_findings_total{severity="high"} 1"#))
            #expect(text.contains(#"vigil_writeback_total{target="offense-note",outcome="done"} 1"#))
            #expect(text.contains(#"vigil_feedback_total{label="false-positive"} 1"#))
            #expect(text.contains(#"vigil_syslog_messages_total{outcome="accepted"} 10"#))
            #expect(text.contains("vigil_pipeline_batch_seconds_count 1"))
            // Gauges refreshed from the control's status at scrape time.
            #expect(text.contains(#"vigil_ingest_lag_seconds{source="offenses"} 1.5"#))
            #expect(text.contains("vigil_writeback_pending 4"))
            #expect(text.contains("vigil_approvals_pending 2"))
            #expect(text.contains("vigil_analytics_entities 17"))
            #expect(text.contains("# HELP vigil_events_ingested_total"))
        }
        // Requests are counted by route template.
        let after = env.registry.emitToString()
        #expect(after.contains(#"vigil_api_requests_total{route="/metrics",method="GET",status="200"} 1"#))
    }

    @Test func metricsNeedATokenUnlessConfiguredOtherwise() async throws {
        let locked = try await TestEnvironment()
        try await locked.run { client in
            let r = try await client.call(.get, "/metrics", token: nil)
            #expect(r.status == .unauthorized)
            let v22 = try await client.call(.get, "/metrics", token: "garbage").status
            #expect(v22 == .unauthorized)
        }
        let open = try await TestEnvironment(settings: SidecarAPISettings(metricsRequireAuth: false))
        try await open.run { client in
            let r = try await client.call(.get, "/metrics", token: nil)
            #expect(r.status == .ok)
            #expect(r.text.contains("vigil_approvals_pending"))
        }
    }

    @Test func twoInstancesOverOneRegistryShareCollectors() {
        let registry = PrometheusCollectorRegistry()
        let a = SidecarMetrics(registry: registry)
        let b = SidecarMetrics(registry: registry)
        a.eventsIngested(source: "s", count: 2)
        b.eventsIngested(source: "s", count: 3)
        a.eventsIngested(source: "t")
        let text = registry.emitToString()
        #expect(text.contains(#"vigil_events_ingested_total{source="s"} 5"#))
        #expect(text.contains(#"vigil_events_ingested_total{source="t"} 1"#))
        // One TYPE line per family, whatever the number of children.
        #expect(text.components(separatedBy: "# TYPE vigil_events_ingested_total counter").count == 2)
    }

    @Test func labelValuesAreEscaped() {
        let registry = PrometheusCollectorRegistry()
        SidecarMetrics(registry: registry).rowsRejected(source: "a\"b", reason: "line\nbreak")
        let text = registry.emitToString()
        #expect(text.contains(#"source="a\"b""#))
        #expect(text.contains(#"reason="line\nbreak""#))
    }
}
