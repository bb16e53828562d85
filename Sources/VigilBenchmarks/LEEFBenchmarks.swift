import LEEF

/// LEEF encode/decode throughput on one core, for typical LEEF 2.0 lines with an RFC 5424 header
/// (about 300 bytes, 15 attributes).
public enum LEEFBenchmarks {
    /// - Parameter scale: 1.0 decodes and encodes 1,000,000 lines per run (best of 3).
    public static func run(scale: Double) -> [BenchmarkResult] {
        let messages = typicalMessages(count: 1024)
        let lines = messages.map { Array(LEEFEncoder.encode($0).utf8) }
        let strings = messages.map { LEEFEncoder.encode($0) }
        let averageBytes = Double(lines.reduce(0) { $0 + $1.count }) / Double(lines.count)
        let n = max(1000, Int(1_000_000 * scale))
        let detail = "\(n) lines of ~\(Int(averageBytes)) bytes, 15 attributes, best of 3"
        let reference: Int64 = 1_700_000_000_000
        var results: [BenchmarkResult] = []

        func record(_ name: String, _ seconds: Double) {
            let rate = Double(n) / seconds
            results.append(BenchmarkResult(name: "\(name) (lines)", value: rate, unit: "lines/s", detail: detail))
            results.append(
                BenchmarkResult(name: "\(name) (bytes)", value: rate * averageBytes / 1e6, unit: "MB/s", detail: detail))
        }

        var failures = 0
        let decodeBytes = bestOf(3) {
            for i in 0..<n {
                do {
                    let m = try LEEFDecoder.decode(bytes: lines[i & 1023], referenceTime: reference)
                    blackHole(m)
                } catch {
                    failures += 1
                }
            }
        }
        record("LEEF decode from bytes, one core", decodeBytes)

        let decodeString = bestOf(3) {
            for i in 0..<n {
                do {
                    let m = try LEEFDecoder.decode(strings[i & 1023], referenceTime: reference)
                    blackHole(m)
                } catch {
                    failures += 1
                }
            }
        }
        record("LEEF decode from String, one core", decodeString)

        var buffer: [UInt8] = []
        buffer.reserveCapacity(1024)
        let encodeBytes = bestOf(3) {
            for i in 0..<n {
                buffer.removeAll(keepingCapacity: true)
                LEEFEncoder.append(messages[i & 1023], to: &buffer)
                blackHole(buffer.count)
            }
        }
        record("LEEF encode to bytes, one core", encodeBytes)

        let encodeString = bestOf(3) {
            for i in 0..<n { blackHole(LEEFEncoder.encode(messages[i & 1023])) }
        }
        record("LEEF encode to String, one core", encodeString)
        if failures > 0 {
            results.append(BenchmarkResult(name: "LEEF decode failures", value: Double(failures), unit: "lines", detail: "should be 0"))
        }
        return results
    }

    /// Deterministic, varied "typical" messages: RFC 5424 header, LEEF 2.0 with `^`, 15 attributes.
    public static func typicalMessages(count: Int) -> [LEEFMessage] {
        let users = ["jdoe", "asmith", "svc_backup", "m.garcia", "li.wei", "admin"]
        let categories = ["Authentication", "FileAccess", "NetworkFlow", "ProcessStart", "VPN"]
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0..<count).map { i in
            let t: Int64 = 1_700_000_000_000 + Int64(i) * 1_337
            var e = LEEFEvent(
                version: .v2, vendor: "Vigil", product: "Simulator", productVersion: "1.0",
                eventID: "EV\(1000 + next() % 50)", delimiter: UInt8(ascii: "^"))
            e.attributes.reserveCapacity(15)
            e.attributes.append(key: "devTime", value: String(t))
            e.attributes.append(key: "cat", value: categories[next() % categories.count])
            e.attributes.append(key: "sev", value: String(1 + next() % 10))
            e.attributes.append(key: "src", value: "10.\(next() % 256).\(next() % 256).\(next() % 256)")
            e.attributes.append(key: "dst", value: "172.16.\(next() % 256).\(next() % 256)")
            e.attributes.append(key: "srcPort", value: String(1024 + next() % 60000))
            e.attributes.append(key: "dstPort", value: String([22, 80, 443, 445, 3389][next() % 5]))
            e.attributes.append(key: "proto", value: "TCP")
            e.attributes.append(key: "usrName", value: users[next() % users.count])
            e.attributes.append(key: "srcBytes", value: String(next() % 100_000))
            e.attributes.append(key: "dstBytes", value: String(next() % 1_000_000))
            e.attributes.append(key: "identSrc", value: "10.0.\(next() % 256).\(next() % 256)")
            e.attributes.append(key: "resource", value: "fs\(next() % 20)")
            e.attributes.append(key: "url", value: "/app/view?id=\(next() % 100000)")
            e.attributes.append(key: "outcome", value: next() % 5 == 0 ? "failure" : "success")
            let header = SyslogHeader(
                format: .rfc5424, priority: 134, timestamp: t, hostname: "host\(next() % 500)",
                appName: "vigil-sim", procID: String(1000 + next() % 9000), msgID: "LEEF")
            return LEEFMessage(header: header, event: e)
        }
    }
}
