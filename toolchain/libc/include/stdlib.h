#ifndef _STDLIB_H
#define _STDLIB_H

#define __NEED_size_t
#define __NEED_wchar_t
#define __NEED_NULL
#include <bits/types.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void exit(int status);
void _Exit(int status);
void abort(void);
int atexit(void (*func)(void));

int abs(int j);
long labs(long j);
long long llabs(long long j);

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);

char *getenv(const char *name);

#endif
