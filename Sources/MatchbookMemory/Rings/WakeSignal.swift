import Atomics
import CMatchbookShim

/// Lets a consumer thread sleep while its ring is empty and the producer wake it — without a system call on the
/// producer's side unless the consumer is actually asleep (the common case under load is none at all).
///
/// Protocol: the consumer calls `prepareToSleep()`, checks its ring once more, then `sleep(timeoutNanoseconds:)`
/// (which returns at once if a wake came in between); the producer calls `wakeIfSleeping()` after each publish:
/// a fence and one atomic load, and a futex wake only when the consumer announced it sleeps.
@safe
public final class WakeSignal: @unchecked Sendable {
    // @unchecked: the word is only touched through atomics and the futex calls, which synchronize themselves.
    private let word = UnsafeMutablePointer<UnsafeAtomic<UInt32>.Storage>.allocate(capacity: 1)

    public init() {
        unsafe word.initialize(to: UnsafeAtomic<UInt32>.Storage(0))
    }

    deinit {
        unsafe word.deallocate()
    }

    private var atomic: UnsafeAtomic<UInt32> { unsafe UnsafeAtomic(at: word) }

    private var rawWord: UnsafeMutablePointer<UInt32> {
        unsafe UnsafeMutableRawPointer(word).assumingMemoryBound(to: UInt32.self)
    }

    /// Consumer: announce that it is about to sleep (then check the ring again before `sleep`).
    public func prepareToSleep() {
        atomic.store(1, ordering: .sequentiallyConsistent)
        // The ring check that follows must not be done before this store is visible (see `wakeIfSleeping`).
        atomicMemoryFence(ordering: .sequentiallyConsistent)
    }

    /// Consumer: sleep until woken or `timeoutNanoseconds` pass (returns at once if woken since `prepareToSleep`).
    public func sleep(timeoutNanoseconds: Int) {
        if atomic.load(ordering: .sequentiallyConsistent) == 1 {
            _ = unsafe cmb_futex_wait(rawWord, 1, timeoutNanoseconds)
        }
        atomic.store(0, ordering: .relaxed)
    }

    /// Consumer: it did not sleep after all (the ring had work).
    public func cancelSleep() {
        atomic.store(0, ordering: .relaxed)
    }

    /// Producer: after a publish, wake the consumer if it announced it sleeps. One atomic load otherwise.
    @inline(__always)
    public func wakeIfSleeping() {
        // A full fence orders the publish before this load (a store then a load may pass each other, even on
        // x86): the consumer either sees the publish when it checks its ring, or this sees it asleep. The
        // consumer's sleep timeout bounds the damage of anything missed all the same.
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        if atomic.load(ordering: .sequentiallyConsistent) == 1 {
            atomic.store(0, ordering: .sequentiallyConsistent)
            _ = unsafe cmb_futex_wake(rawWord, 1)
        }
    }
}
