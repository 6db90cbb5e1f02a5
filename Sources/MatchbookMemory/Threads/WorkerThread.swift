#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// A plain named thread, optionally pinned, for work beside an engine thread (draining a ring to sinks).
/// Unlike `EngineThread` it builds no arena: it uses memory its creator owns and keeps alive until `join()`.
public final class WorkerThread: @unchecked Sendable {
    // @unchecked: `handle` is written by init and read by `join()` on the creating thread only.
    private var handle: pthread_t
    private var joined = false

    private final class Entry: _ThreadEntry, @unchecked Sendable {
        let name: String
        let cpu: Int?
        let body: @Sendable () -> Void

        init(name: String, cpu: Int?, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.cpu = cpu
            self.body = body
        }

        override func run() {
            cmb_setThreadName(name)
            if let cpu { try? CPUAffinity.pinCurrentThread(to: cpu) }
            body()
        }
    }

    /// Starts `body` on a new thread named `name` (pinned to `cpu` when given and possible).
    ///
    /// - Throws: `Errno` when `pthread_create` fails.
    public init(name: String, cpu: Int? = nil, body: @escaping @Sendable () -> Void) throws {
        handle = try _startThread(Entry(name: name, cpu: cpu, body: body))
    }

    /// Waits for the thread to finish. Call once.
    public func join() {
        precondition(!joined, "WorkerThread.join() called twice")
        joined = true
        unsafe pthread_join(handle, nil)
    }

    deinit {
        if !joined { unsafe pthread_join(handle, nil) }
    }
}
