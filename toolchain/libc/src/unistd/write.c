#include <unistd.h>
#include "../internal/syscall.h"

ssize_t write(int fd, const void *buf, size_t count)
{
    return __syscall_ret(__syscall3(SYS_write, fd, buf, count));
}
