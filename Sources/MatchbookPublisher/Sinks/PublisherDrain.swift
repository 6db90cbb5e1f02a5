#if canImport(Glibc)
import Glibc
#endif
import MatchbookLatency
import MatchbookMemory

/// The publisher's drain thread: takes the engine's chunks of feed records off the SPSC ring in order, turns
/// them into the wire stream (`PublisherEncoder`: diff against the published depth, sequencing, snapshots) and
/// hands it to every sink, then releases the slot to the engine. When the ring is empty it spins briefly, then
/// sleeps until the engine wakes it, so a quiet feed costs no core. Stops when the publisher closes the ring and
/// every chunk is delivered.
final class PublisherDrain: @unchecked Sendable {
    // @unchecked: `encoder` is used by the drain thread only once it has started, and read by `join()`'s caller
    // only after the thread has ended (the join orders it); `consumer` is the drain thread's alone.
    private let consumer: SPSCRingConsumer
    private var encoder: PublisherEncoder
    private var thread: WorkerThread?
    /// Wakes the drain thread when it sleeps on an empty ring (the engine calls it after each hand-over).
    let wake = WakeSignal()

    /// The sinks, in delivery order.
    var sinks: [any MarketDataSink] { encoder.sinks }
    /// Whether state marks reach anyone.
    let hasStateHandler: Bool

    init(consumer: SPSCRingConsumer, encoder: consuming PublisherEncoder, cpu: Int?) throws {
        self.consumer = consumer
        hasStateHandler = encoder.stateHandler != nil
        self.encoder = encoder
        thread = try WorkerThread(name: "md-drain", cpu: cpu) { [self] in run() }
    }

    private func run() {
        var idle = 0
        while true {
            if let chunk = consumer.peek() {
                encoder.consume(chunk)
                consumer.release()
                idle = 0
                // Subscribers see what the engine handed over now, not when the output buffer fills.
                if !consumer.hasWaiting { encoder.deliver() }
                continue
            }
            if consumer.isFinished { break }
            idle += 1
            if idle > 256 {
                // Sleep until the engine hands a chunk over or closes the ring (it wakes us after either), or 5 ms
                // pass. Both are checked after `prepareToSleep`: a close that lands between the `isFinished`
                // check above and the sleep would otherwise cost the whole timeout at every finish.
                wake.prepareToSleep()
                if consumer.hasWaiting || consumer.isFinished { wake.cancelSleep() } else {
                    wake.sleep(timeoutNanoseconds: 5_000_000)
                }
                idle = 0
            }
        }
        encoder.deliver()
    }

    /// Waits for every published chunk to reach the sinks, then finishes them. Returns what the encoder wrote
    /// (with the sinks' failures in `sinkFailures`) and the per-book snapshot build cost. Call once, after the
    /// ring is closed.
    func join() -> (stats: PublisherStats, snapshotBuild: LatencySummary?) {
        thread?.join()
        thread = nil
        var stats = encoder.stats
        stats.sinkFailures = encoder.sinks.compactMap { $0.finish() }
        return (stats, encoder.snapshotBuild.summary)
    }
}
