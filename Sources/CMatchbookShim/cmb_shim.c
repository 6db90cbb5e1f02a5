#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "cmb_shim.h"

#include <errno.h>
#include <numa.h>
#include <numaif.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << MAP_HUGE_SHIFT)
#endif

uintptr_t cmb_map_failed(void) { return (uintptr_t)MAP_FAILED; }

void *cmb_mmap_anonymous(size_t bytes, int hugetlb_2mb) {
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    if (hugetlb_2mb) flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB;
    return mmap(NULL, bytes, PROT_READ | PROT_WRITE, flags, -1, 0);
}

int cmb_munmap(void *address, size_t bytes) { return munmap(address, bytes); }
int cmb_madvise_hugepage(void *address, size_t bytes) { return madvise(address, bytes, MADV_HUGEPAGE); }
int cmb_madvise_populate_write(void *address, size_t bytes) {
    return madvise(address, bytes, MADV_POPULATE_WRITE);
}
int cmb_mlock(void *address, size_t bytes) { return mlock(address, bytes); }
int cmb_munlock(void *address, size_t bytes) { return munlock(address, bytes); }
int cmb_errno(void) { return errno; }

long cmb_hugetlb_free_pages_2mb(void) {
    FILE *f = fopen("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "r");
    if (!f) return -1;
    long n = -1;
    if (fscanf(f, "%ld", &n) != 1) n = -1;
    fclose(f);
    return n;
}

int cmb_numa_available(void) { return numa_available(); }
int cmb_numa_node_of_cpu(int cpu) { return numa_available() < 0 ? -1 : numa_node_of_cpu(cpu); }
void cmb_numa_tonode_memory(void *address, size_t bytes, int node) { numa_tonode_memory(address, bytes, node); }
int cmb_numa_max_node(void) { return numa_available() < 0 ? -1 : numa_max_node(); }
int cmb_numa_node_of_address(void *address) {
    int node = -1;
    if (get_mempolicy(&node, NULL, 0, address, MPOL_F_NODE | MPOL_F_ADDR) != 0) return -1;
    return node;
}

int cmb_current_cpu(void) { return sched_getcpu(); }

int cmb_pin_current_thread(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof(set), &set) == 0 ? 0 : errno;
}

int cmb_allowed_cpus(int *cpus, int capacity) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    int count = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && count < capacity; cpu++) {
        if (CPU_ISSET(cpu, &set)) cpus[count++] = cpu;
    }
    return count;
}

void cmb_set_thread_name(const char *name) {
    char shortName[16];
    strncpy(shortName, name, 15);
    shortName[15] = 0;
    pthread_setname_np(pthread_self(), shortName);
}

int cmb_set_timer_slack(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
}

uint64_t cmb_monotonic_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t cmb_rdtsc(void) {
#if defined(__x86_64__)
    return __rdtsc();
#else
    return cmb_monotonic_nanos();
#endif
}

uint64_t cmb_rdtscp(void) {
#if defined(__x86_64__)
    unsigned int aux;
    return __rdtscp(&aux);
#else
    return cmb_monotonic_nanos();
#endif
}

int cmb_tsc_is_invariant(void) {
#if defined(__x86_64__)
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) return 0;
    char line[4096];
    int constant = 0, nonstop = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "flags", 5) == 0) {
            constant = strstr(line, " constant_tsc") != NULL;
            nonstop = strstr(line, " nonstop_tsc") != NULL;
            break;
        }
    }
    fclose(f);
    return constant && nonstop;
#else
    return 0;
#endif
}

void cmb_keep(uint64_t value) { __asm__ __volatile__("" : : "r"(value) : "memory"); }

#include <linux/futex.h>
#include <unistd.h>
#include <sys/syscall.h>

int cmb_futex_wait(uint32_t *word, uint32_t expected, long timeout_ns) {
    struct timespec timeout = { timeout_ns / 1000000000L, timeout_ns % 1000000000L };
    return (int)syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, &timeout, NULL, 0) == 0 ? 0 : -1;
}

int cmb_futex_wake(uint32_t *word, int count) {
    return (int)syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
}

// ---- CRC-32C ---------------------------------------------------------------------------------
// Tables for slicing-by-8, built once (pthread_once), and the hardware path chosen once by cpuid.
#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#endif
#if defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
#endif

static uint32_t cmb_crc32c_table[8][256];
static pthread_once_t cmb_crc32c_once = PTHREAD_ONCE_INIT;
static int cmb_crc32c_hardware = 0;

static void cmb_crc32c_initialize(void) {
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t crc = byte;
        for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
        cmb_crc32c_table[0][byte] = crc;
    }
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t crc = cmb_crc32c_table[0][byte];
        for (int slice = 1; slice < 8; slice++) {
            crc = cmb_crc32c_table[0][crc & 0xFF] ^ (crc >> 8);
            cmb_crc32c_table[slice][byte] = crc;
        }
    }
#if defined(__x86_64__)
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) cmb_crc32c_hardware = (ecx & bit_SSE4_2) != 0;
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
    cmb_crc32c_hardware = 1;
#endif
}

uint32_t cmb_crc32c_portable(uint32_t crc, const void *data, size_t length) {
    pthread_once(&cmb_crc32c_once, cmb_crc32c_initialize);
    const uint8_t *bytes = (const uint8_t *)data;
    crc = ~crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        word = __builtin_bswap64(word);
#endif
        word ^= crc;
        crc = cmb_crc32c_table[7][word & 0xFF] ^ cmb_crc32c_table[6][(word >> 8) & 0xFF]
            ^ cmb_crc32c_table[5][(word >> 16) & 0xFF] ^ cmb_crc32c_table[4][(word >> 24) & 0xFF]
            ^ cmb_crc32c_table[3][(word >> 32) & 0xFF] ^ cmb_crc32c_table[2][(word >> 40) & 0xFF]
            ^ cmb_crc32c_table[1][(word >> 48) & 0xFF] ^ cmb_crc32c_table[0][word >> 56];
        bytes += 8;
        length -= 8;
    }
    while (length--) crc = cmb_crc32c_table[0][(crc ^ *bytes++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t cmb_crc32c_sse42(uint32_t crc, const uint8_t *bytes, size_t length) {
    uint64_t crc64 = (uint32_t)~crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        crc64 = _mm_crc32_u64(crc64, word);
        bytes += 8;
        length -= 8;
    }
    uint32_t crc32 = (uint32_t)crc64;
    while (length--) crc32 = _mm_crc32_u8(crc32, *bytes++);
    return ~crc32;
}
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
static uint32_t cmb_crc32c_armv8(uint32_t crc, const uint8_t *bytes, size_t length) {
    crc = ~crc;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        crc = __crc32cd(crc, word);
        bytes += 8;
        length -= 8;
    }
    while (length--) crc = __crc32cb(crc, *bytes++);
    return ~crc;
}
#endif

uint32_t cmb_crc32c(uint32_t crc, const void *data, size_t length) {
    pthread_once(&cmb_crc32c_once, cmb_crc32c_initialize);
#if defined(__x86_64__)
    if (cmb_crc32c_hardware) return cmb_crc32c_sse42(crc, (const uint8_t *)data, length);
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
    return cmb_crc32c_armv8(crc, (const uint8_t *)data, length);
#endif
    return cmb_crc32c_portable(crc, data, length);
}

int cmb_crc32c_is_hardware(void) {
    pthread_once(&cmb_crc32c_once, cmb_crc32c_initialize);
    return cmb_crc32c_hardware;
}
