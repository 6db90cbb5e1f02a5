#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// What an engine thread found when it started: where it runs and what memory it got.
public struct EngineThreadStart: Sendable, Equatable {
    /// The CPU asked for, or nil (not pinned).
    public var requestedCPU: Int?
    /// The CPU the thread ran on after pinning (`sched_getcpu`).
    public var cpu: Int
    /// Why pinning failed, if it did (the thread goes on unpinned).
    public var pinningError: String?
}

/// A thread that pins itself to a CPU, then builds its arena on that CPU's NUMA node and runs `body` with it.
///
/// The arena is created *inside* the thread, after pinning, so first-touch and the NUMA binding land on the
/// thread's own node; it never leaves the thread (`Arena` is not `Sendable`) and is unmapped when `body`
/// returns. `join()` returns what `body` returned, or the error it (or the arena's construction) threw.
///
///     let thread = try EngineThread(name: "engine-0", cpu: 1, arena: config) { arena, start in
///         try runEngine(arena: arena)          // owns the arena until it returns
///     }
///     let result = try thread.join()
public final class EngineThread<Result: Sendable>: @unchecked Sendable {
    // @unchecked: `outcome` is written once by the thread before it exits and read by `join()` only after
    // `pthread_join` has returned, which orders the two; `handle` is read only by the creating thread.
    private var handle: pthread_t
    private let box: Box
    private var joined = false

    private final class Box: _ThreadEntry, @unchecked Sendable {
        let name: String
        let cpu: Int?
        let configuration: ArenaConfiguration
        let body: @Sendable (borrowing Arena, EngineThreadStart) throws -> Result
        var outcome: Swift.Result<Result, any Error>?

        init(name: String, cpu: Int?, configuration: ArenaConfiguration,
             body: @escaping @Sendable (borrowing Arena, EngineThreadStart) throws -> Result) {
            self.name = name
            self.cpu = cpu
            self.configuration = configuration
            self.body = body
        }

        override func run() {
            cmb_setThreadName(name)
            var start = EngineThreadStart(requestedCPU: cpu, cpu: CPUAffinity.currentCPU, pinningError: nil)
            if let cpu {
                do throws(Errno) {
                    try CPUAffinity.pinCurrentThread(to: cpu)
                } catch {
                    start.pinningError = "could not pin to CPU \(cpu): \(error)"
                }
                start.cpu = CPUAffinity.currentCPU
            }
            do {
                let arena = try Arena(configuration)
                outcome = .success(try body(arena, start))
            } catch {
                outcome = .failure(error)
            }
        }
    }

    /// Starts the thread. `cpu` nil leaves it unpinned (the arena then binds to the node it starts on).
    ///
    /// - Throws: `Errno` when `pthread_create` fails.
    public init(
        name: String, cpu: Int?, arena configuration: ArenaConfiguration,
        body: @escaping @Sendable (borrowing Arena, EngineThreadStart) throws -> Result
    ) throws {
        let box = Box(name: name, cpu: cpu, configuration: configuration, body: body)
        self.box = box
        self.handle = try _startThread(box)
    }

    /// Waits for the thread and returns what its body returned, or rethrows what it threw. Call once.
    public func join() throws -> Result {
        precondition(!joined, "EngineThread.join() called twice")
        joined = true
        unsafe pthread_join(handle, nil)
        guard let outcome = box.outcome else { fatalError("engine thread ended without an outcome") }
        return try outcome.get()
    }

    deinit {
        if !joined { unsafe pthread_detach(handle) }
    }
}

/// The non-generic face of a thread's work, so the C entry point captures no generic context.
class _ThreadEntry {
    func run() {}
}

/// `pthread_create` with a retained entry object that the new thread releases.
func _startThread(_ entry: _ThreadEntry) throws -> pthread_t {
    var thread = pthread_t()
    let retained = Unmanaged.passRetained(entry).toOpaque()
    let result = unsafe pthread_create(&thread, nil, { context in
        let entry = unsafe Unmanaged<_ThreadEntry>.fromOpaque(context!).takeRetainedValue()
        entry.run()
        return nil
    }, retained)
    guard result == 0 else {
        unsafe Unmanaged<_ThreadEntry>.fromOpaque(retained).release()
        throw Errno(rawValue: result)
    }
    return thread
}

import CMatchbookShim

@inline(never)
func cmb_setThreadName(_ name: String) {
    unsafe name.withCString { unsafe cmb_set_thread_name($0) }
}
