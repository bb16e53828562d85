import Foundation

extension SigmaRuleSet {
    /// Loads every `.yml`/`.yaml` file under the given files and folders (recursively, in path order). An unreadable
    /// file is a rejection like a malformed rule; a path that does not exist throws.
    public static func load(paths: [String], options: Options = Options()) throws -> SigmaRuleSet {
        let fm = FileManager.default
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw SigmaLoadError(path: path) }
            if isDirectory.boolValue {
                let found = (fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
                    .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
                    .sorted()
                files += found.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        var texts: [(source: String, yaml: String)] = []
        var unreadable: [SigmaRuleRejection] = []
        for file in files {
            if let data = fm.contents(atPath: file), let text = String(data: data, encoding: .utf8) {
                texts.append((file, text))
            } else {
                unreadable.append(SigmaRuleRejection(source: file, kind: .malformed, reason: "unreadable or not UTF-8"))
            }
        }
        var set = SigmaRuleSet(texts: texts, options: options)
        set.addRejections(unreadable)
        return set
    }
}

/// A configured Sigma rules path does not exist.
public struct SigmaLoadError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var description: String { "Sigma rules path not found: \(path)" }
}
