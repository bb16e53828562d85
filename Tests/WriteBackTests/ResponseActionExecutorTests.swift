import Foundation
import Governance
import Hummingbird
import Logging
import NIOCore
import QRadarClient
import Storage
import Synchronization
import Testing
import VigilCore

@testable import WriteBack

/// What the fake SOAR received.
final class SOARRecorder: Sendable {
    struct Call: Sendable {
        var path: String
        var authorization: String?
        var idempotencyKey: String?
        var body: [UInt8]
    }

    private let calls = Mutex<[Call]>([])
    var all: [Call] { calls.withLock { $0 } }
    func append(_ call: Call) { calls.withLock { $0.append(call) } }
}

/// A tiny SOAR playbook endpoint on 127.0.0.1:0 answering `202 {"runId":"run-42"}`.
func withFakeSOAR<R: Sendable>(_ body: (Int, SOARRecorder) async throws -> R) async throws -> R {
    let recorder = SOARRecorder()
    let router = Router()
    router.post("/hooks/disable-account") { request, _ -> Response in
        let bytes = try await request.body.collect(upTo: 1 << 20)
        recorder.append(SOARRecorder.Call(
            path: request.uri.path, authorization: request.headers[.authorization],
            idempotencyKey: request.headers.first { $0.name.canonicalName == "idempotency-key" }?.value, body: Array(bytes.readableBytesView)))
        return Response(status: .accepted, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"runId":"run-42"}"#)))
    }
    var logger = Logger(label: "test.soar")
    logger.logLevel = .critical
    let (ready, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        var iterator = ready.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw TestFailure("the fake SOAR did not start") }
        do {
            let result = try await body(port, recorder)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

@Suite(.timeLimit(.minutes(1))) struct ResponseActionExecutorTests {
    func responder(_ governed: Governed, client: QRadarClient, soarPort: Int?) -> ResponseActionExecutor {
        let hooks = soarPort.map { [SOARWebhook(name: "soar-disable", url: "http://127.0.0.1:\($0)/hooks/disable-account", bearerToken: "soar-secret-1")] } ?? []
        var logger = Logger(label: "test.response")
        logger.logLevel = .critical
        return ResponseActionExecutor(
            client: client, vault: governed.vault, audit: governed.store, ledger: governed.store,
            settings: ResponseExecutionSettings(webhooks: hooks), clock: governed.clock, logger: logger)
    }

    /// Runs `body` with an executor, closing its HTTP client afterwards.
    func withResponder<R: Sendable>(_ governed: Governed, client: QRadarClient, soarPort: Int?,
                                    _ body: (ResponseActionExecutor) async throws -> R) async throws -> R {
        let executor = responder(governed, client: client, soarPort: soarPort)
        do {
            let result = try await body(executor)
            try await executor.shutdown()
            return result
        } catch {
            try? await executor.shutdown()
            throw error
        }
    }

    func queue(_ governed: Governed) -> ApprovalQueue {
        ApprovalQueue(store: governed.store, workflow: ApprovalWorkflow(settings: ResponseActionSettings(disableAccountWebhook: "soar-disable")),
                      clock: governed.clock)
    }

    @Test func approvedBlockIPLandsInTheBlocklistSet() async throws {
        try await withEmulator { endpoints, _ in
            try await withClient(try emulatorClient(endpoints)) { client in
                let governed = try Governed()
                let ip = try await governed.pseudonym("203.0.113.9", .ip)
                let queue = queue(governed)
                let action = ResponseAction(kind: .blockIP, target: ip, parameters: ["referenceSet": "vigil_blocklist_ips"])
                _ = try await queue.submit(id: "A-1", action: action, findingID: "F-20", summary: "C2 beacon", evidence: ["e1"], requestedBy: .system("vigil"))
                _ = try await queue.decide(id: "A-1", approve: true, by: "alice", role: .analyst)

                try await withResponder(governed, client: client, soarPort: nil) { executor in
                let executed = try await executor.execute(approvalID: "A-1", queue: queue)
                #expect(executed.status == .executed)
                #expect(executed.outcomeDetail == "added the address to reference set 'vigil_blocklist_ips'")
                let set = try await client.referenceSet(name: "vigil_blocklist_ips")
                #expect(set.elementType == .ip)
                #expect(set.data?.map(\.value) == ["203.0.113.9"])

                // Executed now, so it is not approved any more: running it again is refused.
                await #expect(throws: ResponseActionError.notApproved(.executed)) {
                    try await executor.execute(approvalID: "A-1", queue: queue)
                }
                let audit = try await governed.writeBackAudit()
                #expect(audit.count == 1)
                #expect(audit.first?.payload.contains(#""target":"block-ip""#) == true)
                }
            }
        }
    }

    @Test func approvedDisableAccountCallsTheWebhookOnceWithTheRightBody() async throws {
        try await withFakeSOAR { port, soar in
            try await withEmulator { endpoints, _ in
                try await withClient(try emulatorClient(endpoints)) { client in
                    let governed = try Governed()
                    let user = try await governed.pseudonym("jdoe", .user)
                    let queue = queue(governed)
                    let action = ResponseAction(kind: .disableAccount, target: user, parameters: ["webhook": "soar-disable"])
                    _ = try await queue.submit(id: "A-2", action: action, findingID: "F-21", summary: "Account takeover",
                                               evidence: ["ev-1", "ev-2"], requestedBy: .system("vigil"))
                    let approved = try await queue.decide(id: "A-2", approve: true, by: "alice", role: .analyst)
                    try await withResponder(governed, client: client, soarPort: port) { executor in
                    let detail = try await executor.execute(approved)
                    #expect(detail == "SOAR webhook 'soar-disable' accepted the request (HTTP 202), run run-42")
                    #expect(soar.all.count == 1)
                    let call = try #require(soar.all.first)
                    #expect(call.authorization == "Bearer soar-secret-1")
                    #expect(call.idempotencyKey == "A-2")
                    let body = try #require(try JSONSerialization.jsonObject(with: Data(call.body)) as? [String: Any])
                    #expect(body["action"] as? String == "disable-account")
                    #expect(body["account"] as? String == "jdoe")
                    #expect(body["findingID"] as? String == "F-21")
                    #expect(body["approvalID"] as? String == "A-2")
                    #expect(body["approvedBy"] as? String == "alice")
                    #expect(body["evidence"] as? [String] == ["ev-1", "ev-2"])
                    #expect(body.count == 6)

                    // The same approved request handed over again (a replay) does not call the SOAR twice.
                    #expect(try await executor.execute(approved) == detail)
                    #expect(soar.all.count == 1)
                    let marked = try await queue.markExecuted(id: "A-2", detail: detail)
                    #expect(marked.status == .executed)
                    }
                }
            }
        }
    }

    @Test func requestsThatAreNotApprovedAreRefused() async throws {
        try await withFakeSOAR { port, soar in
            try await withEmulator { endpoints, _ in
                try await withClient(try emulatorClient(endpoints)) { client in
                    let governed = try Governed()
                    let queue = queue(governed)
                    try await withResponder(governed, client: client, soarPort: port) { executor in
                    let disable = ResponseAction(kind: .disableAccount, target: "jdoe", parameters: ["webhook": "soar-disable"])
                    let block = ResponseAction(kind: .blockIP, target: "198.51.100.7")
                    let pending = try await queue.submit(id: "A-3", action: disable, findingID: "F-22", summary: "s", evidence: [],
                                                         requestedBy: .system("vigil"))
                    _ = try await queue.submit(id: "A-4", action: block, findingID: "F-22", summary: "s", evidence: [], requestedBy: .system("vigil"))
                    let rejected = try await queue.decide(id: "A-4", approve: false, by: "alice", role: .analyst)

                    await #expect(throws: ResponseActionError.notApproved(.pending)) { try await executor.execute(pending) }
                    await #expect(throws: ResponseActionError.notApproved(.rejected)) { try await executor.execute(rejected) }
                    await #expect(throws: ResponseActionError.notApproved(.pending)) {
                        try await executor.execute(approvalID: "A-3", queue: queue)
                    }
                    #expect(soar.all.isEmpty)
                    await #expect(throws: QRadarAPIError.self) { try await client.referenceSet(name: "vigil_blocklist_ips") }
                    #expect(try await queue.store.approval(id: "A-3")?.status == .pending, "a refused request is left as it was")
                    #expect(try await governed.writeBackAudit().isEmpty)
                    }
                }
            }
        }
    }

    @Test func webhookURLsMustBeHTTPSOrLoopback() {
        #expect(ResponseActionExecutor.isAcceptable(url: "https://soar.example.com/hook"))
        #expect(ResponseActionExecutor.isAcceptable(url: "http://127.0.0.1:8080/hook"))
        #expect(ResponseActionExecutor.isAcceptable(url: "http://[::1]:8080/hook"))
        #expect(!ResponseActionExecutor.isAcceptable(url: "http://soar.example.com/hook"))
        #expect(!ResponseActionExecutor.isAcceptable(url: "http://127.0.0.1@evil.example/hook"))
        #expect(!ResponseActionExecutor.isAcceptable(url: "ftp://soar.example.com/hook"))
        #expect(!SOARWebhook(name: "n", url: "https://x", bearerToken: "secret").description.contains("secret"))
    }
}
