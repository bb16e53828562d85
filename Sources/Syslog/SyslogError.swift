/// Errors raised by the syslog receiver and sender.
public struct SyslogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of the failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case messageTooLong, invalidMessage, stopped, alreadyRunning, configuration, notBound
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The message is longer than the configured maximum.
        public static let messageTooLong = Code(.messageTooLong)
        /// The message cannot be framed (a line feed inside a newline-framed message).
        public static let invalidMessage = Code(.invalidMessage)
        /// The sender or receiver has stopped; nothing more will be sent or received.
        public static let stopped = Code(.stopped)
        /// `run()` was called twice on the same instance.
        public static let alreadyRunning = Code(.alreadyRunning)
        /// The configuration is unusable (no listeners, TLS without certificates, …).
        public static let configuration = Code(.configuration)
        /// The receiver stopped or failed before it bound its listeners.
        public static let notBound = Code(.notBound)

        public var description: String { base.rawValue }
    }

    /// The category of the failure.
    public var code: Code
    /// A human-readable explanation.
    public var reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }
}
