import Foundation
import Logging
import MatchbookBook
import MatchbookFIX
import MatchbookPublisher
import NIOCore

/// The gateway: FIX sessions, risk checks, the one sequencing point of inbound commands, and execution reports
/// from engine replies. Everything here runs on the gateway's single event loop thread (NIO), so no locks: the
/// engine is reached only through the SPSC command ring, and replies come back through `deliver` on the loop.
final class ServiceGateway: @unchecked Sendable {
    // @unchecked: confined to `eventLoop` (every entry point asserts or hops onto it).
    let configuration: ServiceConfiguration
    let credentials: SessionCredentials
    let eventLoop: EventLoop
    let logger: Logger
    let metrics = ServiceMetrics()
    /// One command ring per engine thread, and the engine of each symbol (by configuration index).
    private let producers: [CommandProducer]
    private let routes: [Int]
    var sessions: [String: FIXSession] = [:]
    var orders: [UInt64: GatewayOrder] = [:]
    var symbolIndexTable: [String: (locate: UInt16, symbol: SymbolConfiguration)] = [:]
    var nextClientTag: UInt64 = 1
    /// The sequencing point: every command that reaches the engine gets the next number here, in order.
    var nextCommandSequence: UInt64 = 1
    var nextExecID: UInt64 = 1
    /// When each order's NewOrderSingle was read (client tag → monotonic ns), until its first report.
    var readTimes: [UInt64: UInt64] = [:]
    /// Engine order id → client tag of live orders (fills name the maker by id).
    var makerTags: [UInt64: UInt64] = [:]
    /// Price unit of the engine: 0.0001 (ITCH's four implied decimals).
    static let priceUnit = FIXDecimal(units: FIXDecimal.unitsPerWhole / 10_000)
    private(set) var shuttingDown = false
    /// The journal (nil when journaling is off). Set before the listeners open.
    var journal: ServiceJournal? {
        didSet { journal?.onFailure = { [weak self] reason in self?.journalFailed(reason) } }
    }
    /// FIX market-data subscriptions (`ServiceGateway+MarketData`), their timer, and where books are read.
    var marketDataSubscriptions: [MarketDataSubscription] = []
    var marketDataTimer: RepeatedTask?
    var marketDataSource: ((String, Int) -> (book: BookSubscriber.Book, sequence: UInt64)?)?
    /// Recovery is re-running journaled commands: no latency samples (no client is connected yet).
    var recovering: Bool { journal?.replaying ?? false }
    /// Sessions by the owner id the engine knows them by.
    private var sessionsByOwner: [UInt32: FIXSession] = [:]

    init(configuration: ServiceConfiguration, credentials: SessionCredentials, producers: [CommandProducer],
         routes: [Int], eventLoop: EventLoop, logger: Logger) {
        self.configuration = configuration
        self.credentials = credentials
        self.producers = producers
        self.routes = routes
        self.eventLoop = eventLoop
        self.logger = logger
        for (index, symbol) in configuration.symbols.enumerated() {
            symbolIndexTable[symbol.name] = (UInt16(index + 1), symbol)
        }
    }

    var commandRingDepths: [Int] { producers.map { $0.depth() } }

    /// Hands `command` to the engine that owns its symbol (locate = configuration index + 1).
    func producerPush(_ command: ServiceCommand) -> Bool {
        let index = Int(command.locate) - 1
        guard index >= 0, index < routes.count else { return false }
        return producers[routes[index]].push(command)
    }

    static func monotonicNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    var sessionCount: Int { sessions.values.filter(\.loggedOn).count }

    // MARK: Inbound

    /// A connection closed: the session stays (sequence numbers, orders) for a reconnect.
    func disconnected(_ session: FIXSession?, channel: Channel) {
        guard let session, session.channel === channel else { return }
        session.channel = nil
        logger.info("session disconnected", metadata: ["session": "\(session.compID)"])
    }

