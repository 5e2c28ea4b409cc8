/* Signals: signal(), raise() and kill().
 *
 * The handlers live here, in the library, not in the kernel. Our emulator delivers no
 * signal asynchronously (it answers rt_sigaction with ENOSYS and has nowhere to run a
 * handler from), so the only signals a handler can ever see are the ones the program
 * sends itself: raise(), abort(), kill(getpid(), ...). Those we deliver here, by calling
 * the handler the way Linux would have. A signal the kernel sends (a fault, a kill from
 * another process) still takes its default action, on Linux too, since the kernel is
 * never told about the handler.
 *
 * The semantics are glibc's signal(), which are BSD's: the handler stays installed after
 * it runs (System V reset it to SIG_DFL), and while it runs the same signal is held back:
 * raising it again from inside the handler makes it pending, and it is delivered once
 * (ordinary signals do not queue) when the handler returns. A handler left by longjmp
 * leaves its signal held back, as glibc's longjmp (which does not restore the signal
 * mask) does.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* glibc keeps signals 32 and 33 for its threads; its signal() refuses them. */
#define SIGCANCEL 32
#define SIGSETXID 33

static void (*handlers[NSIG])(int);     /* all SIG_DFL (null) at start */
static unsigned long long running;      /* bit sig-1: its handler is running now */
static unsigned long long pending;      /* bit sig-1: raised while its handler ran */

void (*signal(int sig, void (*func)(int)))(int)
{
    void (*old)(int);

    if (sig < 1 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP || sig == SIGCANCEL
        || sig == SIGSETXID) {
        errno = EINVAL;
        return SIG_ERR;
    }
    old = handlers[sig];
    handlers[sig] = func;
    return old;
}

static int send_to_kernel(pid_t pid, int sig)
{
    return (int)__syscall_ret(__syscall2(SYS_kill, pid, sig));
}

/* Deliver sig to ourselves as the kernel would: ignore it, hand it to the kernel for its
 * default action, or run the handler (later, if its handler is running now). */
static int deliver(int sig)
{
    unsigned long long bit;
    void (*h)(int);

    if (sig < 1 || sig >= NSIG)
        return send_to_kernel(getpid(), sig);   /* 0 checks nothing; others: EINVAL */
    bit = 1ULL << (sig - 1);
    for (;;) {
        h = handlers[sig];
        if (h == SIG_IGN)
            return 0;
        if (h == SIG_DFL)
            return send_to_kernel(getpid(), sig);
        if (running & bit) {
            pending |= bit;
            return 0;
        }
        running |= bit;
        h(sig);
        running &= ~bit;
        if (!(pending & bit))
            return 0;
        pending &= ~bit;            /* held back while the handler ran: deliver it now */
    }
}

/* One process, one thread: signalling ourselves is signalling our process. */
int raise(int sig)
{
    return deliver(sig);
}

int kill(pid_t pid, int sig)
{
    if (pid == getpid())
        return deliver(sig);
    return send_to_kernel(pid, sig);
}
