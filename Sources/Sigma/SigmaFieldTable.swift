import VigilCore

/// Where a Sigma field's value lives in a Vigil ``Event``.
public enum SigmaEventField: Sendable, Hashable {
    case eventCode, user, command, name, sourceIP, sourceHost, destinationIP, destinationHost, sourcePort, destinationPort
    case logonType, authPackage, resource, failureReason, application, device
    /// The first of these custom properties that is present.
    case property([String])
    /// auditd's `a0`, `a1`…: the n-th word of the command line.
    case argument(Int)
    /// Sigma keywords (a list of strings without a field): searched in the event's name, command and properties.
    case keywords
}

/// Sigma's field names (the Windows and Linux taxonomy of SigmaHQ's rules) mapped to Vigil's events: the standard
/// columns, the Windows DSM's custom properties Vigil selects (docs/INGESTION.md), and auditd's fields.
///
/// A field not in the table is read from a custom property of the same name, so a QRadar admin can make any Sigma
/// field available by extracting a property named after it. A field with no value is absent: a selection that needs
/// it does not match, and a filter on it (`not filter`) does not exclude.
public struct SigmaFieldTable: Sendable {
    /// The mapping, keyed by the lowercased Sigma field name.
    public static let standard: [String: SigmaEventField] = {
        var m: [String: SigmaEventField] = [:]
        func map(_ names: [String], _ field: SigmaEventField) { for n in names { m[n.lowercased()] = field } }
        map(["EventID", "EventCode"], .eventCode)
        map(["Image", "NewProcessName", "SourceImage", "exe", "ProcessName"], .property(["Process Path", "Process Name"]))
        map(["CommandLine", "ProcessCommandLine", "ScriptBlockText", "Payload"], .command)
        map(["ParentImage", "ParentProcessName"], .property(["Parent Process Path"]))
        map(["ParentCommandLine"], .property(["Parent Process CommandLine"]))
        map(["User", "AccountName"], .property(["Account Name", "Username"]))
        map(["SubjectUserName"], .user)
        map(["TargetUserName", "TargetUser"], .property(["Target Username"]))
        map(["LogonType"], .logonType)
        map(["AuthenticationPackageName", "AuthenticationPackage"], .authPackage)
        map(["IpAddress", "SourceAddress", "SourceIp", "src_ip"], .sourceIP)
        map(["IpPort", "SourcePort", "src_port"], .sourcePort)
        map(["DestinationIp", "DestAddress", "dst_ip"], .destinationIP)
        map(["DestinationPort", "DestPort", "dst_port"], .destinationPort)
        map(["DestinationHostname"], .destinationHost)
        map(["WorkstationName", "Workstation", "SourceHostname"], .sourceHost)
        map(["Computer", "ComputerName"], .device)
        map(["ServiceName"], .property(["Service Name"]))
        map(["ImagePath", "ServiceFileName"], .property(["Service File Name"]))
        map(["TaskName"], .property(["Task Name"]))
        map(["TaskContent"], .property(["Task Content"]))
        map(["TargetObject"], .property(["Registry Key"]))
        map(["Details", "NewValue"], .property(["Registry Value"]))
        map(["ObjectName"], .property(["Object Name", "Registry Key", "File Path"]))
        map(["TargetFilename", "FileName"], .property(["File Path", "Target Filename"]))
        map(["ImageLoaded"], .property(["Image Loaded"]))
        map(["TargetImage"], .property(["Target Process Path"]))
        map(["GrantedAccess"], .property(["Granted Access"]))
        map(["AccessMask"], .property(["Access Mask"]))
        map(["Properties"], .property(["Properties"]))
        map(["QueryName"], .property(["Query Name"]))
        map(["ShareName"], .property(["Share Name"]))
        map(["RelativeTargetName"], .property(["Relative Target Name"]))
        map(["AttributeLDAPDisplayName"], .property(["Attribute Name"]))
        map(["AttributeValue"], .property(["Attribute Value"]))
        map(["TicketEncryptionType"], .property(["Ticket Encryption Type"]))
        map(["TicketOptions"], .property(["Ticket Options"]))
        map(["Status", "FailureCode"], .property(["Status", "Failure Code"]))
        map(["SubStatus"], .property(["Sub Status"]))
        map(["Hashes", "Hash"], .property(["File Hash"]))
        map(["Provider_Name", "Provider"], .property(["Provider"]))
        map(["GroupName", "TargetGroupName"], .property(["Group Name"]))
        map(["type"], .property(["Audit Operation"]))
        map(["comm"], .property(["Process Name"]))
        for i in 0..<10 { m["a\(i)"] = .argument(i) }
        return m
    }()

    /// Each distinct ``SigmaEventField`` a loaded rule reads, by slot.
    public private(set) var fields: [SigmaEventField] = [.keywords]
    private var slots: [SigmaEventField: Int] = [.keywords: 0]

    /// The slot of keyword searches.
    static let keywordSlot = 0

    public init() {}

    /// The slot of a Sigma field name, adding it on first use.
    mutating func slot(forSigmaField name: String) -> Int {
        let field = Self.standard[name.lowercased()] ?? .property([name])
        if let s = slots[field] { return s }
        fields.append(field)
        slots[field] = fields.count - 1
        return fields.count - 1
    }
}
