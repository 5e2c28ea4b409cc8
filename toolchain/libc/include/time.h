#ifndef _TIME_H
#define _TIME_H

/* Time: calendar time (seconds since 1970-01-01 00:00 UTC), broken down into a date and
 * a time of day, printed, processor time, and the POSIX clocks under all of it.
 *
 * Local time is UTC: there is no time zone database here, and TZ is not read. glibc with
 * TZ unset and no /etc/localtime does the same, so programs behave alike with TZ=UTC. */

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

/* A calendar time taken apart. The ranges are what gmtime and localtime produce;
 * mktime accepts any values and brings them back into range. The last two fields are
 * POSIX's (glibc has them too): the offset from UTC and the zone's abbreviation. */
struct tm {
    int tm_sec;         /* seconds after the minute, 0 .. 60 (60: a leap second) */
    int tm_min;         /* 0 .. 59 */
    int tm_hour;        /* 0 .. 23 */
    int tm_mday;        /* day of the month, 1 .. 31 */
    int tm_mon;         /* months since January, 0 .. 11 */
    int tm_year;        /* years since 1900 */
    int tm_wday;        /* days since Sunday, 0 .. 6 */
    int tm_yday;        /* days since January 1, 0 .. 365 */
    int tm_isdst;       /* daylight saving time: > 0 in effect, 0 not, < 0 unknown */
    long tm_gmtoff;     /* seconds east of UTC */
    const char *tm_zone;
};

time_t time(time_t *t);
clock_t clock(void);
int clock_gettime(clockid_t clock_id, struct timespec *tp);
int timespec_get(struct timespec *ts, int base);
int nanosleep(const struct timespec *req, struct timespec *rem);

double difftime(time_t t1, time_t t0);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *t, struct tm *result);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *result);
void tzset(void);
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *tm, char *buf);
char *ctime(const time_t *t);
char *ctime_r(const time_t *t, char *buf);
size_t strftime(char *s, size_t maxsize, const char *format, const struct tm *tm);

#endif
