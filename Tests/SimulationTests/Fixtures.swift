import VigilCore
@testable import Simulation

/// One run shared by the statistical and label tests (generated once, in memory): the full campaign scenario,
/// 80 people, 14 days from the default start, so it includes the Gandhi Jayanti (2 Oct) and Columbus Day
/// (12 Oct) holidays.
struct Fixture: Sendable {
    let simulator: Simulator
    let events: [SimulatedEvent]
    let labels: LabelBook

    static let campaign: Fixture = make(SimulationConfig(users: 80, days: 14, seed: 42, scenario: "campaign"))

    static func make(_ config: SimulationConfig) -> Fixture {
        do {
            let simulator = try Simulator(config: config)
            let (events, labels) = simulator.labelsWithEvents()
            return Fixture(simulator: simulator, events: events, labels: labels)
        } catch {
            preconditionFailure("fixture configuration is invalid: \(error)")
        }
    }

    var enterprise: Enterprise { simulator.enterprise }

    /// Events that are ordinary behaviour (no label).
    var ordinary: [SimulatedEvent] { events.filter { $0.truth == nil } }
}

/// A single-attack scenario without look-alikes, small and quick.
func attackRun(_ scenario: String, users: Int = 60, days: Int = 8, stealth: Double = 0.5, seed: UInt64 = 7) -> Fixture {
    Fixture.make(SimulationConfig(users: users, days: days, seed: seed, scenario: scenario, stealth: stealth, attackStartDay: 2,
                                  benignLookalikes: false))
}

/// The local hour of an instant in a zone.
func localHour(_ t: EpochMillis, _ zone: ZoneRule) -> Int { zone.localHour(t) }

/// A fresh temporary directory path (not created).
func temporaryDirectory(_ name: String) -> String {
    "/tmp/vigil-simulation-tests-\(name)-\(UInt64.random(in: 0...UInt64.max))"
}
