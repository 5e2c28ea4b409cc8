#ifndef _SIGNAL_H
#define _SIGNAL_H

/* Signals: the numbers Linux gives them (the same on x86-64 and AArch64), raising one,
 * and C's signal() for choosing what raise does with it. Handlers are kept by the library,
 * not the kernel (see src/signal/signal.c): raise and abort call them, but a signal the
 * kernel sends (a fault, kill from another process) still takes its default action.
 * sigaction is not here. */

#define __NEED_pid_t
#include <bits/types.h>

/* An integer a signal handler may store to in one piece. */
typedef int sig_atomic_t;

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGIOT     SIGABRT
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1    10
#define SIGSEGV    11
#define SIGUSR2    12
#define SIGPIPE    13
#define SIGALRM    14
#define SIGTERM    15
#define SIGSTKFLT  16
#define SIGCHLD    17
#define SIGCONT    18
#define SIGSTOP    19
#define SIGTSTP    20
#define SIGTTIN    21
#define SIGTTOU    22
#define SIGURG     23
#define SIGXCPU    24
#define SIGXFSZ    25
#define SIGVTALRM  26
#define SIGPROF    27
#define SIGWINCH   28
#define SIGIO      29
#define SIGPOLL    SIGIO
#define SIGPWR     30
#define SIGSYS     31
#define NSIG       65

/* What signal() can be asked to do, and its answer when it cannot. */
#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)
#define SIG_ERR ((void (*)(int))-1)

void (*signal(int sig, void (*func)(int)))(int);
int raise(int sig);
int kill(pid_t pid, int sig);

#endif
