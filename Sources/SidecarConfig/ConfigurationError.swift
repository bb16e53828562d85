/// One problem in the configuration, named by its key path (`qradar.url`, `sources[2].filter`,
/// `privacy.keys[0].secret_file`) or by the environment variable that supplied the value.
public struct ConfigurationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The key path, in the configuration file's own (snake_case) spelling.
    public var key: String
    /// What is wrong and, where it helps, what to do. Never contains a secret.
    public var message: String
    /// The 1-based line in the configuration file, when the problem is tied to one.
    public var line: Int?

    public init(key: String, message: String, line: Int? = nil) {
        self.key = key
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "\(key): \(message) (line \(line))" }
        return "\(key): \(message)"
    }
}

/// Every problem found while loading a configuration: loading does not stop at the first one, so an operator
/// fixes them all in one round. `description` lists one `key: message` per line.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [ConfigurationIssue]

    public init(issues: [ConfigurationIssue]) {
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }

    /// The issue reported for `key`, if any.
    public func issue(for key: String) -> ConfigurationIssue? {
        issues.first { $0.key == key }
    }
}
