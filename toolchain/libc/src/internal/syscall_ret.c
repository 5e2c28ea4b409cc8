#include <errno.h>
#include "syscall.h"

/* The kernel never returns a value in -4095..-1 for success, so that range means
 * failure. Other negative values are real results (an address above 2^63, say). */
long __syscall_ret(long r)
{
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}
