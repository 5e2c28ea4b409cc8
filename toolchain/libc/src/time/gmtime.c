/* Calendar arithmetic: seconds since the Epoch <-> year, month, day, time of day, in the
 * proleptic Gregorian calendar (its leap-year rule applied to every year, as POSIX and
 * glibc do). gmtime, localtime, mktime and timegm.
 *
 * Local time is UTC. There is no time zone database in this library and TZ is not read:
 * our programs run in an emulator where the only honest zone is UTC, and glibc with TZ
 * unset and no /etc/localtime gives UTC too. The two differ only in the zone's name: glibc
 * calls gmtime's zone "GMT" and local UTC "UTC", and so do we.
 *
 * The day count starts from 2000-03-01, the first day after a 400-year cycle's leap day:
 * with March as the first month, February (and its leap day) is the last month of every
 * year, and the cycles of 400, 100 and 4 years fall out by plain division.
 */
#include <errno.h>
#include <limits.h>
#include <time.h>

#define SECS_PER_DAY 86400LL
#define DAYS_PER_400Y 146097LL      /* 400 * 365 + 97 leap days */
#define DAYS_PER_100Y 36524LL       /* 100 * 365 + 24 leap days */
#define DAYS_PER_4Y   1461LL        /* 4 * 365 + 1 */
#define EPOCH_TO_2000_03_01 11017LL /* days from 1970-01-01 */

/* Days before each month of a March-based year: March, April, ..., January, February. */
static const short days_before[12] = { 0, 31, 61, 92, 122, 153, 184, 214, 245, 275, 306, 337 };

static long long floor_div(long long a, long long b)
{
    long long q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int is_leap(long long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of year y, month m (0 = January, 0..11), day 1. */
static long long days_from_civil(long long y, int m)
{
    long long cycles, days;

    if (m < 2)                          /* January and February end the March-based year */
        y--;
    y -= 2000;
    cycles = floor_div(y, 400);
    y -= cycles * 400;                  /* 0 .. 399 years into the cycle */
    days = cycles * DAYS_PER_400Y + y * 365 + y / 4 - y / 100;
    return days + days_before[(m + 10) % 12] + EPOCH_TO_2000_03_01;
}

/* Break t down into *tm (the zone fields aside). 0, or -1 if the year does not fit an int. */
static int time_to_tm(time_t t, struct tm *tm)
{
    long long days = floor_div(t, SECS_PER_DAY);
    long long secs = t - days * SECS_PER_DAY;
    long long cycles, centuries, quads, years, year;
    int month, yday;

    days -= EPOCH_TO_2000_03_01;
    cycles = floor_div(days, DAYS_PER_400Y);
    days -= cycles * DAYS_PER_400Y;     /* 0 .. 146096 */
    centuries = days / DAYS_PER_100Y;
    if (centuries == 4)                 /* the cycle's last day: its leap day */
        centuries = 3;
    days -= centuries * DAYS_PER_100Y;
    quads = days / DAYS_PER_4Y;
    days -= quads * DAYS_PER_4Y;
    years = days / 365;
    if (years == 4)                     /* the leap day at the end of four years */
        years = 3;
    days -= years * 365;                /* day of the March-based year, 0 .. 365 */
    year = 2000 + cycles * 400 + centuries * 100 + quads * 4 + years;

    for (month = 11; days_before[month] > days; month--)
        ;
    if (month >= 10) {                  /* January or February: next calendar year */
        year++;
        yday = (int)days - 306;
    } else {
        yday = (int)days + 59 + is_leap(year);
    }
    if (year - 1900 < INT_MIN || year - 1900 > INT_MAX)
        return -1;
    tm->tm_year = (int)(year - 1900);
    tm->tm_mon = (month + 2) % 12;
    tm->tm_mday = (int)(days - days_before[month]) + 1;
    tm->tm_yday = yday;
    /* 1970-01-01 was a Thursday. */
    tm->tm_wday = (int)(floor_div(t, SECS_PER_DAY) % 7 + 11) % 7;
    tm->tm_hour = (int)(secs / 3600);
    tm->tm_min = (int)(secs / 60 % 60);
    tm->tm_sec = (int)(secs % 60);
    tm->tm_isdst = 0;
    return 0;
}

static struct tm *broken_down(const time_t *t, struct tm *tm, const char *zone)
{
    if (time_to_tm(*t, tm) < 0) {
        errno = EOVERFLOW;
        return NULL;
    }
    tm->tm_gmtoff = 0;
    tm->tm_zone = zone;
    return tm;
}

/* As in glibc, gmtime and localtime share one result: each call overwrites the other's. */
static struct tm shared;

struct tm *gmtime_r(const time_t *t, struct tm *result)
{
    return broken_down(t, result, "GMT");
}

struct tm *gmtime(const time_t *t)
{
    return broken_down(t, &shared, "GMT");
}

struct tm *localtime_r(const time_t *t, struct tm *result)
{
    return broken_down(t, result, "UTC");
}

struct tm *localtime(const time_t *t)
{
    return broken_down(t, &shared, "UTC");
}

/* Nothing to read: local time is always UTC here. */
void tzset(void)
{
}

/* The inverse of the breaking down: any field may be out of its range (the 40th of
 * March, minute -5) and counts on into the next larger one. The fields are put back in
 * range, tm_wday and tm_yday filled in. -1 (errno EOVERFLOW, *tm untouched) when the
 * result's year would not fit an int.
 *
 * tm_isdst > 0 asks for daylight saving time, which UTC never has. glibc's mktime then
 * assumes the usual one hour of it (the time meant is an hour earlier in UTC), and so
 * does ours; timegm ignores the field. */
static time_t from_tm(struct tm *tm, const char *zone, int dst_hour)
{
    long long mon = tm->tm_mon;
    long long year = (long long)tm->tm_year + 1900 + floor_div(mon, 12);
    long long t;
    struct tm out;

    mon -= floor_div(mon, 12) * 12;
    t = (days_from_civil(year, (int)mon) + tm->tm_mday - 1) * SECS_PER_DAY
        + tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
    if (dst_hour && tm->tm_isdst > 0)
        t -= 3600;
    if (time_to_tm(t, &out) < 0) {
        errno = EOVERFLOW;
        return (time_t)-1;
    }
    out.tm_gmtoff = 0;
    out.tm_zone = zone;
    *tm = out;
    return t;
}

time_t mktime(struct tm *tm)
{
    return from_tm(tm, "UTC", 1);
}

time_t timegm(struct tm *tm)
{
    return from_tm(tm, "GMT", 0);
}
