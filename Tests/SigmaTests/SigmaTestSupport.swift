import Sigma
import VigilCore

/// A Windows process creation as QRadar's Windows DSM gives it (Sysmon event 1 or Security 4688).
func processEvent(
    image: String, command: String, parent: String = "C:\\Windows\\explorer.exe", host: String = "ws-01", user: String = "alice",
    code: String = "1", time: EpochMillis = 1_700_000_000_000, id: String = "e1"
) -> Event {
    var e = Event(id: id, time: time, kind: .process, name: code == "1" ? "Sysmon: Process creation" : "A new process has been created",
                  eventCode: code, user: user, device: host, command: command)
    e.properties = [
        "logsourcetypename": code == "1" ? "Microsoft Windows Sysmon" : "Microsoft Windows Security Event Log",
        "Process Path": image, "Parent Process Path": parent,
    ]
    return e
}

/// One rule compiled alone; fails the test when it does not load.
func compile(_ yaml: String) throws -> SigmaRuleSet {
    let set = SigmaRuleSet(texts: [("test.yml", yaml)])
    if let r = set.rejected.first { throw r }
    return set
}

/// A process_creation rule whose detection is `body` (indented by 4) and condition `condition`.
func processRule(_ body: String, condition: String = "selection", level: String = "medium", id: String = "11111111-0000-0000-0000-000000000001") -> String {
    """
    title: Test rule
    id: \(id)
    status: test
    level: \(level)
    tags:
        - attack.execution
        - attack.t1059.001
    logsource:
        product: windows
        category: process_creation
    detection:
    \(body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        condition: \(condition)
    """
}
