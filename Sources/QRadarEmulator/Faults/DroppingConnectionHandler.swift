import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection, without answering, when fault injection says this request is to be dropped.
///
/// Sits in the channel pipeline after HTTP decoding (Hummingbird's `additionalChannelHandlers`), so the decision is
/// taken on the request head before the application sees anything; the client sees the connection end with no
/// response (EOF, or a reset if it is still sending).
final class DroppingConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let faults: FaultInjector
    private var dropping = false

    init(faults: FaultInjector) {
        self.faults = faults
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if dropping { return }
        if case .head(let head) = unwrapInboundIn(data), faults.shouldDrop(path: head.path ?? "/") {
            dropping = true
            context.close(promise: nil)
            return
        }
        context.fireChannelRead(data)
    }
}
