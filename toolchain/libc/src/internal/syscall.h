/* How C code reaches the kernel.
 *
 * A system call is a number and up to six arguments in registers, then a trap (syscall on
 * x86-64, svc #0 on AArch64). The numbers differ per architecture; the calling sequence
 * lives in arch/<arch>/syscall.s as __syscall6, and everything else is C.
 *
 * The kernel reports failure as a small negative number, -errno; __syscall_ret turns that
 * into the C convention: errno set, -1 returned.
 */
#ifndef _INTERNAL_SYSCALL_H
#define _INTERNAL_SYSCALL_H

#if defined(__x86_64__)
#define SYS_read        0
#define SYS_write       1
#define SYS_close       3
#define SYS_fstat       5
#define SYS_brk         12
#define SYS_ioctl       16
#define SYS_getpid      39
#define SYS_exit        60
#define SYS_kill        62
#define SYS_exit_group  231
#define SYS_lseek       8
#define SYS_clock_gettime 228
#define SYS_openat      257
#define SYS_unlinkat    263
#define SYS_renameat    264
#define SYS_nanosleep   35
#define SYS_fcntl       72
#define SYS_ftruncate   77
#define SYS_faccessat   269
#define SYS_dup3        292
#define SYS_getrandom   318
#define SYS_newfstatat  262
#elif defined(__aarch64__)
#define SYS_ioctl       29
#define SYS_close       57
#define SYS_read        63
#define SYS_write       64
#define SYS_fstat       80
#define SYS_exit        93
#define SYS_exit_group  94
#define SYS_kill        129
#define SYS_getpid      172
#define SYS_brk         214
#define SYS_unlinkat    35
#define SYS_openat      56
#define SYS_lseek       62
#define SYS_clock_gettime 113
#define SYS_renameat2   276     /* arm64 never had plain renameat: only this */
#define SYS_dup3        24
#define SYS_fcntl       25
#define SYS_ftruncate   46
#define SYS_faccessat   48
#define SYS_nanosleep   101
#define SYS_getrandom   278
#define SYS_newfstatat  79      /* called fstatat there */
#else
#error "ccpipeline libc: no system call numbers for this architecture"
#endif

/* ioctl request "get terminal attributes": succeeds only on a terminal. */
#define TCGETS          0x5401

long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6);
long __syscall_ret(long r);

#define __syscall0(n)                __syscall6(n, 0, 0, 0, 0, 0, 0)
#define __syscall1(n, a)             __syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define __syscall2(n, a, b)          __syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define __syscall3(n, a, b, c)       __syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __syscall4(n, a, b, c, d)    __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __syscall5(n, a, b, c, d, e) __syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

#endif
