/* The types that several standard headers must all provide.
 *
 * C99 forbids declaring the same typedef twice in one translation unit, yet <stdio.h>,
 * <stdlib.h>, <string.h> and <stddef.h> each owe the program size_t. So every such type
 * is written here exactly once: a header asks for one by defining __NEED_<type> before
 * including this file, and the __DEFINED_<type> guard makes later requests no-ops.
 * This file therefore has no include guard of its own.
 *
 * Sizes are those of the LP64 Linux ABIs (x86-64 and AArch64): long and pointers are
 * 64 bits, int 32.
 */

#if defined(__NEED_size_t) && !defined(__DEFINED_size_t)
typedef unsigned long size_t;
#define __DEFINED_size_t
#endif

#if defined(__NEED_ssize_t) && !defined(__DEFINED_ssize_t)
typedef long ssize_t;
#define __DEFINED_ssize_t
#endif

#if defined(__NEED_ptrdiff_t) && !defined(__DEFINED_ptrdiff_t)
typedef long ptrdiff_t;
#define __DEFINED_ptrdiff_t
#endif

#if defined(__NEED_intptr_t) && !defined(__DEFINED_intptr_t)
typedef long intptr_t;
#define __DEFINED_intptr_t
#endif

/* wchar_t follows the signedness the ABI gives it: int on x86-64, unsigned int on AArch64. */
#if defined(__NEED_wchar_t) && !defined(__DEFINED_wchar_t)
#ifdef __aarch64__
typedef unsigned int wchar_t;
#else
typedef int wchar_t;
#endif
#define __DEFINED_wchar_t
#endif

#if defined(__NEED_wint_t) && !defined(__DEFINED_wint_t)
typedef unsigned int wint_t;
#define __DEFINED_wint_t
#endif

#if defined(__NEED_off_t) && !defined(__DEFINED_off_t)
typedef long off_t;
#define __DEFINED_off_t
#endif

#if defined(__NEED_mode_t) && !defined(__DEFINED_mode_t)
typedef unsigned int mode_t;
#define __DEFINED_mode_t
#endif

#if defined(__NEED_time_t) && !defined(__DEFINED_time_t)
typedef long time_t;
#define __DEFINED_time_t
#endif

#if defined(__NEED_clock_t) && !defined(__DEFINED_clock_t)
typedef long clock_t;
#define __DEFINED_clock_t
#endif

#if defined(__NEED_clockid_t) && !defined(__DEFINED_clockid_t)
typedef int clockid_t;
#define __DEFINED_clockid_t
#endif

#if defined(__NEED_struct_timespec) && !defined(__DEFINED_struct_timespec)
struct timespec {
    time_t tv_sec;      /* whole seconds */
    long tv_nsec;       /* and nanoseconds, 0 .. 999999999 */
};
#define __DEFINED_struct_timespec
#endif

#if defined(__NEED_pid_t) && !defined(__DEFINED_pid_t)
typedef int pid_t;
#define __DEFINED_pid_t
#endif

/* The compiler knows the real shape of a va_list (a one-element array of a register-save
 * record on x86-64, a five-field struct on AArch64); we only give it the standard name. */
#if defined(__NEED_va_list) && !defined(__DEFINED_va_list)
typedef __builtin_va_list va_list;
#define __DEFINED_va_list
#endif

#if defined(__NEED_NULL) && !defined(NULL)
#define NULL ((void *)0)
#endif
