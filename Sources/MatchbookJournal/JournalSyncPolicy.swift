/// When the journal writer makes committed records durable with `fdatasync(2)`.
///
/// | policy | survives a process crash | survives a machine crash (power, kernel) |
/// |---|---|---|
/// | `.none` | yes, once committed (`write(2)` reached the page cache) | no |
/// | `.everyCommit` | yes | yes, once `commit()` returns |
/// | `.group(intervalMicroseconds:)` | yes | yes, once a sync covers the record (`syncedSequence`) |
///
/// Text form (configuration, command line): `none`, `every`, `group:<microseconds>` (e.g. `group:500`).
public enum JournalSyncPolicy: Sendable, Equatable, CustomStringConvertible {
    /// `write(2)` only: committed records survive a process crash (they are in the page cache), not a machine
    /// crash. Nothing is synced until ``JournalWriter/syncNow()`` or ``JournalWriter/close()``.
    case none
    /// `fdatasync(2)` at the end of every ``JournalWriter/commit()`` that wrote something: committed records
    /// survive a machine crash. Costs one device flush per commit.
    case everyCommit
    /// Group commit: the caller commits often (every batch) and the writer `fdatasync`s at most once per
    /// interval — on a commit when the last sync is at least `intervalMicroseconds` old; otherwise the caller's
    /// timer calls ``JournalWriter/syncNow()`` when ``JournalWriter/nanosecondsUntilSyncDue`` says so.
    /// Acknowledgements wait for ``JournalWriter/syncedSequence`` to cover their record.
    case group(intervalMicroseconds: Int)

    /// Parses `none`, `every` or `group:<microseconds>` (0 or more; 0: no minimum spacing, a caller that syncs
    /// off its thread starts the next sync as soon as the last one ends); nil for anything else.
    public init?(text: String) {
        switch text {
        case "none": self = .none
        case "every": self = .everyCommit
        default:
            guard text.hasPrefix("group:"), let micros = Int(text.dropFirst("group:".count)), micros >= 0 else {
                return nil
            }
            self = .group(intervalMicroseconds: micros)
        }
    }

    /// The text form ``init(text:)`` parses: `none`, `every` or `group:<microseconds>`.
    public var description: String {
        switch self {
        case .none: "none"
        case .everyCommit: "every"
        case .group(let micros): "group:\(micros)"
        }
    }
}
