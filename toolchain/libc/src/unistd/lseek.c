#include <unistd.h>
#include "../internal/syscall.h"

/* Move the descriptor's file offset; return the new one, counted from the start. */
off_t lseek(int fd, off_t offset, int whence)
{
    return (off_t)__syscall_ret(__syscall3(SYS_lseek, fd, offset, whence));
}
