import MatchbookBook

/// What the service journals, one journal record each (the record's `type` byte is `ServiceJournalEntry.Kind`).
/// Payloads are little-endian; strings are a u16 byte count and UTF-8. These are the gateway's state changes, in
/// the order they happened on its event loop, so replaying them (and re-running the commands through the same
/// deterministic engines) rebuilds the books, order ids, ClOrdIDs and both FIX sequence numbers of every session.
///
/// | type | entry | payload |
/// |---|---|---|
/// | 1 | `start` | i64 wall-clock ns; u16 engine threads; u16 symbol count; per symbol: u16 locate, u32 tick size, u32 lot size, u32 band low, u32 band high (price ticks of $0.0001), string name |
/// | 2 | `session` | u32 owner; string SenderCompID — a session first seen (owners are numbered in this order) |
/// | 3 | `inbound` | u32 owner; u64 next expected inbound MsgSeqNum — written as it advances, before the message is handled |
/// | 4 | `reset` | u32 owner — a Logon with ResetSeqNumFlag: both sequence numbers back to 1 |
/// | 5 | `command` | the 64-byte `ServiceCommand` as the engine gets it; string ClOrdID (new, cancel, replace); u32 replace total quantity; u32 replace price ticks |
/// | 6 | `outbound` | u32 owner; u64 MsgSeqNum; u64 command sequence it answers (0: none); u64 next ExecID number; u32 byte count; the FIX message as sent |
enum ServiceJournalEntry {
    enum Kind: UInt8, CaseIterable {
        case start = 1
        case session = 2
        case inbound = 3
        case reset = 4
        case command = 5
        case outbound = 6

        var name: String {
            switch self {
            case .start: "start"
            case .session: "session"
            case .inbound: "inbound"
            case .reset: "reset"
            case .command: "command"
            case .outbound: "outbound"
            }
        }
    }

    /// A command with what the gateway remembered about it when it passed the sequencing point.
    struct Command {
        var command: ServiceCommand
        var clOrdID: String
        var replaceQuantity: UInt32 = 0
        var replacePriceTicks: UInt32 = 0
    }

    struct Outbound {
        var owner: UInt32
        var sequence: Int
        var commandSequence: UInt64
        var nextExecID: UInt64
        var bytes: [UInt8]
    }

    case start(wallNanos: Int64, engineThreads: Int, symbols: [SymbolRules])
    case session(owner: UInt32, compID: String)
    case inbound(owner: UInt32, expected: Int)
    case reset(owner: UInt32)
    case command(Command)
    case outbound(Outbound)

    var kind: Kind {
        switch self {
        case .start: .start
        case .session: .session
        case .inbound: .inbound
        case .reset: .reset
        case .command: .command
        case .outbound: .outbound
        }
    }

    // MARK: Encoding

    /// Appends the payload of `self` to `bytes`.
    func encode(into bytes: inout [UInt8]) {
        switch self {
        case .start(let wallNanos, let engineThreads, let symbols):
            bytes.appendLittleEndian(UInt64(bitPattern: wallNanos))
            bytes.appendLittleEndian(UInt16(engineThreads))
            bytes.appendLittleEndian(UInt16(symbols.count))
            for rules in symbols {
                bytes.appendLittleEndian(rules.locate)
                bytes.appendLittleEndian(rules.tickSize)
                bytes.appendLittleEndian(rules.lotSize)
                bytes.appendLittleEndian(rules.minPriceTicks)
                bytes.appendLittleEndian(rules.maxPriceTicks)
                bytes.appendString(rules.symbol)
            }
        case .session(let owner, let compID):
            bytes.appendLittleEndian(owner)
            bytes.appendString(compID)
        case .inbound(let owner, let expected):
            bytes.appendLittleEndian(owner)
            bytes.appendLittleEndian(UInt64(expected))
        case .reset(let owner):
            bytes.appendLittleEndian(owner)
        case .command(let entry):
            withUnsafeBytes(of: entry.command) { bytes.append(contentsOf: $0) }
            bytes.appendString(entry.clOrdID)
            bytes.appendLittleEndian(entry.replaceQuantity)
            bytes.appendLittleEndian(entry.replacePriceTicks)
        case .outbound(let entry):
            bytes.appendLittleEndian(entry.owner)
            bytes.appendLittleEndian(UInt64(entry.sequence))
            bytes.appendLittleEndian(entry.commandSequence)
            bytes.appendLittleEndian(entry.nextExecID)
            bytes.appendLittleEndian(UInt32(entry.bytes.count))
            bytes.append(contentsOf: entry.bytes)
        }
    }

    // MARK: Decoding

