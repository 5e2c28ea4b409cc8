#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

/* The POSIX system data types, sized as glibc sizes them on LP64 Linux. */

#define __NEED_size_t
#define __NEED_ssize_t
#define __NEED_off_t
#define __NEED_mode_t
#define __NEED_pid_t
#define __NEED_time_t
#define __NEED_clock_t
#define __NEED_clockid_t
#include <bits/types.h>

#endif
