import CMatchbookShim
import SystemPackage

/// CPU pinning for the calling thread (`sched_setaffinity`) and what the scheduler allows.
public enum CPUAffinity {
    /// Pins the calling thread to exactly `cpu`. Calls `sched_setaffinity(0, …)`.
    ///
    /// - Throws: `Errno` (`EINVAL` when the CPU is not allowed or does not exist).
    public static func pinCurrentThread(to cpu: Int) throws(Errno) {
        let result = cmb_pin_current_thread(Int32(cpu))
        guard result == 0 else { throw Errno(rawValue: result) }
    }

    /// The CPUs the calling thread may run on (`sched_getaffinity`), ascending.
    public static func allowedCPUs() -> [Int] {
        var cpus = [Int32](repeating: 0, count: 1024)
        let count = unsafe cpus.withUnsafeMutableBufferPointer { unsafe cmb_allowed_cpus($0.baseAddress, 1024) }
        return count > 0 ? cpus[0..<Int(count)].map(Int.init) : []
    }

    /// The CPU the calling thread runs on now (`sched_getcpu`), or -1.
    public static var currentCPU: Int { Int(cmb_current_cpu()) }

    /// The NUMA node of `cpu` (`numa_node_of_cpu`), or -1 when libnuma has no NUMA policy.
    public static func numaNode(ofCPU cpu: Int) -> Int { Int(cmb_numa_node_of_cpu(Int32(cpu))) }
}
