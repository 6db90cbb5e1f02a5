/// Why the arena refused a request. Exhaustion is an error the caller counts and reports — never a crash,
/// never a silent fall back to malloc.
public enum ArenaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A tenant ran out: `tenant` is `scratch`, `pool-region` or `pool <name>`.
    case exhausted(tenant: String, requestedBytes: Int, capacityBytes: Int, inUseBytes: Int, highWaterBytes: Int)
    /// Alignment must be a power of two between 1 and 2 MiB.
    case invalidAlignment(Int)
    /// Pool records must have a stride that is a multiple of 64 bytes and an alignment of at most 64.
    case invalidRecordLayout(type: String, strideBytes: Int, alignmentBytes: Int)
    /// The arena's control block has room for a fixed number of pools and tables.
    case tooManyPools(limit: Int)
    /// A pool's capacity must be between 1 and `limit` slots (checked builds keep 8 bits of each handle for a
    /// generation, so they allow fewer).
    case invalidCapacity(requested: Int, limit: Int)
    /// The configuration cannot work: say which part.
    case invalidConfiguration(String)
    /// The page source could not map the arena.
    case pageSource(PageSourceError)

    public var description: String {
        switch self {
        case .exhausted(let tenant, let requested, let capacity, let inUse, let highWater):
            return "arena exhausted: \(tenant) asked for \(requested) bytes with \(inUse) of \(capacity) in use "
                + "(high-water \(highWater)) — raise the arena or pool size in the configuration"
        case .invalidAlignment(let alignment):
            return "invalid alignment \(alignment): use a power of two from 1 to 2 MiB"
        case .invalidRecordLayout(let type, let stride, let alignment):
            return "\(type) cannot live in a pool: stride \(stride) bytes (must be a multiple of 64), "
                + "alignment \(alignment) (at most 64) — pad the record"
        case .tooManyPools(let limit):
            return "the arena holds at most \(limit) pools and tables"
        case .invalidCapacity(let requested, let limit):
            return "invalid pool capacity \(requested): use 1...\(limit)"
        case .invalidConfiguration(let what):
            return "invalid arena configuration: \(what)"
        case .pageSource(let error):
            return error.description
        }
    }
}
