import VigilCore

/// One stretch of someone being at work: logged on, active, logged off.
struct Session: Sendable {
    var start: EpochMillis
    var end: EpochMillis
    /// From home or a hotel over VPN, rather than on the office LAN.
    var remote: Bool
    /// Index into the person's override travels, or -1.
    var travel: Int16 = -1
    /// Index into the person's override egress changes, or -1.
    var egress: Int16 = -1
    /// Local offset from UTC in minutes (for the diurnal rhythm).
    var offsetMinutes: Int16
    /// Label for every event of the session, or -1.
    var label: Int32 = -1
    /// Label for the session-start events only, or -1.
    var startLabel: Int32 = -1
    /// Label for the VPN login and logout only, or -1.
    var vpnLabel: Int32 = -1
    /// Index into the person's override habit changes, or -1 for their own habits.
    var habitSet: Int16 = -1
    /// Only remote administration (on-call call-outs).
    var adminOnly = false
}

/// A person's sessions on one local day.
struct DayPlan: Sendable {
    var main: Session?
    var evening: Session?
}

/// Decides, for a person and a local calendar day, whether and when they work, from where, and which labels apply.
/// Depends only on the seed, the person, the day and the scenario's overrides.
struct DayPlanner: Sendable {
    let enterprise: Enterprise
    let plan: ScenarioPlan
    let streams: RandomStreams

    func plan(person: Person, epochDay d: Int) -> DayPlan {
        if person.isService { return DayPlan() }
        let override = plan.overrides[person.index]
        let hireDay = override?.hireDay ?? person.startDay
        if d < hireDay { return DayPlan() }
        if let last = override?.lastDay, d > last { return DayPlan() }
        if let absent = override?.absentDays, absent.contains(d) { return DayPlan() }

        var random = streams.stream(.personDay, person.index, d)
        let office = enterprise.offices[person.officeIndex]
        var zone = office.place.zone
        let weekday = CivilDate.weekday(epochDay: d)
        let holiday = enterprise.holidays.isHoliday(country: office.place.country, epochDay: d)

        // Travel replaces the home day entirely.
        if let travels = override?.travels {
            for (ti, t) in travels.enumerated() {
                if d == t.departDay {
                    var s = Session(start: t.arrival + EpochMillis(random.int(110...170)) * EpochMillis.minute, end: 0, remote: true,
                                    travel: Int16(ti), offsetMinutes: Int16(t.place.zone.offsetMinutes(at: t.arrival)))
                    s.end = s.start + EpochMillis(random.int(50...110)) * EpochMillis.minute
                    s.label = Int32(t.label)
                    return DayPlan(main: s)
                }
                if d > t.departDay, d < t.returnDay {
                    zone = t.place.zone
                    let wd = CivilDate.weekday(epochDay: d)
                    let startMinute = person.startMinute + Int(random.normal(mean: 0, sd: 25))
                    let length = (wd < 5 ? person.workMinutes : 150) + Int(random.normal(mean: 0, sd: 40))
                    let start = zone.utc(localDay: d, minuteOfDay: wd < 5 ? startMinute : startMinute + 120)
                    var s = Session(start: start, end: start + EpochMillis(max(60, length)) * EpochMillis.minute, remote: true,
                                    travel: Int16(ti), offsetMinutes: Int16(zone.offsetMinutes(at: start)))
                    s.label = Int32(t.label)
                    return DayPlan(main: s)
                }
                if d == t.returnDay { return DayPlan() }
            }
        }

        // Whether and how long the person works today.
        var startMinute = person.startMinute
        var length = person.workMinutes
        var works: Bool
        var short = false
        switch person.pattern {
        case .shift:
            let week = (d + 3) / 7
            let kind = (week + person.rotation) % 3
            let offA = (person.rotation + week) % 7
            works = weekday != offA && weekday != (offA + 1) % 7 && !(holiday && random.chance(0.5))
            startMinute = [6 * 60, 14 * 60, 22 * 60][kind] + Int(random.normal(mean: 0, sd: 8))
            length = 480 + Int(random.normal(mean: 0, sd: 12))
        case .partTime:
            works = weekday < 4 && !holiday
        default:
            works = weekday < 5 && !holiday
        }
        if works, random.chance(0.035) { works = false }  // leave, sickness
        if !works {
            let weekendRate: Double
            switch person.role {
            case .developer: weekendRate = 0.06
            case .executive: weekendRate = 0.1
            case .itAdmin, .dba: weekendRate = 0.05
            case .salesRep: weekendRate = 0.03
            default: weekendRate = 0.015
            }
            guard person.pattern != .shift, random.chance(holiday ? weekendRate * 0.6 : weekendRate) else { return DayPlan() }
            short = true
            startMinute = random.int(10 * 60...16 * 60)
            length = random.int(30...150)
        } else if person.pattern != .shift {
            startMinute += Int(random.normal(mean: 0, sd: 18))
            length += Int(random.normal(mean: 0, sd: 35))
        }
        let start = zone.utc(localDay: d, minuteOfDay: startMinute)
        let end = start + EpochMillis(max(30, length)) * EpochMillis.minute
        let remote: Bool
        switch person.pattern {
        case .remote: remote = true
        case .hybrid: remote = random.chance(weekday == 0 || weekday == 4 ? min(1, person.remoteShare + 0.25) : person.remoteShare)
        default: remote = short || random.chance(person.remoteShare)
        }
        var main = Session(start: start, end: end, remote: remote, offsetMinutes: Int16(zone.offsetMinutes(at: start)))
        applyOverrides(override, to: &main, day: d)

        var evening: Session?
        if !short, works, person.pattern != .shift,
           random.chance(person.role == .developer || person.role == .executive || person.role == .salesRep ? 0.12 : 0.03) {
            let es = zone.utc(localDay: d, minuteOfDay: random.int(20 * 60...21 * 60 + 30))
            if es > end + EpochMillis.hour {
                var s = Session(start: es, end: es + EpochMillis(random.int(20...75)) * EpochMillis.minute, remote: true,
                                offsetMinutes: main.offsetMinutes)
                applyOverrides(override, to: &s, day: d)
                evening = s
            }
        }
        return DayPlan(main: main, evening: evening)
    }

    private func applyOverrides(_ override: PersonOverride?, to s: inout Session, day d: Int) {
        guard let override else { return }
        if let hire = override.hireDay, let label = override.hireLabel, let until = override.hireLabelUntilDay, d >= hire, d < until {
            s.label = Int32(label)
        }
        if let sl = override.sessionLabel, s.start >= sl.from, s.start < sl.until {
            s.startLabel = Int32(sl.label)
        }
        for (i, h) in override.habitChanges.enumerated() where h.fromDay <= d { s.habitSet = Int16(i) }
        if s.remote {
            for (i, e) in override.egress.enumerated() where e.from <= s.start {
                s.egress = Int16(i)
                if s.start < e.labelUntil { s.vpnLabel = Int32(e.label) }
            }
        }
    }
}
