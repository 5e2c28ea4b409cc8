#include <fcntl.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* Whether path exists (F_OK) or this process may read, write, run it (R_OK, W_OK,
 * X_OK), judged by the real user, not the effective one. arm64 has only faccessat. */
int access(const char *path, int mode)
{
    return (int)__syscall_ret(__syscall3(SYS_faccessat, AT_FDCWD, path, mode));
}
