#ifndef _UNISTD_H
#define _UNISTD_H

#define __NEED_size_t
#define __NEED_ssize_t
#define __NEED_intptr_t
#define __NEED_pid_t
#define __NEED_off_t
#define __NEED_NULL
#include <bits/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* lseek's whence: from the start, from the current offset, from the end. */
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

/* access's mode: does the file exist, or may this process read, write, run it. */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* usleep's microseconds. */
typedef unsigned int useconds_t;

/* The environment the kernel handed to the program: "NAME=value" strings, NULL-ended. */
extern char **environ;

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int unlink(const char *path);
int rmdir(const char *path);
void _exit(int status);
int brk(void *addr);
void *sbrk(intptr_t increment);
int isatty(int fd);
pid_t getpid(void);
int access(const char *path, int mode);
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);

#endif