    /// Handles one framed message from `connection`. Returns the session once logged on.
    func received(_ bytes: UnsafeRawBufferPointer, session current: FIXSession?, channel: Channel) -> FIXSession? {
        let now = FIXSession.nowNanos()
        let decoded: FIXDecodedMessage
        do {
            decoded = try FIXMessageDecoder.decode(bytes)
        } catch {
            metrics.sessionRejects += 1
            guard let current else {
                refuse(channel, text: "first message is not a valid Logon: \(error)")
                return nil
            }
            current.expectedInbound = max(current.expectedInbound, (error.msgSeqNum ?? 0) + 1)
            current.send(.session(.reject(FIXReject(rejecting: error, refSeqNum: error.msgSeqNum))))
            return current
        }
        guard let session = current else { return logon(decoded, channel: channel, now: now) }
        session.lastReceivedNanos = now
        session.testRequestOutstanding = nil
        let header = decoded.header
        guard header.senderCompID == session.compID, header.targetCompID == configuration.targetCompID else {
            session.send(.session(.logout(FIXLogout(text: "CompID mismatch: expected \(session.compID) → "
                + "\(configuration.targetCompID)"))))
            channel.close(promise: nil)
            return session
        }
        // Sequence numbers (a SequenceReset may move them whatever they are).
        if case .session(.sequenceReset(let reset)) = decoded.message {
            if reset.newSeqNo > session.expectedInbound { session.expectedInbound = reset.newSeqNo }
            return session
        }
        if header.msgSeqNum > session.expectedInbound {
            // A gap: ask for what is missing. A ResendRequest in the gap is answered first (FIX 4.4: the other side
            // will gap-fill its own admin messages, so it would never be seen again).
            if case .session(.resendRequest(let request)) = decoded.message {
                session.resend(begin: request.beginSeqNo, end: request.endSeqNo)
            }
            session.send(.session(.resendRequest(FIXResendRequest(beginSeqNo: session.expectedInbound, endSeqNo: 0))))
            return session
        }
        if header.msgSeqNum < session.expectedInbound {
            if header.possDup { return session }  // a resend of something already handled
            session.send(.session(.logout(FIXLogout(
                text: "MsgSeqNum too low, expecting \(session.expectedInbound) but received \(header.msgSeqNum)"))))
            channel.close(promise: nil)
            return session
        }
        session.expectedInbound += 1
        switch decoded.message {
        case .session(let message): handleSession(message, session: session, channel: channel)
        case .application(let message): handleApplication(message, header: header, session: session, readAt: now)
        case .exchange:
            session.send(.session(.reject(FIXReject(
                refSeqNum: header.msgSeqNum, refMsgType: header.msgType.rawValue, reason: .invalidMsgType,
                text: "an exchange message is not accepted from a client"))))
        }
        return session
    }

    /// Answers a connection's first message with a Logout saying why, then closes it. The Logout is addressed to
    /// the SenderCompID of that message when it could be read (a FIX engine drops a Logout whose TargetCompID is
    /// not its own as a CompID problem, and its application never learns why), else to `UNKNOWN`.
    private func refuse(_ channel: Channel, text: String, to senderCompID: String? = nil) {
        metrics.refusedLogons += 1
        logger.notice("logon refused", metadata: ["reason": "\(text)"])
        var encoder = FIXOutboundEncoder(senderCompID: configuration.targetCompID,
                                         targetCompID: senderCompID ?? "UNKNOWN")
        var bytes: [UInt8] = []
        encoder.encode(FIXLogout(text: text), msgSeqNum: 1, sendingTimeNanos: FIXSession.nowNanos(), into: &bytes)
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
    }

    private func logon(_ decoded: FIXDecodedMessage, channel: Channel, now: Int64) -> FIXSession? {
        let header = decoded.header
        let sender = header.senderCompID
        guard case .session(.logon(let logon)) = decoded.message else {
            refuse(channel, text: "the first message must be a Logon (35=A)", to: sender)
            return nil
        }
        guard header.targetCompID == configuration.targetCompID else {
            refuse(channel, text: "unknown TargetCompID \(header.targetCompID)", to: sender)
            return nil
        }
        guard !shuttingDown else {
            refuse(channel, text: "the service is shutting down", to: sender)
            return nil
        }
        guard credentials.authenticate(
            senderCompID: header.senderCompID, username: logon.username ?? "", password: logon.password ?? "")
        else {
            refuse(channel, text: "logon refused: unknown SenderCompID or wrong Username/Password", to: sender)
            return nil
        }
        if let failure = journal?.failure {
            refuse(channel, text: "not accepting logons: \(failure)", to: header.senderCompID)
            return nil
        }
        let session = sessions[header.senderCompID] ?? makeSession(
            compID: header.senderCompID, owner: UInt32(sessions.count + 1))
        if session.loggedOn {
            refuse(channel, text: "session \(session.compID) is already logged on", to: sender)
            return nil
        }
        if logon.resetSeqNumFlag {
            journal?.append(.reset(owner: session.owner))
            session.nextOutbound = 1
            session.expectedInbound = 1
            session.forgetSent()
        }
        let tooLow = header.msgSeqNum < session.expectedInbound && !logon.resetSeqNumFlag
        if tooLow {
            refuse(channel, text: "MsgSeqNum too low, expecting \(session.expectedInbound) but received "
                + "\(header.msgSeqNum)", to: sender)
            return nil
        }
        session.channel = channel
        session.heartbeatSeconds = max(1, min(logon.heartBtIntSeconds, configuration.maxHeartbeatSeconds))
        session.lastReceivedNanos = now
        metrics.logons += 1
        logger.info("session logged on", metadata: ["session": "\(session.compID)"])
        session.send(.session(.logon(FIXLogon(
            heartBtIntSeconds: session.heartbeatSeconds, resetSeqNumFlag: logon.resetSeqNumFlag))))
        if header.msgSeqNum > session.expectedInbound {
            session.send(.session(.resendRequest(FIXResendRequest(beginSeqNo: session.expectedInbound, endSeqNo: 0))))
        } else {
            session.expectedInbound = header.msgSeqNum + 1
        }
        return session
    }

