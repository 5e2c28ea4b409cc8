#ifndef _TIME_H
#define _TIME_H

/* Time: calendar time (seconds since 1970-01-01 00:00 UTC), processor time, and the
 * POSIX clocks under both. */

#define __NEED_size_t
#define __NEED_time_t
#define __NEED_clock_t
#define __NEED_clockid_t
#define __NEED_struct_timespec
#define __NEED_NULL
#include <bits/types.h>

/* clock() counts in microseconds, as POSIX (XSI) requires of every system. */
#define CLOCKS_PER_SEC ((clock_t)1000000)

/* The clocks clock_gettime can read (Linux numbers). */
#define CLOCK_REALTIME           0      /* wall-clock time: can jump when it is set */
#define CLOCK_MONOTONIC          1      /* never goes back: for measuring intervals */
#define CLOCK_PROCESS_CPUTIME_ID 2      /* processor time used by this process */
#define CLOCK_THREAD_CPUTIME_ID  3

/* C11's timespec_get base. */
#define TIME_UTC 1

time_t time(time_t *t);
clock_t clock(void);
int clock_gettime(clockid_t clock_id, struct timespec *tp);
int timespec_get(struct timespec *ts, int base);

#endif
