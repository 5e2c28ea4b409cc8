/* Sending signals. With no handlers installed, the signal's default action happens:
 * most signals end the process, and the shell reports it ("Aborted", "Segmentation
 * fault"), with status 128 + the signal's number. */
#include <signal.h>
#include <unistd.h>
#include "../internal/syscall.h"

int kill(pid_t pid, int sig)
{
    return (int)__syscall_ret(__syscall2(SYS_kill, pid, sig));
}

/* One process, one thread: signalling ourselves is signalling our process. */
int raise(int sig)
{
    return kill(getpid(), sig);
}
