"""Signal numbers, names, what the default action is, and what bash prints when one kills
a child. The numbers below 32 are the same on x86-64 and AArch64 Linux."""
from __future__ import annotations

# number: (name, default action, bash's message; "" where bash stays quiet)
SIGNALS = {
    1: ("SIGHUP", "term", "Hangup"),
    2: ("SIGINT", "term", ""),
    3: ("SIGQUIT", "core", "Quit"),
    4: ("SIGILL", "core", "Illegal instruction"),
    5: ("SIGTRAP", "core", "Trace/breakpoint trap"),
    6: ("SIGABRT", "core", "Aborted"),
    7: ("SIGBUS", "core", "Bus error"),
    8: ("SIGFPE", "core", "Floating point exception"),
    9: ("SIGKILL", "term", "Killed"),
    10: ("SIGUSR1", "term", "User defined signal 1"),
    11: ("SIGSEGV", "core", "Segmentation fault"),
    12: ("SIGUSR2", "term", "User defined signal 2"),
    13: ("SIGPIPE", "term", ""),
    14: ("SIGALRM", "term", "Alarm clock"),
    15: ("SIGTERM", "term", "Terminated"),
    16: ("SIGSTKFLT", "term", "Stack fault"),
    17: ("SIGCHLD", "ignore", ""),
    18: ("SIGCONT", "ignore", ""),
    19: ("SIGSTOP", "stop", ""),
    20: ("SIGTSTP", "stop", ""),
    21: ("SIGTTIN", "stop", ""),
    22: ("SIGTTOU", "stop", ""),
    23: ("SIGURG", "ignore", ""),
    24: ("SIGXCPU", "core", "CPU time limit exceeded"),
    25: ("SIGXFSZ", "core", "File size limit exceeded"),
    26: ("SIGVTALRM", "term", "Virtual timer expired"),
    27: ("SIGPROF", "term", "Profiling timer expired"),
    28: ("SIGWINCH", "ignore", ""),
    29: ("SIGIO", "term", "I/O possible"),
    30: ("SIGPWR", "term", "Power failure"),
    31: ("SIGSYS", "core", "Bad system call"),
}
NUMBERS = {name: n for n, (name, _, _) in SIGNALS.items()}
NSIG = 64

SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGSEGV = 4, 5, 6, 7, 8, 9, 11


def name(signo: int) -> str:
    if signo in SIGNALS:
        return SIGNALS[signo][0]
    return f"SIGRTMIN+{signo - 34}" if signo >= 34 else f"SIG{signo}"


def default_action(signo: int) -> str:
    return SIGNALS[signo][1] if signo in SIGNALS else "term"


def shell_message(signo: int) -> str:
    """What bash prints on stderr after a foreground child died of `signo`."""
    if signo in SIGNALS:
        return SIGNALS[signo][2]
    return f"Real-time signal {signo - 34}" if signo >= 34 else f"Unknown signal {signo}"
