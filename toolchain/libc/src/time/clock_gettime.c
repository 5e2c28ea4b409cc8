/* The clocks. Everything here asks clock_gettime(2). (Linux also answers the common
 * ones without a system call, through the vDSO; that is an optimisation we skip.) */
#include <time.h>
#include "../internal/syscall.h"

int clock_gettime(clockid_t clock_id, struct timespec *tp)
{
    return (int)__syscall_ret(__syscall2(SYS_clock_gettime, clock_id, tp));
}

/* Seconds since the Epoch; also stored in *t if t is not NULL. */
time_t time(time_t *t)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return (time_t)-1;
    if (t != NULL)
        *t = ts.tv_sec;
    return ts.tv_sec;
}

/* The processor time the program has used, in CLOCKS_PER_SEC units; (clock_t)-1 if it
 * cannot be told. */
clock_t clock(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
        return (clock_t)-1;
    return ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / 1000;
}

/* C11: the current calendar time in *ts; base on success, 0 on failure. */
int timespec_get(struct timespec *ts, int base)
{
    if (base != TIME_UTC || clock_gettime(CLOCK_REALTIME, ts) < 0)
        return 0;
    return base;
}
