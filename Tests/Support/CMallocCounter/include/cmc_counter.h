// Test support: counts the calling thread's heap allocations by interposing malloc and friends in the test
// executable. Disabled (cmc_active() == 0) under AddressSanitizer and ThreadSanitizer, which own malloc there.
#ifndef CMC_COUNTER_H
#define CMC_COUNTER_H
#include <stdint.h>
/// 1 when the interposer is compiled in and counting.
int cmc_active(void);
/// Allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) made by the calling thread.
uint64_t cmc_thread_allocations(void);
#endif
