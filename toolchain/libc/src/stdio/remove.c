/* remove and rename: the <stdio.h> names for removing and renaming files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* remove deletes a file or an empty directory, whichever the name is. */
int remove(const char *path)
{
    if (unlink(path) == 0)
        return 0;
    if (errno != EISDIR)
        return -1;
    return rmdir(path);
}

/* renameat(2) on x86-64; arm64 has only renameat2(2), which with flags 0 is the same. */
int rename(const char *from, const char *to)
{
#ifdef SYS_renameat
    return (int)__syscall_ret(__syscall4(SYS_renameat, AT_FDCWD, from, AT_FDCWD, to));
#else
    return (int)__syscall_ret(__syscall5(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, 0));
#endif
}
