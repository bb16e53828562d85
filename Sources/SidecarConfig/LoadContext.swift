import Foundation
import Yams

/// Collects issues and warnings while one configuration is read, and resolves files and environment variables.
final class LoadContext {
    var issues: [ConfigurationIssue] = []
    var warnings: [String] = []
    let environment: [String: String]
    let baseDirectory: String
    let workingDirectory: String

    init(environment: [String: String], baseDirectory: String, workingDirectory: String) {
        self.environment = environment
        self.baseDirectory = baseDirectory
        self.workingDirectory = workingDirectory
    }

    func fail(_ key: String, _ message: String, at node: Node? = nil) {
        issues.append(ConfigurationIssue(key: key, message: message, line: node?.mark?.line))
    }

    func warn(_ message: String) {
        warnings.append(message)
    }

    /// A non-empty environment variable.
    func env(_ name: String) -> String? {
        guard let v = environment[name], !v.trimmingSpacesAndTabs().isEmpty else { return nil }
        return v
    }

    /// A path from the file, relative to the configuration file's directory.
    func resolve(_ path: String) -> String {
        Self.resolve(path, against: baseDirectory, home: environment["HOME"])
    }

    /// A path from an environment variable, relative to the working directory.
    func resolveFromEnvironment(_ path: String) -> String {
        Self.resolve(path, against: workingDirectory, home: environment["HOME"])
    }

    /// `path` made absolute against `directory`; `~/` expands to `home` (by default the process's `HOME`).
    static func resolve(_ path: String, against directory: String,
                        home: String? = ProcessInfo.processInfo.environment["HOME"]) -> String {
        var p = path
        if p == "~" || p.hasPrefix("~/"), let home {
            p = home + p.dropFirst()
        }
        if p.hasPrefix("/") { return normalize(p) }
        let base = directory.isEmpty ? "." : directory
        return normalize(base.hasSuffix("/") ? base + p : base + "/" + p)
    }

    /// Removes `.` components and resolves `..` lexically (no symlink resolution).
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    func fileExists(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Whether a file or a folder exists at `path`.
    func pathExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    func readFile(_ path: String) -> [UInt8]? {
        guard fileExists(path), let data = FileManager.default.contents(atPath: path) else { return nil }
        return Array(data)
    }
}
