#ifndef _FCNTL_H
#define _FCNTL_H

/* Opening files: open() and the O_* flags, with the values the Linux kernel uses. */

#define __NEED_off_t
#define __NEED_mode_t
#define __NEED_pid_t
#include <bits/types.h>

/* How the file is to be accessed: exactly one of these. */
#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_ACCMODE   03

/* Octal, as in the kernel's own headers: each flag is one bit. */
#define O_CREAT     0100        /* create the file if it does not exist */
#define O_EXCL      0200        /* ... and fail if it does */
#define O_NOCTTY    0400
#define O_TRUNC     01000       /* cut an existing file to length 0 */
#define O_APPEND    02000       /* every write goes to the end */
#define O_NONBLOCK  04000
#define O_NDELAY    O_NONBLOCK
#define O_DSYNC     010000
#define O_ASYNC     020000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000    /* close the descriptor in exec */
#define O_SYNC      04010000
#define O_RSYNC     O_SYNC
#define O_PATH      010000000

/* These four are where the architectures part: arm64 moved them (its
 * arch/arm64/include/uapi/asm/fcntl.h), x86-64 keeps the generic values. O_LARGEFILE is
 * 0 to a 64-bit program, as in glibc: off_t is 64 bits already. */
#ifdef __aarch64__
#define O_DIRECTORY 040000
#define O_NOFOLLOW  0100000
#define O_DIRECT    0200000
#else
#define O_DIRECT    040000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#endif
#define O_LARGEFILE 0
#define O_TMPFILE   (020000000 | O_DIRECTORY)

/* "Relative to the current directory" for the *at() calls, and their flags. */
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400

/* lseek's whence, which POSIX also wants here. */
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

/* mode is read only with O_CREAT or O_TMPFILE: the permissions of a new file. */
int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int creat(const char *path, mode_t mode);

#endif
