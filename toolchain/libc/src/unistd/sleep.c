/* Sleeping: sleep, usleep and the nanosleep(2) under them. Our emulator sleeps for real
 * too, but never past the run's time limit. */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include "../internal/syscall.h"

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    return (int)__syscall_ret(__syscall2(SYS_nanosleep, req, rem));
}

/* The seconds not slept, should a signal cut the sleep short (whole seconds, as glibc
 * counts them); errno is left alone on success. */
unsigned int sleep(unsigned int seconds)
{
    struct timespec ts;
    int saved = errno;

    ts.tv_sec = seconds;
    ts.tv_nsec = 0;
    if (nanosleep(&ts, &ts) < 0)
        return (unsigned int)ts.tv_sec;
    errno = saved;
    return 0;
}

/* glibc takes any count, a million and more included, and passes it on whole. */
int usleep(useconds_t usec)
{
    struct timespec ts;

    ts.tv_sec = usec / 1000000;
    ts.tv_nsec = (long)(usec % 1000000) * 1000;
    return nanosleep(&ts, NULL);
}
