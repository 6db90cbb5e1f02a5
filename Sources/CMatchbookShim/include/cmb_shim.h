// The one C shim of Matchbook: libnuma, the Linux calls Swift cannot make directly
// (_GNU_SOURCE functions, macros, variadics) and the time-stamp counter.
// Every name is prefixed `cmb_`. Nothing else in the project includes a C header of its own.
#ifndef CMB_SHIM_H
#define CMB_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- mmap / madvise -------------------------------------------------------------------------
/// MAP_FAILED as an integer address (Swift does not import the macro).
uintptr_t cmb_map_failed(void);
/// mmap(NULL, bytes, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE [|MAP_HUGETLB|MAP_HUGE_2MB]).
/// Returns MAP_FAILED and sets errno on failure.
void *cmb_mmap_anonymous(size_t bytes, int hugetlb_2mb);
int cmb_munmap(void *address, size_t bytes);
/// madvise(MADV_HUGEPAGE).
int cmb_madvise_hugepage(void *address, size_t bytes);
/// madvise(MADV_POPULATE_WRITE) (Linux 5.14+; the value 23 is defined here when the headers lack it).
int cmb_madvise_populate_write(void *address, size_t bytes);
int cmb_mlock(void *address, size_t bytes);
int cmb_munlock(void *address, size_t bytes);
/// Free 2 MiB hugetlb pages in the pool (from /sys), or -1 when unknown.
long cmb_hugetlb_free_pages_2mb(void);
int cmb_errno(void);

// ---- NUMA (libnuma) ------------------------------------------------------------------------
/// numa_available(): -1 when the kernel or library offers no NUMA policy.
int cmb_numa_available(void);
/// numa_node_of_cpu(cpu), or -1.
int cmb_numa_node_of_cpu(int cpu);
/// numa_tonode_memory(address, bytes, node): binds the range to one node (policy MPOL_BIND semantics).
void cmb_numa_tonode_memory(void *address, size_t bytes, int node);
/// get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR) for one address: the node the page lives on, or -1.
int cmb_numa_node_of_address(void *address);
int cmb_numa_max_node(void);

// ---- CPU and threads -------------------------------------------------------------------------
/// sched_getcpu(), or -1.
int cmb_current_cpu(void);
/// sched_setaffinity(0, …) to exactly one CPU for the calling thread. 0 on success, else errno.
int cmb_pin_current_thread(int cpu);
/// The CPUs the calling thread may run on, written into `cpus` (at most `capacity`); returns the count or -1.
int cmb_allowed_cpus(int *cpus, int capacity);
/// pthread_setname_np for the calling thread (15 characters at most).
void cmb_set_thread_name(const char *name);
/// Sets the calling thread's timer slack (how late a sleep may wake, 50 µs by default) with prctl, which Swift
/// cannot call (variadic). Returns 0, or -1 with errno.
int cmb_set_timer_slack(unsigned long nanoseconds);

// ---- Time ----------------------------------------------------------------------------------
/// rdtsc: the time-stamp counter (x86_64); on other machines CLOCK_MONOTONIC nanoseconds.
uint64_t cmb_rdtsc(void);
/// rdtscp: serializing read of the time-stamp counter; CLOCK_MONOTONIC nanoseconds elsewhere.
uint64_t cmb_rdtscp(void);
/// CLOCK_MONOTONIC in nanoseconds.
uint64_t cmb_monotonic_nanos(void);
// Futex on a 32-bit word: sleep while *word == expected (at most timeout_ns), and wake up to count sleepers.
// The wait returns 0 when woken or when *word != expected, -1 on timeout or interruption.
int cmb_futex_wait(uint32_t *word, uint32_t expected, long timeout_ns);
int cmb_futex_wake(uint32_t *word, int count);
/// 1 when /proc/cpuinfo says constant_tsc and nonstop_tsc (x86_64), else 0.
int cmb_tsc_is_invariant(void);
/// A compiler barrier that keeps `value` alive (benchmarks and timing loops).
void cmb_keep(uint64_t value);

// ---- Checksums -----------------------------------------------------------------------------
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of `length` bytes, continuing from `crc` (pass 0 to
/// start; the result of one call is the `crc` of the next). Pre- and post-inverted like zlib's `crc32`, so
/// CRC-32C("123456789") = 0xE3069283. Uses the SSE 4.2 `crc32` instruction (x86_64, detected once with cpuid) or
/// the ARMv8 CRC32 instructions when compiled for them, else `cmb_crc32c_portable`. Thread-safe.
uint32_t cmb_crc32c(uint32_t crc, const void *data, size_t length);
/// The same CRC-32C computed with tables (slicing-by-8), on every machine: the reference the tests compare with.
uint32_t cmb_crc32c_portable(uint32_t crc, const void *data, size_t length);
/// 1 when `cmb_crc32c` uses CPU instructions on this machine, else 0.
int cmb_crc32c_is_hardware(void);

#ifdef __cplusplus
}
#endif
#endif
