#include <unistd.h>
#include "../internal/syscall.h"

/* Is fd a terminal? Ask for its terminal settings: only a terminal has any, anything
 * else answers ENOTTY. The kernel fills in a struct termios (36 bytes on Linux);
 * we only care whether it succeeded, so any large enough buffer will do. */
int isatty(int fd)
{
    unsigned char termios[64];

    if (__syscall_ret(__syscall3(SYS_ioctl, fd, TCGETS, termios)) < 0)
        return 0;
    return 1;
}
