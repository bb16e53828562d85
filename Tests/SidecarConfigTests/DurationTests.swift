import Testing
import VigilCore
@testable import SidecarConfig

@Suite struct DurationTests {
    @Test(arguments: [
        ("90", Int64(90_000)), ("0", 0), ("90s", 90_000), ("5m", 300_000), ("2h", 7_200_000), ("7d", 604_800_000),
        ("7 days", 604_800_000), ("12 hours", 43_200_000), ("500ms", 500), ("30 minutes", 1_800_000), ("1 day", 86_400_000),
        ("1.5h", 5_400_000), ("1w", 604_800_000), (" 10 s ", 10_000),
    ])
    func parsesAcceptedForms(text: String, millis: Int64) throws {
        #expect(try ConfigDuration.parseMillis(text).get() == millis)
    }

    @Test(arguments: ["", "abc", "5 fortnights", "m5", "-5m", "5mm", "1e3s", "5 m s"])
    func rejectsOtherText(text: String) {
        guard case .failure(let error) = ConfigDuration.parseMillis(text) else {
            Issue.record("'\(text)' should not parse")
            return
        }
        #expect(error.description.contains("expected a duration"))
        #expect(error.description.contains("'\(text)'"))
    }

    @Test func formatsInTheLargestExactUnit() {
        #expect(ConfigDuration.format(millis: 7 * EpochMillis.day) == "7d")
        #expect(ConfigDuration.format(millis: 90 * EpochMillis.minute) == "90m")
        #expect(ConfigDuration.format(millis: 250) == "250ms")
        #expect(ConfigDuration.format(millis: 15_000) == "15s")
    }

    @Test func integersInTheFileAreSecondsAndBadDurationsNameTheKey() throws {
        let config = try Fixture.parse(Fixture.minimalYAML + "\n" + """
        offenses:
          poll_interval: 120
          overlap: 10m
        """)
        #expect(config.offenses.pollIntervalMillis == 120_000)
        #expect(config.offenses.overlapMillis == 600_000)

        let error = try #require(Fixture.error(Fixture.minimalYAML + "\n" + """
        offenses:
          poll_interval: soon
        """))
        let issue = try #require(error.issue(for: "offenses.poll_interval"))
        #expect(issue.message.contains("got 'soon'"))
    }
}
