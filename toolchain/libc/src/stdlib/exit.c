/* Ending the program.
 *
 * exit() is the polite way: the functions registered with atexit run, last registered
 * first, then stdio writes out whatever is still in its buffers, and only then does the
 * process end. _Exit() and _exit() skip both, so buffered output is lost. */
#include <stdlib.h>
#include <unistd.h>
#include "../internal/stdio_impl.h"

/* C guarantees room for at least 32 registrations; that is what we have. */
#define ATEXIT_MAX 32

static void (*handlers[ATEXIT_MAX])(void);
static int nhandlers;

int atexit(void (*func)(void))
{
    if (nhandlers == ATEXIT_MAX)
        return -1;
    handlers[nhandlers++] = func;
    return 0;
}

void exit(int status)
{
    /* A handler may itself call atexit: taking them one at a time from the top runs
     * those too, still in reverse order. */
    while (nhandlers > 0) {
        void (*func)(void) = handlers[--nhandlers];
        func();
    }
    __stdio_exit();
    _exit(status);
}

void _Exit(int status)
{
    _exit(status);
}
