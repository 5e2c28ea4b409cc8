/* Removing names from directories, through unlinkat(2) (arm64 has no unlink or rmdir):
 * a flag tells it whether the name must be a file or an empty directory. */
#include <fcntl.h>
#include <unistd.h>
#include "../internal/syscall.h"

int unlink(const char *path)
{
    return (int)__syscall_ret(__syscall3(SYS_unlinkat, AT_FDCWD, path, 0));
}

int rmdir(const char *path)
{
    return (int)__syscall_ret(__syscall3(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR));
}
