// Repeating groups: a NumInGroup count field, then that many entries, each starting with the group's delimiter
// tag. Entries are read in place by copying the field iterator to look ahead (no allocation beyond the arrays
// the decoder returns).

extension FIXMessageView {
    /// The NumInGroup value of `field`: 6 if not a number, 5 if below `minimum` or above
    /// ``FIXFieldLimits/groupEntries``.
    func groupCount(_ field: FIXField, minimum: Int = 1) throws(FIXDecodeError) -> Int {
        try integer(field, in: minimum...FIXFieldLimits.groupEntries)
    }

    /// The tag of the next field, without consuming it (`nil` at the end or if the field is malformed; the
    /// caller's next read reports the fault).
    func peekTag(_ iterator: FIXFieldIterator) -> Int? {
        var copy = iterator
        return (try? copy.next())??.tag
    }

    /// Reads `count` one-field entries of tag `entryTag` that must follow directly: 16 if fewer follow.
    func singleFieldGroup<Entry>(
        _ iterator: inout FIXFieldIterator, countTag: Int, count: Int, entryTag: Int,
        _ read: (FIXField) throws(FIXDecodeError) -> Entry
    ) throws(FIXDecodeError) -> [Entry] {
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        while entries.count < count, peekTag(iterator) == entryTag, let field = try nextField(&iterator) {
            entries.append(try read(field))
        }
        guard entries.count == count else { throw .groupCount(countTag, expected: count, found: entries.count) }
        return entries
    }
}

extension FIXDecodeError {
    @inline(never)
    static func groupCount(_ tag: Int, expected: Int, found: Int) -> FIXDecodeError {
        FIXDecodeError(.incorrectNumInGroupCount, tag: tag,
                       detail: "NumInGroup(\(tag)) says \(expected) entries but \(found) follow")
    }

    @inline(never)
    static func strayGroupField(_ tag: Int) -> FIXDecodeError {
        FIXDecodeError(.incorrectNumInGroupCount, tag: tag,
                       detail: "field \(tag) belongs to a repeating group but is outside the entries its count "
                           + "declares")
    }
}

/// Collects the fields of one repeating-group entry (the delimiter field first), then makes the entry.
protocol _FIXGroupEntryReader {
    associatedtype Entry
    /// The tag every entry starts with.
    static var delimiterTag: Int { get }
    /// Whether `tag` belongs to an entry (the delimiter included).
    static func isMember(_ tag: Int) -> Bool
    init()
    /// Reads one field of the entry: 13 if it repeats within the entry.
    mutating func read(_ field: FIXField, in view: FIXMessageView) throws(FIXDecodeError)
    /// The entry: 1 if a required member is missing.
    func finish() throws(FIXDecodeError) -> Entry
}

extension FIXMessageView {
    /// Reads `count` entries that must follow directly, each starting with `Reader.delimiterTag` and running
    /// until the next delimiter or a field that is not a member: 16 if fewer follow.
    func multiFieldGroup<Reader: _FIXGroupEntryReader>(
        _ iterator: inout FIXFieldIterator, countTag: Int, count: Int, reader: Reader.Type
    ) throws(FIXDecodeError) -> [Reader.Entry] {
        var entries: [Reader.Entry] = []
        entries.reserveCapacity(count)
        while entries.count < count, peekTag(iterator) == Reader.delimiterTag,
            let delimiter = try nextField(&iterator)
        {
            var entry = Reader()
            try entry.read(delimiter, in: self)
            while let tag = peekTag(iterator), tag != Reader.delimiterTag, Reader.isMember(tag),
                let field = try nextField(&iterator)
            {
                try entry.read(field, in: self)
            }
            entries.append(try entry.finish())
        }
        guard entries.count == count else { throw .groupCount(countTag, expected: count, found: entries.count) }
        return entries
    }
}