    /// Decodes a record's payload. Throws `ServiceJournalEntry.DecodeError` (what is wrong, at which payload
    /// offset); the caller adds the file, offset and record sequence.
    static func decode(type: UInt8, payload: UnsafeRawBufferPointer) throws(DecodeError) -> ServiceJournalEntry {
        guard let kind = Kind(rawValue: type) else { throw DecodeError(reason: "unknown record type \(type)") }
        var reader = LittleEndianReader(bytes: payload)
        let entry: ServiceJournalEntry
        switch kind {
        case .start:
            let wall = Int64(bitPattern: try reader.read(UInt64.self))
            let engineThreads = Int(try reader.read(UInt16.self))
            let count = Int(try reader.read(UInt16.self))
            var symbols: [SymbolRules] = []
            for _ in 0..<count {
                let locate = try reader.read(UInt16.self)
                let tick = try reader.read(UInt32.self)
                let lot = try reader.read(UInt32.self)
                let low = try reader.read(UInt32.self)
                let high = try reader.read(UInt32.self)
                let name = try reader.string()
                symbols.append(SymbolRules(
                    locate: locate, symbol: name, tickSize: tick, lotSize: lot, minPriceTicks: low,
                    maxPriceTicks: high))
            }
            entry = .start(wallNanos: wall, engineThreads: engineThreads, symbols: symbols)
        case .session:
            entry = .session(owner: try reader.read(UInt32.self), compID: try reader.string())
        case .inbound:
            let owner = try reader.read(UInt32.self)
            let expected = try reader.read(UInt64.self)
            guard expected >= 1, expected < UInt64(Int32.max) else {
                throw DecodeError(reason: "expected inbound MsgSeqNum \(expected) is out of range")
            }
            entry = .inbound(owner: owner, expected: Int(expected))
        case .reset:
            entry = .reset(owner: try reader.read(UInt32.self))
        case .command:
            let command = try reader.read(ServiceCommand.self)
            guard command.kind != nil else { throw DecodeError(reason: "command kind \(command.kindRaw) is unknown") }
            let clOrdID = try reader.string()
            let quantity = try reader.read(UInt32.self)
            let price = try reader.read(UInt32.self)
            entry = .command(Command(
                command: command, clOrdID: clOrdID, replaceQuantity: quantity, replacePriceTicks: price))
        case .outbound:
            let owner = try reader.read(UInt32.self)
            let sequence = try reader.read(UInt64.self)
            let commandSequence = try reader.read(UInt64.self)
            let nextExecID = try reader.read(UInt64.self)
            let count = Int(try reader.read(UInt32.self))
            guard sequence >= 1, sequence < UInt64(Int32.max) else {
                throw DecodeError(reason: "outbound MsgSeqNum \(sequence) is out of range")
            }
            entry = .outbound(Outbound(
                owner: owner, sequence: Int(sequence), commandSequence: commandSequence, nextExecID: nextExecID,
                bytes: try reader.bytes(count)))
        }
        guard reader.offset == payload.count else {
            throw DecodeError(reason: "\(payload.count - reader.offset) bytes left over after a \(kind.name) record")
        }
        return entry
    }

    struct DecodeError: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}

/// Bounds-checked little-endian reads from a byte range (journal payloads, snapshot files): every read past the
/// end throws instead of trapping.
struct LittleEndianReader {
    typealias DecodeError = ServiceJournalEntry.DecodeError
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(DecodeError) -> T {
        guard bytes.count - offset >= MemoryLayout<T>.size else { throw truncated(MemoryLayout<T>.size) }
        defer { offset += MemoryLayout<T>.size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    mutating func read(_: ServiceCommand.Type) throws(DecodeError) -> ServiceCommand {
        let size = MemoryLayout<ServiceCommand>.size
        guard bytes.count - offset >= size else { throw truncated(size) }
        defer { offset += size }
        return bytes.loadUnaligned(fromByteOffset: offset, as: ServiceCommand.self)
    }

    mutating func bytes(_ count: Int) throws(DecodeError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw truncated(count) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func string() throws(DecodeError) -> String {
        let count = Int(try read(UInt16.self))
        let raw = try bytes(count)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw DecodeError(reason: "a string at payload offset \(offset - count) is not UTF-8")
        }
        return text
    }

    private func truncated(_ wanted: Int) -> DecodeError {
        DecodeError(reason: "payload ends at \(bytes.count) bytes; \(wanted) more wanted at offset \(offset)")
    }
}

extension [UInt8] {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// A u16 byte count, then the UTF-8 bytes (cut at 65,535 bytes: ClOrdIDs and CompIDs are short).
    mutating func appendString(_ text: String) {
        let utf8 = text.utf8.prefix(Int(UInt16.max))
        appendLittleEndian(UInt16(utf8.count))
        append(contentsOf: utf8)
    }
}
