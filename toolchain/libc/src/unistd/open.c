/* open, openat, creat.
 *
 * Both architectures get here through openat(2): arm64 has no plain open system call at
 * all (newer architectures only get the *at forms), and openat with AT_FDCWD means
 * "relative to the current directory", which is exactly open. */
#include <fcntl.h>
#include <stdarg.h>
#include "../internal/syscall.h"

/* The mode argument exists only when a file may be created; otherwise the caller did not
 * pass one and reading it would pick up garbage. */
static mode_t mode_argument(int flags, va_list ap)
{
    if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
        return va_arg(ap, mode_t);
    return 0;
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;

    va_start(ap, flags);
    mode = mode_argument(flags, ap);
    va_end(ap);
    return (int)__syscall_ret(__syscall4(SYS_openat, dirfd, path, flags, mode));
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    mode_t mode;

    va_start(ap, flags);
    mode = mode_argument(flags, ap);
    va_end(ap);
    return (int)__syscall_ret(__syscall4(SYS_openat, AT_FDCWD, path, flags, mode));
}

/* The old name for "create or truncate, write only". */
int creat(const char *path, mode_t mode)
{
    return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
