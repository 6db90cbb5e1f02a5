import Foundation

/// Writes a realistic, deterministic ITCH 5.0 trading day for tests, benchmarks and demos.
///
/// The day: `S` start of messages and system hours → one `R` stock directory and one `H` trading action
/// per symbol (locates 1…`symbols`, 8-byte space-padded symbols) → a `V` decline level → `S` start of market
/// hours → order activity → `S` end of market hours, end of system hours, end of messages.
///
/// Activity is spread over symbols by a Zipf law (exponent 1.1: a few symbols carry most of it) with the
/// mix of a NASDAQ day: adds ≈ 44 % (`A`, ~10 % of them `F` with an MPID), deletes `D` ≈ 43 %, replaces `U`
/// ≈ 7 %, executions ≈ 2.5 % (`E`, some `C` with a price), partial cancels `X` ≈ 1 %, and ≈ 2.5 % others
/// (`P`, `I`, `Q`, `B`, `Y`, `H` halts and resumes, `N`, `L`, `J`, `K`, `h`, `O`, `W`, `V`).
///
/// The generator keeps its own book per symbol (a price ladder of resting-order counts and the live
/// orders per side), so the day is consistent: best bid < best ask at every message, executions and cancels
/// only touch live orders and never more than their resting shares, deletes and replaces only name live
/// orders, order references rise strictly, timestamps never fall.
///
/// `messages` is the total number of messages written (at least the fixed opening and closing ones).
/// Deterministic per `(seed, messages, symbols)`. Cost: O(messages) time, ~36 bytes of output per message;
/// about a second per million messages in a release build. Not thread-safe while generating (value type).
public struct ITCHDayGenerator: Sendable {
    public let seed: UInt64
    public let messages: Int
    public let symbols: Int

    /// A generator for a day of `messages` messages over `symbols` symbols (1…65,535).
    public init(seed: UInt64, messages: Int, symbols: Int) {
        precondition(symbols >= 1 && symbols <= 65_535, "ITCHDayGenerator: symbols must be in 1...65535")
        precondition(messages >= 0, "ITCHDayGenerator: messages must not be negative")
        self.seed = seed
        self.messages = messages
        self.symbols = symbols
    }

    /// The framed day (2-byte length + message each), without an end-of-session marker.
    public func generate() -> [UInt8] {
        var state = _DayState(seed: seed, symbols: symbols, messages: messages)
        state.run()
        return state.writer.bytes
    }

    /// The framed day, gzip-compressed (compress-nio).
    public func generateGzip() throws -> [UInt8] {
        try itchGzip(generate())
    }

    /// Writes the day to `path` (gzip-compressed if `gzip`). Replaces an existing file.
    public func write(toPath path: String, gzip: Bool = false) throws {
        let bytes = gzip ? try generateGzip() : generate()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The symbols the day lists, by locate (index 0 is locate 1). Deterministic per seed.
    public func symbolNames() -> [String] {
        _DayState.symbolNames(count: symbols, seed: seed)
    }
}
