import Foundation

enum FileManagerSupport {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "vigil-sigma-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}
