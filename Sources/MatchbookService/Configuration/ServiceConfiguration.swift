import MatchbookJournal
import MatchbookMemory

/// What happens to journal files wholly behind a new snapshot, and to snapshots older than the last two.
public enum JournalRetention: String, Sendable, Equatable, CaseIterable {
    /// Nothing is removed: `journal replay` can rebuild from the first record.
    case keep
    /// Moved into `<journalDirectory>/archive/` (recovery no longer reads them).
    case archive
    /// Deleted.
    case delete
}

/// Everything `matchbook serve` is configured with, validated.
///
/// Built by `ServiceConfiguration.load(configFile:environment:arguments:)` from four layers, the first that has a
/// key wins:
///
/// ```
///   command line   --fix-port 9999                 CommandLineArgumentsProvider
///   environment    MATCHBOOK_FIX_PORT=9999         EnvironmentVariablesProvider, keys prefixed "matchbook"
///   config file    { "fixPort": 9999 }             FileProvider<JSONSnapshot>
///   built-in       ServiceConfiguration.Defaults   the `default:` of each read
/// ```
///
/// Prices are integers of the ITCH price scale: 1 price tick = $0.0001, so a tick size of 0.01 is 100 price ticks
/// and $1.00 is 10_000. Decimal inputs are exact strings ("0.01"), never binary floating point.
///
/// A value, not a handle: copy it to every thread that needs it.
public struct ServiceConfiguration: Sendable, Equatable {
    /// The address the FIX, market-data and HTTP listeners bind (`listenAddress`).
    public var listenAddress: String
    /// FIX 4.4 acceptor TCP port (`fixPort`); 0 = any free port.
    public var fixPort: Int
    /// Market-data port (`marketDataPort`): UDP datagrams and the TCP recovery listener; 0 = any free port.
    public var marketDataPort: Int
    /// HTTP health and metrics port (`httpPort`); 0 = any free port.
    public var httpPort: Int
    /// The service's CompID: clients send it as TargetCompID (56) and receive it as SenderCompID (49).
    public var targetCompID: String
    /// Heartbeat interval the service uses when a Logon asks for none (`heartbeatSeconds`), seconds.
    public var heartbeatSeconds: Int
    /// The longest HeartBtInt (108) a Logon may ask for (`maxHeartbeatSeconds`), seconds; longer is rejected.
    public var maxHeartbeatSeconds: Int
    /// The books, in `symbols` order (a book's locate is its index + 1).
    public var symbols: [SymbolConfiguration]
    /// Matching-engine threads (`engineThreads`); symbols are spread over them.
    public var engineThreads: Int
    /// CPUs to pin the engine threads to, one per thread (`engineCPUs`); empty = chosen at start.
    public var engineCPUs: [Int]
    /// Bytes of each engine thread's arena (`arenaBytes`).
    public var arenaBytes: Int
    /// How the arenas ask for huge pages (`pagePolicy`: `auto`, `require-huge`, `off`).
    public var pagePolicy: PagePolicy
    /// When the trading session ends and its epoch memory is reset (`sessionEpoch`).
    public var sessionEpoch: SessionEpoch
    /// Pre-trade risk limits (`risk.*`).
    public var risk: RiskLimits
    /// The FIX session credentials file (`sessionsFile`), resolved against the config file's folder.
    public var sessionsFile: String
    /// Where the journal is written (`journalDirectory`), as given (relative to the working directory).
    public var journalDirectory: String
    /// When the journal reaches the disk (`journalSync`: `none`, `every`, `group:<µs>`), or nil (`off`): no
    /// journal. Built in code the default is nil (tests, embedding); the config file's default is `group:1000`.
    public var journalSync: JournalSyncPolicy?
    /// A journal file rolls when the next record would take it past this (`journalSegmentBytes`).
    public var journalSegmentBytes: Int
    /// What happens to journal files (and older snapshots) wholly behind a new snapshot (`journalRetention`).
    public var journalRetention: JournalRetention

    public init(
        listenAddress: String = Defaults.listenAddress, fixPort: Int = Defaults.fixPort,
        marketDataPort: Int = Defaults.marketDataPort, httpPort: Int = Defaults.httpPort,
        targetCompID: String = Defaults.targetCompID, heartbeatSeconds: Int = Defaults.heartbeatSeconds,
        maxHeartbeatSeconds: Int = Defaults.maxHeartbeatSeconds, symbols: [SymbolConfiguration],
        engineThreads: Int = Defaults.engineThreads, engineCPUs: [Int] = [], arenaBytes: Int = Defaults.arenaBytes,
        pagePolicy: PagePolicy = .auto, sessionEpoch: SessionEpoch = .none, risk: RiskLimits = RiskLimits(),
        sessionsFile: String = Defaults.sessionsFile, journalDirectory: String = Defaults.journalDirectory,
        journalSync: JournalSyncPolicy? = nil, journalSegmentBytes: Int = Defaults.journalSegmentBytes,
        journalRetention: JournalRetention = .archive
    ) {
        self.listenAddress = listenAddress
        self.fixPort = fixPort
        self.marketDataPort = marketDataPort
        self.httpPort = httpPort
        self.targetCompID = targetCompID
        self.heartbeatSeconds = heartbeatSeconds
        self.maxHeartbeatSeconds = maxHeartbeatSeconds
        self.symbols = symbols
        self.engineThreads = engineThreads
        self.engineCPUs = engineCPUs
        self.arenaBytes = arenaBytes
        self.pagePolicy = pagePolicy
        self.sessionEpoch = sessionEpoch
        self.risk = risk
        self.sessionsFile = sessionsFile
        self.journalDirectory = journalDirectory
        self.journalSync = journalSync
        self.journalSegmentBytes = journalSegmentBytes
        self.journalRetention = journalRetention
    }

    /// The built-in values, used when no layer sets a key.
    public enum Defaults {
        public static let configFile = "Config/matchbook.json"
        public static let listenAddress = "127.0.0.1"
        public static let fixPort = 9878
        public static let marketDataPort = 9879
        public static let httpPort = 9880
        public static let targetCompID = "MATCHBOOK"
        public static let heartbeatSeconds = 30
        public static let maxHeartbeatSeconds = 300
        /// No symbols: a configuration must list at least one.
        public static let symbols: [String] = []
        public static let tickSize = "0.01"
        public static let lotSize = 1
        public static let priceBandLow = "1.00"
        public static let priceBandHigh = "1000.00"
        public static let engineThreads = 1
        /// 256 MiB.
        public static let arenaBytes = 256 << 20
        public static let pagePolicy = "auto"
        public static let sessionEpoch = "none"
        public static let maxOrderQuantity = 1_000_000
        public static let maxNotional = "100000000.00"
        public static let maxOrdersPerSecondPerSession = 1_000_000
        /// Relative to the config file's folder.
        public static let sessionsFile = "sessions.json"
        public static let journalDirectory = "journal"
        /// Acks wait for an fdatasync at most 1 ms old.
        public static let journalSync = "group:1000"
        /// 64 MiB.
        public static let journalSegmentBytes = 64 << 20
        public static let journalRetention = "archive"
    }
}