    /// A session seen for the first time (journaled: owners are numbered in this order, also after a restart).
    func makeSession(compID: String, owner: UInt32) -> FIXSession {
        let created = FIXSession(
            compID: compID, owner: owner, targetCompID: configuration.targetCompID, journal: journal)
        sessions[compID] = created
        sessionsByOwner[owner] = created
        journal?.append(.session(owner: owner, compID: compID))
        return created
    }

    func session(owner: UInt32) -> FIXSession? { sessionsByOwner[owner] }

    /// The journal cannot write: nothing more may be acknowledged. Every session is logged out (clients
    /// reconnect to a restarted service, which recovers what the journal holds) and logons are refused.
    private func journalFailed(_ reason: String) {
        for session in sessions.values where session.loggedOn {
            var bytes: [UInt8] = []
            session.encoder.encode(FIXLogout(text: "service unavailable: \(reason)"),
                                   msgSeqNum: session.nextOutbound, sendingTimeNanos: FIXSession.nowNanos(),
                                   into: &bytes)
            if let channel = session.channel {
                var buffer = channel.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                channel.writeAndFlush(buffer).whenComplete { _ in channel.close(promise: nil) }
            }
            session.channel = nil
        }
    }

    private func handleSession(_ message: FIXSessionMessage, session: FIXSession, channel: Channel) {
        switch message {
        case .heartbeat, .reject, .sequenceReset, .logon:
            break
        case .testRequest(let request):
            session.send(.session(.heartbeat(FIXHeartbeat(testReqID: request.testReqID))))
        case .resendRequest(let request):
            session.resend(begin: request.beginSeqNo, end: request.endSeqNo)
        case .logout:
            session.send(.session(.logout(FIXLogout(text: "logout acknowledged"))))
            session.channel = nil
            channel.close(promise: nil)
        }
    }

    /// Timers: heartbeats when idle, a TestRequest when the client is silent, a disconnect when it stays silent.
    func tick() {
        let now = FIXSession.nowNanos()
        for session in sessions.values where session.loggedOn {
            let interval = Int64(session.heartbeatSeconds) * 1_000_000_000
            if now - session.lastSentNanos >= interval { session.send(.session(.heartbeat(FIXHeartbeat()))) }
            let silent = now - session.lastReceivedNanos
            if silent >= interval * 2, session.testRequestOutstanding != nil {
                session.send(.session(.logout(FIXLogout(text: "no answer to TestRequest"))))
                session.channel?.close(promise: nil)
                session.channel = nil
            } else if silent >= interval + interval / 5, session.testRequestOutstanding == nil {
                let id = "TEST-\(now)"
                session.testRequestOutstanding = id
                session.send(.session(.testRequest(FIXTestRequest(testReqID: id))))
            }
        }
    }

    /// Graceful shutdown: refuse new logons, Logout every session.
    func shutdown() {
        shuttingDown = true
        marketDataTimer?.cancel()
        marketDataTimer = nil
        journal?.commitNow()
        for session in sessions.values where session.loggedOn {
            session.send(.session(.logout(FIXLogout(text: "the service is shutting down"))))
            session.channel?.close(promise: nil)
            session.channel = nil
        }
    }
}
