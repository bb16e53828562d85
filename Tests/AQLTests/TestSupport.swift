import Foundation
@testable import AQL

/// Deterministic generator for property tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One query of a corpus file with its annotations.
struct CorpusEntry {
    var source: String
    var expect: (line: Int, column: Int)?
    var text: String
}

enum Corpus {
    static func load(_ name: String) throws -> [CorpusEntry] {
        guard let url = Bundle.module.url(forResource: "Corpus/\(name)", withExtension: "aql")
            ?? Bundle.module.url(forResource: name, withExtension: "aql", subdirectory: "Corpus") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [CorpusEntry] = []
        for block in text.components(separatedBy: "\n\n") {
            var source = "", expect: (Int, Int)?
            var lines: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("# source:") {
                    source = String(line.dropFirst("# source:".count)).trimmingCharacters(in: .whitespaces)
                } else if line.hasPrefix("# expect:") {
                    let parts = line.dropFirst("# expect:".count).trimmingCharacters(in: .whitespaces).split(separator: ":")
                    if parts.count == 2, let l = Int(parts[0]), let c = Int(parts[1]) { expect = (l, c) }
                } else if !line.hasPrefix("#") {
                    lines.append(String(line))
                }
            }
            if !lines.isEmpty { out.append(CorpusEntry(source: source, expect: expect, text: lines.joined(separator: "\n"))) }
        }
        return out
    }

    /// Custom properties the corpus queries reference (as configured on the consoles they ran against).
    static let customProperties = [
        "Metric ID", "Hostname", "URL", "Filename", "File Hash", "SHA1 Hash", "SHA256 Hash", "MD5 Hash",
        "File Path", "CRE Name", "CRE Description", "DNS Request Domain", "EventID", "Image", "ParentImage",
        "Process CommandLine", "ParentCommandLine", "TargetImage", "Message", "Registry Value Name", "IMP Hash",
        "ServiceFileName", "Registry Key", "ObjectName", "UrlHost", "Process Name", "Process ID", "Parent Process ID",
        "Machine Identifier", "Process Guid", "domainname", "Application", "Account Domain", "Destination Host Name",
        "File ID", "BytesReceived", "BytesSent", "Source Host Name", "Bytes", "Installer Filename", "Action",
        "Application Determination Algorithm", "Content Subject", "Content Type", "DNS Response", "File Entropy",
        "File Name", "File Size", "Flow Direction Algorithm", "Google Search Terms", "Originating User", "Password",
        "Recipient Users", "Request URL", "Search Arguments", "Suspect Content Descriptions",
        "fieldA", "fieldB", "field", "field name", "Command",
    ]

    /// The validator for the corpus: custom properties are text except the numeric health metric.
    static var validator: AQLValidator {
        var v = AQLValidator(customProperties: customProperties)
        v.catalogues["events"]?.addCustomProperty("Value", type: .double)
        return v
    }
}
