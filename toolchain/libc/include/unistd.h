#ifndef _UNISTD_H
#define _UNISTD_H

#define __NEED_size_t
#define __NEED_ssize_t
#define __NEED_intptr_t
#define __NEED_pid_t
#define __NEED_NULL
#include <bits/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* The environment the kernel handed to the program: "NAME=value" strings, NULL-ended. */
extern char **environ;

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
void _exit(int status);
int brk(void *addr);
void *sbrk(intptr_t increment);
int isatty(int fd);
pid_t getpid(void);

#endif
