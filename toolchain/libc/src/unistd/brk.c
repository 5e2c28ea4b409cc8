/* The program break: the end of the heap the kernel gives a process, just past its data.
 * Moving it up maps fresh zeroed memory; moving it down gives memory back. malloc builds
 * on sbrk. */
#include <errno.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* Where the break is now; 0 until we first ask the kernel. */
static unsigned long current_break;

/* The brk system call does not fail the usual way: it returns the new break on success
 * and the unchanged old one when it cannot move. brk(0) is a pure question. */
int brk(void *addr)
{
    unsigned long got = (unsigned long)__syscall1(SYS_brk, addr);

    current_break = got;
    if (got < (unsigned long)addr) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

/* Move the break by increment bytes; return where it was, which is where the new
 * memory starts. */
void *sbrk(intptr_t increment)
{
    unsigned long old;

    if (current_break == 0)
        current_break = (unsigned long)__syscall1(SYS_brk, 0);
    old = current_break;
    if (increment == 0)
        return (void *)old;
    if ((increment > 0 && old + (unsigned long)increment < old) ||
        (increment < 0 && (unsigned long)-increment > old)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    if (brk((void *)(old + (unsigned long)increment)) < 0)
        return (void *)-1;
    return (void *)old;
}
