import MatchbookBook
import MatchbookMemory
import MatchbookPublisher

/// Where a replay reads its ITCH 5.0 stream from.
public enum ReplaySource: Sendable {
    /// A file: plain files are memory-mapped, gzip files (detected by their magic bytes) are streamed.
    case file(path: String)
    /// Standard input (plain or gzip).
    case standardInput
    /// Bytes already in memory (the generated default day).
    case bytes([UInt8], name: String)

    var isStandardInput: Bool {
        if case .standardInput = self { return true }
        return false
    }

    /// A name for reports.
    public var name: String {
        switch self {
        case .file(let path): path
        case .standardInput: "-"
        case .bytes(_, let name): name
        }
    }
}

/// How to replay: parse mode, outputs, measurement, memory.
public struct ReplayOptions: Sendable {
    /// `strict` stops at the first framing fault (non-zero exit); `tolerant` counts faults and goes on.
    public var mode: ITCHParseMode = .tolerant
    /// Record per-stage latency histograms (parse, book, publish, total). Off: no clock reads at all.
    public var measureLatency = true
    /// Time every N-th message (rounded up to a power of two); 1 times every message. The default, 16, keeps the
    /// measurement under 5 % of replay wall time (timing every message costs about a third more here).
    public var latencySampleInterval = 16
    /// One CSV row per best bid/ask change (`seq,symbol,bid_price,…`), written from the engine thread.
    public var bboOutPath: String?
    /// Capacity of the BBO writer's buffer, bytes (flushed with write(2) when full).
    public var bboBufferBytes = 1 << 20
    /// Sequenced level updates, trades and per-epoch L2 snapshots in the wire format (README), written to this
    /// file by the publisher's drain thread (`--snapshots-out`).
    public var snapshotsOutPath: String?
    /// The same stream as UDP datagrams to this `host:port` (unicast, or an IPv4 multicast group)
    /// (`--md-udp`).
    public var marketDataUDP: String?
    /// Drop each datagram with this probability (0 ... 1), to test subscribers' gap recovery (`--md-udp-loss`).
    public var marketDataUDPLoss = 0.0
    /// Extra sinks a caller supplies (tests, embedding programs). The publisher runs when any sink is set.
    public var marketDataSinks: [any MarketDataSink] = []
    /// Snapshot interval, depth and buffer of the publisher (`--snapshot-every`, `--snapshot-depth`).
    public var publisher = PublisherOptions()
    /// Book sizes reserved in the arena.
    public var capacity: BookCapacity = .default
    /// Bytes of epoch scratch (input chunk buffers).
    public var scratchBytes = 8 << 20
    /// Page policy, NUMA node, lock, pre-fault.
    public var pages = PageSourceOptions()
    /// The arena, or the system allocator behind the same API (`--allocator system`, the comparison baseline).
    public var backing: ArenaBacking = .arena
    /// The CPU the engine thread pins itself to (nil: unpinned).
    public var cpu: Int?
    /// Called about every `progressEvery` messages from the engine thread with (messages, bytes) — keep it cheap.
    public var progress: (@Sendable (Int, Int) -> Void)?
    public var progressEvery = 1 << 20

    public init() {}

    /// The arena an engine thread needs for these options.
    public var arenaConfiguration: ArenaConfiguration {
        ArenaConfiguration(
            totalBytes: capacity.requiredArenaBytes + scratchBytes + (4 << 20)
                + (publishes ? publisher.requiredArenaBytes(books: capacity.books) : 0),
            scratchBytes: scratchBytes,
            pages: pages, backing: backing)
    }

    /// Whether any market-data sink is set (the publisher then runs on the engine thread).
    public var publishes: Bool { snapshotsOutPath != nil || marketDataUDP != nil || !marketDataSinks.isEmpty }

    /// Opens the sinks these options name, in order: file, UDP, then `marketDataSinks`. Cold path.
    ///
    /// - Throws: `ReplayError.cannotOpen` naming the option whose sink could not be opened.
    public func makeMarketDataSinks() throws -> [any MarketDataSink] {
        var sinks: [any MarketDataSink] = []
        if let path = snapshotsOutPath {
            do { sinks.append(try PublisherFileSink(path: path)) } catch {
                throw ReplayError.cannotOpen(path: path, what: "--snapshots-out")
            }
        }
        if let address = marketDataUDP {
            do { sinks.append(try PublisherUDPSink(address: address, lossProbability: marketDataUDPLoss)) } catch {
                throw ReplayError.cannotOpen(path: address, what: "--md-udp (\(error))")
            }
        }
        return sinks + marketDataSinks
    }
}
