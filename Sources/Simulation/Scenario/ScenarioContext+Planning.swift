import VigilCore

extension ScenarioContext {
    /// The person's main working session on a run day as currently planned (after the overrides so far), or nil
    /// when they do not work that day.
    func workSession(_ person: Person, day: Int) -> (start: EpochMillis, end: EpochMillis, remote: Bool)? {
        let planner = DayPlanner(enterprise: enterprise, plan: plan, streams: streams)
        guard let s = planner.plan(person: person, epochDay: firstEpochDay + day).main else { return nil }
        return (s.start, s.end, s.remote)
    }

    /// The first run day at or after `day` on which the person has a full working session (not a short weekend
    /// visit), with that session.
    func nextWorkSession(_ person: Person, from day: Int) -> (day: Int, start: EpochMillis, end: EpochMillis, remote: Bool)? {
        var d = max(0, day)
        while d < days {
            if let s = workSession(person, day: d), s.end - s.start >= 3 * EpochMillis.hour { return (d, s.start, s.end, s.remote) }
            d += 1
        }
        return nil
    }

    /// An instant for an attack action on a run day: deep night in the person's zone for a noisy adversary,
    /// inside the person's working hours for a careful one.
    mutating func attackTime(_ person: Person, day: Int) -> EpochMillis {
        if config.stealth < 0.5 {
            return localTime(person, day: day, hour: random.int(0...3), minute: random.int(0...59))
        }
        if let s = workSession(person, day: day), s.end - s.start > EpochMillis.hour {
            return random.int64(s.start + 20 * EpochMillis.minute, s.end - 20 * EpochMillis.minute)
        }
        return localTime(person, day: day, hour: random.int(10...15), minute: random.int(0...59))
    }

    /// `proposed`, or a little after `notBefore` when it would come too early (keeps a kill chain in order).
    mutating func after(_ notBefore: EpochMillis, _ proposed: EpochMillis) -> EpochMillis {
        proposed > notBefore ? proposed : notBefore + EpochMillis(random.int(20...150)) * EpochMillis.minute
    }

    /// How many of something an attack does: `base` scaled by intensity, at least one.
    func scaled(_ base: Double) -> Int { max(1, Int((base * config.intensity).rounded())) }

    /// A fresh attacker host name in the Windows default style (`DESKTOP-7QK2J9A`).
    mutating func attackerDeviceName() -> String { "DESKTOP-" + random.alphanumeric(7) }

    /// An address in the documentation range for adversary infrastructure, unique within the run.
    mutating func adversaryAddress(_ place: Place) -> String {
        for _ in 0..<500 {
            let ip = World.address(in: place, random: &random)
            if !usedAdversaryAddresses.contains(ip) {
                usedAdversaryAddresses.insert(ip)
                return ip
            }
        }
        return World.address(in: place, random: &random)
    }

    /// A command-and-control domain that looks like a content-delivery host.
    mutating func c2Domain() -> String {
        let words = ["cdn", "static", "update", "telemetry", "sync", "assets", "edge", "metrics"]
        let tlds = ["top", "xyz", "live", "online", "site"]
        return random.pick(words) + "-" + random.hex(6) + "." + random.pick(tlds)
    }

    /// An actor for an attacker using someone's account from outside (VPN) on an unmanaged device.
    func outsider(account: String, ip: String, person: Person) -> Actor {
        Actor(account: account, device: nil, ip: ip, dc: enterprise.domainController(for: person.index))
    }

    /// An endpoint-like value for hosts outside the CMDB (an attacker's laptop), used only as a traffic source.
    func unmanagedHost(_ hostname: String, ip: String) -> Asset {
        Asset(index: -1, hostname: hostname, ip: ip, mac: "", kind: .laptop, platform: .windowsClient, os: "", ownerIndex: nil,
              department: nil, criticality: .low, zone: .userLAN, officeIndex: nil, publicIP: nil, services: [], vulnerabilities: [],
              logSource: -1, serviceLogSource: nil, commissionedDay: 0)
    }
}
