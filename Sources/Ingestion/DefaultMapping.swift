/// The default mapping, identical to `config/mapping.default.json` (a test checks they decode to the same value).
extension FieldMapping {
    /// The default mapping: QRadar's standard fields, the Windows, VPN, file, database, proxy and flow kinds, and
    /// the custom property names the simulator (and a typical QRadar deployment) uses.
    public static func defaultMapping() throws(IngestionConfigurationError) -> FieldMapping {
        try decode(json: defaultJSON)
    }

    /// The text of `config/mapping.default.json`.
    public static let defaultJSON = #"""
{
  "name": "default",
  "windowTimeColumn": "starttime",
  "identity": {
    "idColumns": ["Vigil Event ID"],
    "hashColumns": ["starttime", "devicetime", "qid", "qidname", "logsourceid", "logsourcename", "sourceip", "sourceport",
                    "destinationip", "destinationport", "username", "payload", "utf8_payload"]
  },
  "computedColumns": {
    "events": {
      "qidname": "QIDNAME(qid)",
      "categoryname": "CATEGORYNAME(category)",
      "logsourcename": "LOGSOURCENAME(logsourceid)",
      "logsourcetypename": "LOGSOURCETYPENAME(devicetype)",
      "protocolname": "PROTOCOLNAME(protocolid)"
    },
    "flows": {
      "categoryname": "CATEGORYNAME(category)",
      "protocolname": "PROTOCOLNAME(protocolid)",
      "applicationname": "APPLICATIONNAME(applicationid)"
    }
  },
  "customProperties": {
    "events": ["Vigil Event ID", "Event Kind", "Event ID", "Source Host", "Destination Host", "Application", "Resource",
               "File Path", "Share Name", "URL Host", "Device", "Logon Type", "Authentication Package",
               "Process CommandLine", "Failure Reason", "Bytes In", "Bytes Out", "Application Protocol", "Outcome",
               "Country", "City", "Latitude", "Longitude",
               "Process Path", "Parent Process Path", "Parent Process CommandLine", "Target Username", "Group Name", "Service Name",
               "Service File Name", "Task Name", "Task Content", "Registry Key", "Registry Value", "Access Mask", "Properties",
               "Ticket Encryption Type", "Ticket Options", "Status", "Granted Access", "Target Process Path", "Image Loaded", "Query Name",
               "Attribute Name", "Attribute Value"],
    "flows": ["Vigil Event ID", "Source Host", "Destination Host", "Username"]
  },
  "fields": {
    "time": ["devicetime", "firstpackettime", "starttime"],
    "name": ["qidname", "Event Name"],
    "eventCode": ["Event ID", "qideventid"],
    "user": ["username", "usrName", "accountName"],
    "sourceIP": ["sourceip", "sourcev6", "src"],
    "sourceHost": ["Source Host", "identityhostname", "identHostName"],
    "destinationIP": ["destinationip", "destinationv6", "dst"],
    "destinationHost": ["Destination Host", "dstHostName"],
    "sourcePort": ["sourceport", "srcPort"],
    "destinationPort": ["destinationport", "dstPort"],
    "networkProtocol": ["Application Protocol", "protocolname", "proto"],
    "application": ["Application", "applicationname"],
    "resource": ["Resource", "File Path", "Share Name", "Object Name", "URL Host", "url"],
    "bytesIn": ["destinationbytes", "Bytes In", "dstBytes"],
    "bytesOut": ["sourcebytes", "Bytes Out", "srcBytes"],
    "packets": ["Packets", "totalPackets", {"sum": ["sourcepackets", "destinationpackets"]}, {"sum": ["srcPackets", "dstPackets"]}],
    "country": ["Country", "geoCountry", "geographic"],
    "city": ["City", "geoCity"],
    "latitude": ["Latitude", "geoLatitude"],
    "longitude": ["Longitude", "geoLongitude"],
    "device": ["Device", "Machine Name", "Workstation Name"],
    "outcome": ["Outcome"],
    "logSource": ["logsourcename"],
    "logonType": ["Logon Type"],
    "authPackage": ["Authentication Package", "authPackage"],
    "command": ["Process CommandLine", "Command", "Command Line"],
    "failureReason": ["Failure Reason"],
    "severity": ["severity", "sev"],
    "category": ["categoryname", "cat"]
  },
  "kindRules": [
    {"fromColumn": "Event Kind"},
    {"kind": "networkFlow", "database": "flows"},
    {"kind": "authentication", "all": [{"field": "eventCode", "equals": ["4624", "4625", "4776"]}]},
    {"kind": "logoff", "all": [{"field": "eventCode", "equals": ["4634", "4647"]}]},
    {"kind": "explicitCredentials", "all": [{"field": "eventCode", "equals": ["4648"]}]},
    {"kind": "privilegeAssigned", "all": [{"field": "eventCode", "equals": ["4672"]}]},
    {"kind": "kerberos", "all": [{"field": "eventCode", "equals": ["4768", "4769", "4770", "4771"]}]},
    {"kind": "process", "all": [{"field": "eventCode", "equals": ["4688", "4104"]}]},
    {"kind": "shareAccess", "all": [{"field": "eventCode", "equals": ["5140", "5145"]}]},
    {"kind": "vpn", "any": [{"field": "category", "contains": ["remote access", "vpn"]}, {"field": "name", "contains": ["vpn"]}]},
    {"kind": "logoff", "any": [{"field": "category", "contains": ["logout", "logoff"]}]},
    {"kind": "kerberos", "any": [{"field": "category", "contains": ["kerberos"]}]},
    {"kind": "authentication", "any": [{"field": "category", "contains": ["login", "logon", "authentication"]}]},
    {"kind": "process", "any": [{"field": "category", "contains": ["process", "command execution"]}, {"field": "name", "contains": ["command executed"]}]},
    {"kind": "shareAccess", "any": [{"field": "category", "contains": ["file share"]}]},
    {"kind": "fileAccess", "any": [{"field": "category", "prefix": ["file "]}]},
    {"kind": "database", "any": [{"field": "category", "contains": ["database"]}, {"field": "name", "contains": ["sql statement"]}]},
    {"kind": "webProxy", "any": [{"field": "category", "contains": ["web access", "proxy"]}, {"field": "name", "contains": ["web request"]}]},
    {"kind": "heartbeat", "any": [{"field": "category", "contains": ["heartbeat"]}, {"field": "name", "contains": ["heartbeat"]}]},
    {"kind": "applicationAccess", "any": [{"field": "category", "contains": ["application access", "data export"]}]},
    {"kind": "networkFlow", "any": [{"field": "category", "contains": ["network flow"]}]}
  ],
  "defaultKind": "other",
  "outcome": {
    "failureValues": ["failure", "failed", "fail", "false", "denied", "deny", "rejected", "reject", "blocked", "block", "error", "unsuccessful"],
    "successValues": ["success", "succeeded", "successful", "ok", "true", "allowed", "allow", "accepted", "accept", "permitted", "granted"],
    "failureNameContains": ["fail", "denied", "rejected", "invalid", "blocked", "unsuccessful"],
    "defaultOutcome": "success"
  },
  "nullValues": ["0.0.0.0", "0:0:0:0:0:0:0:0", "::", "N/A", "-", "other"],
  "zeroPortIsNull": true,
  "dropColumns": ["payload", "utf8_payload"]
}
"""#
}
