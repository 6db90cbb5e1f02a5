/// The journal's on-disk format (placeholder; the journal module is being written).
public enum JournalFormat {}
