#include <unistd.h>
#include "../internal/syscall.h"

int close(int fd)
{
    return (int)__syscall_ret(__syscall1(SYS_close, fd));
}
