#if canImport(Glibc)
import Glibc
#endif
import MatchbookMemory

/// The publisher's drain thread: takes published chunks off the SPSC ring in order and hands each to every
/// sink, then releases the slot to the engine. When the ring is empty it spins briefly, then naps (20 µs, then
/// 200 µs when idle for long), so a quiet feed costs no core. Stops when the publisher closes the ring and
/// every chunk is delivered.
final class PublisherDrain: @unchecked Sendable {
    // @unchecked: `chunks`/`bytes` are written by the drain thread and read only after `join()`, which orders
    // them; `consumer` and the sinks are used by the drain thread only once it has started.
    private let consumer: SPSCRingConsumer
    let sinks: [any MarketDataSink]
    private var thread: WorkerThread?
    /// Wakes the drain thread when it sleeps on an empty ring (the engine calls it after each hand-over).
    let wake = WakeSignal()
    private(set) var chunks = 0
    private(set) var bytes = 0

    init(consumer: SPSCRingConsumer, sinks: [any MarketDataSink], cpu: Int?) throws {
        self.consumer = consumer
        self.sinks = sinks
        thread = try WorkerThread(name: "md-drain", cpu: cpu) { [self] in run() }
    }

    private func run() {
        var idle = 0
        while true {
            if let chunk = consumer.peek() {
                for sink in sinks { sink.deliver(chunk) }
                chunks += 1
                bytes += chunk.count
                consumer.release()
                idle = 0
                continue
            }
            if consumer.isFinished { return }
            idle += 1
            if idle > 256 {
                // Sleep until the engine hands a chunk over (it wakes us) or 5 ms pass (to notice the end).
                wake.prepareToSleep()
                if consumer.hasWaiting { wake.cancelSleep() } else { wake.sleep(timeoutNanoseconds: 5_000_000) }
                idle = 0
            }
        }
    }

    /// Waits for every published chunk to reach the sinks, then finishes them. Returns their failures.
    /// Call once, after the ring is closed.
    func join() -> [String] {
        thread?.join()
        thread = nil
        return sinks.compactMap { $0.finish() }
    }
}
