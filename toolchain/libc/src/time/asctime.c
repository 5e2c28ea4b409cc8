/* asctime and ctime: a date the way C11 7.27.3.1 spells it, "Sun Sep 16 01:03:52 1973\n".
 *
 * C defines asctime by a sprintf call and leaves any field outside its range undefined;
 * glibc (and we) print the fields as they are, "???" for a day or month name that does
 * not exist, and fail with EOVERFLOW when the text would not fit the buffer: 26 bytes
 * for asctime_r (the size POSIX promises callers), more for asctime's own. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <time.h>

static const char day_names[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char month_names[12][4] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static char *format(const struct tm *tm, char *buf, size_t size)
{
    int n;

    if (tm->tm_year > INT_MAX - 1900) {
        errno = EOVERFLOW;
        return NULL;
    }
    n = snprintf(buf, size, "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n",
                 tm->tm_wday < 0 || tm->tm_wday > 6 ? "???" : day_names[tm->tm_wday],
                 tm->tm_mon < 0 || tm->tm_mon > 11 ? "???" : month_names[tm->tm_mon],
                 tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_year + 1900);
    if (n < 0)
        return NULL;
    if ((size_t)n >= size) {
        errno = EOVERFLOW;
        return NULL;
    }
    return buf;
}

/* Room for every field at its widest (an int is at most 11 characters). */
static char result[3 + 1 + 3 + 1 + 5 * (11 + 1) + 11 + 2];

char *asctime_r(const struct tm *tm, char *buf)
{
    return format(tm, buf, 26);
}

char *asctime(const struct tm *tm)
{
    return format(tm, result, sizeof result);
}

char *ctime_r(const time_t *t, char *buf)
{
    struct tm tm;

    if (localtime_r(t, &tm) == NULL)
        return NULL;
    return asctime_r(&tm, buf);
}

/* asctime(localtime(t)), so it overwrites both of their static results. */
char *ctime(const time_t *t)
{
    struct tm *tm = localtime(t);

    return tm == NULL ? NULL : asctime(tm);
}
