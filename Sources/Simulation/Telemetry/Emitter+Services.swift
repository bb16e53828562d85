import VigilCore

/// Application, database, file-audit, Linux and health telemetry.
extension Emitter {
    /// A business-application request (the application's own audit log).
    mutating func applicationAccess(_ time: EpochMillis, user: String, client: Asset?, clientIP: String, resource: Resource,
                                    action: String, bytes: Int64, success: Bool = true) {
        guard let server = resource.assetIndex.map({ enterprise.assets[$0] }) else { return }
        let log = server.serviceLogSource ?? server.logSource
        let upload = action == "push" || action == "update" || action == "create" || action == "edit"
        append(Event(id: nextID(), time: time, kind: .applicationAccess, name: "Application " + action, eventCode: action, user: user,
                     sourceIP: clientIP, sourceHost: client?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                     destinationPort: 443, networkProtocol: "HTTPS", application: resource.application, resource: resource.name,
                     bytesIn: upload ? 2_000 : bytes, bytesOut: upload ? bytes : 1_200, device: client?.hostname,
                     outcome: success ? .success : .failure, logSource: logSourceName(log), severity: 1,
                     category: action == "export" ? "Data Export" : "Application Access"),
               logSource: log)
    }

    /// A database audit record.
    mutating func databaseStatement(_ time: EpochMillis, user: String, client: Asset?, clientIP: String, server: Asset, database: String,
                                    object: String, statement: String, rows: Int, bytes: Int64, application: String = "Microsoft SQL Server") {
        let log = server.serviceLogSource ?? server.logSource
        let verb = String(statement.prefix(while: { $0 != " " })).uppercased()
        let category: String
        switch verb {
        case "SELECT": category = "Database Query"
        case "UPDATE", "INSERT", "DELETE": category = "Database Update"
        default: category = "Database Administration"
        }
        append(Event(id: nextID(), time: time, kind: .database, name: "SQL statement executed", eventCode: verb, user: user,
                     sourceIP: clientIP, sourceHost: client?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                     destinationPort: 1433, networkProtocol: "TDS", application: application, resource: object,
                     bytesIn: bytes, bytesOut: Int64(statement.utf8.count + 120), device: client?.hostname, outcome: .success,
                     logSource: logSourceName(log), command: statement, severity: category == "Database Administration" ? 2 : 1,
                     category: category, properties: ["Database": database, "Rows": String(rows)]),
               logSource: log)
    }

    /// A file read, write or delete recorded by file auditing, with bytes.
    mutating func fileOperation(_ time: EpochMillis, user: String, client: Asset?, clientIP: String, server: Asset, path: String,
                                operation: String, bytes: Int64) {
        let log = server.serviceLogSource ?? server.logSource
        let write = operation == "write"
        let name: String
        switch operation {
        case "write": name = "File written"
        case "delete": name = "File deleted"
        case "rename": name = "File renamed"
        default: name = "File read"
        }
        append(Event(id: nextID(), time: time, kind: .fileAccess, name: name, eventCode: "FILE_" + operation.uppercased(), user: user,
                     sourceIP: clientIP, sourceHost: client?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                     destinationPort: 445, networkProtocol: "SMB", application: "File Server", resource: path,
                     bytesIn: write ? 0 : bytes, bytesOut: write ? bytes : 0, device: client?.hostname, outcome: .success,
                     logSource: logSourceName(log), severity: 1, category: write ? "File Write" : (operation == "read" ? "File Read" : "File Modify")),
               logSource: log)
    }

    /// sshd accepting a login on a Linux server.
    mutating func sshLogin(_ time: EpochMillis, user: String, server: Asset, from client: Asset?, clientIP: String, method: String = "publickey") {
        append(Event(id: nextID(), time: time, kind: .authentication, name: "SSH login accepted", eventCode: "sshd-accepted", user: user,
                     sourceIP: clientIP, sourceHost: client?.hostname, destinationIP: server.ip, destinationHost: server.hostname,
                     sourcePort: 50_000 + (clientIP.utf8.count * 97) % 10_000, destinationPort: 22, networkProtocol: "SSH",
                     application: "sshd", device: client?.hostname, outcome: .success, logSource: logSourceName(server.logSource),
                     authPackage: method, severity: 1, category: "User Login Success"),
               logSource: server.logSource)
    }

    /// A command run with sudo on a Linux server.
    mutating func sudo(_ time: EpochMillis, user: String, server: Asset, command: String) {
        append(Event(id: nextID(), time: time, kind: .process, name: "sudo command executed", eventCode: "sudo", user: user,
                     sourceIP: server.ip, sourceHost: server.hostname, application: "sudo", resource: "/usr/bin/sudo",
                     device: server.hostname, outcome: .success, logSource: logSourceName(server.logSource), command: command, severity: 2,
                     category: "Command Execution", properties: ["Run As": "root"]),
               logSource: server.logSource)
    }

    /// A log source's own heartbeat.
    mutating func heartbeat(_ time: EpochMillis, logSource index: Int) {
        let source = enterprise.logSources[index]
        append(Event(id: nextID(), time: time, kind: .heartbeat, name: "Log source heartbeat", eventCode: "HEARTBEAT",
                     sourceIP: source.ip, sourceHost: source.hostname, application: source.type.syslogAppName, outcome: .success,
                     logSource: source.name, severity: 0, category: "Heartbeat"),
               logSource: index)
    }

    /// An event a log source sent that cannot be parsed: the raw line goes to the LEEF output as is. The normalized
    /// record is what QRadar keeps for a line no DSM parsed (category "Stored", the payload); nothing else marks
    /// it, so whether a line is malformed is decided by parsing it, as in the live path.
    mutating func malformed(_ time: EpochMillis, logSource index: Int, line: String) {
        let source = enterprise.logSources[index]
        append(Event(id: nextID(), time: time, kind: .other, name: "Unparsed event", eventCode: "UNPARSED", sourceIP: source.ip,
                     sourceHost: source.hostname, outcome: .unknown, logSource: source.name, severity: 3, category: "Stored",
                     properties: ["Payload": line]),
               logSource: index, malformed: line)
    }
}
