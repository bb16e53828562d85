import VigilCore
import Synchronization
@testable import EmulatorEngine

/// A clock that moves only when a test says so.
final class TestClock: Sendable {
    private let current: Mutex<Int64>
    init(_ start: Int64) { current = Mutex(start) }
    func now() -> Int64 { current.withLock { $0 } }
    func advance(_ ms: Int64) { current.withLock { $0 += ms } }
    func set(_ t: Int64) { current.withLock { $0 = t } }
}

/// 2024-01-31 10:00:00 UTC.
let baseTime: Int64 = 1_706_695_200_000

func makeEngine(_ clock: TestClock, timing: SearchTiming = .init(), directory: String? = nil, rulesFile: String? = nil) throws -> QRadarEngine {
    try QRadarEngine(configuration: EngineConfiguration(
        dataDirectory: directory, rulesFile: rulesFile, searchTiming: timing, now: { clock.now() }))
}

/// Runs `body` and returns the EngineError it throws (nil if none).
func engineError<T>(_ body: () throws -> T) -> EngineError? {
    do {
        _ = try body()
        return nil
    } catch let e as EngineError {
        return e
    } catch {
        return EngineError(httpStatus: 0, code: 0, message: "unexpected \(error)")
    }
}

extension EngineError {
    /// `[httpStatus, code]`, for compact expectations.
    var pair: [Int] { [httpStatus, code] }
}

/// A Vigil AI-finding LEEF line as the sidecar writes it.
func vigilFinding(user: String?, src: String = "10.1.2.3", sev: Int = 6, time: Int64) -> String {
    var attrs = ["cat=AI Finding", "sev=\(sev)", "src=\(src)", "devTime=\(time)", "Finding ID=f-\(time)"]
    if let user { attrs.append("usrName=\(user)") }
    return "<13>Jan 31 10:00:00 vigil-sidecar LEEF:2.0|Vigil|Vigil|1.0|AIFinding|^|" + attrs.joined(separator: "^")
}

/// Makes a temporary directory path unique to the test.
func temporaryDirectory(_ name: String) -> String {
    "/tmp/vigil-engine-tests-\(name)-\(EngineState.uuid())"
}

extension JSONValue {
    var objectKeys: Set<String> { Set(objectValue?.keys.map { $0 } ?? []) }
}
