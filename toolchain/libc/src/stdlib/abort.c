#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* End the program abnormally with SIGABRT, and the shell reports "Aborted". A handler
 * the program installed for SIGABRT runs first (raise); should it return, or should the
 * program have chosen SIG_IGN, C11 7.22.4.1 still wants the program ended, so the
 * default action is put back and the signal sent again, as glibc does. No atexit
 * handlers, no stdio flush (glibc stopped flushing in 2.27). Should the signal somehow
 * not end us, exit with 127 as glibc finally does. */
void abort(void)
{
    raise(SIGABRT);
    signal(SIGABRT, SIG_DFL);
    __syscall2(SYS_kill, getpid(), SIGABRT);
    _exit(127);
}
