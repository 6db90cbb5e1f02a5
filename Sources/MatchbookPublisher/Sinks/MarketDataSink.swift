/// Where published market data goes: a file, UDP datagrams, TCP subscribers, an in-process book view.
///
/// Sinks run on the publisher's drain thread, never on the engine thread: the engine hands chunks of feed
/// records to the drain through an SPSC ring and never waits; the drain encodes them and hands each sink whole
/// wire messages. A sink may allocate, make system calls and drop data for a slow receiver (counting it); it must
/// not block for long, since a stuck drain fills the ring and the engine then drops chunks (counted in
/// `PublisherStats.droppedChunks`).
public protocol MarketDataSink: AnyObject, Sendable {
    /// A short name for reports ("file out.bin", "udp 127.0.0.1:9001").
    var name: String { get }
    /// Delivers one chunk: whole wire messages, in sequence order. Called on the drain thread only.
    func deliver(_ chunk: UnsafeRawBufferPointer)
    /// The stream ended (after the last `deliver`): flush and close. Returns a failure to report, if any.
    func finish() -> String?
}
