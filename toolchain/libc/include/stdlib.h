#ifndef _STDLIB_H
#define _STDLIB_H

#define __NEED_size_t
#define __NEED_wchar_t
#define __NEED_NULL
#include <bits/types.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* The largest value rand() returns. */
#define RAND_MAX 2147483647

/* What the div functions return: quotient and remainder together. */
typedef struct { int quot; int rem; } div_t;
typedef struct { long quot; long rem; } ldiv_t;
typedef struct { long long quot; long long rem; } lldiv_t;

void exit(int status);
void _Exit(int status);
void abort(void);
int atexit(void (*func)(void));
void quick_exit(int status);
int at_quick_exit(void (*func)(void));

int abs(int j);
long labs(long j);
long long llabs(long long j);
div_t div(int numer, int denom);
ldiv_t ldiv(long numer, long denom);
lldiv_t lldiv(long long numer, long long denom);

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
double strtod(const char *s, char **end);
float strtof(const char *s, char **end);
long double strtold(const char *s, char **end);
double atof(const char *s);

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
void *aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void **memptr, size_t alignment, size_t size);

void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
              int (*compar)(const void *, const void *));

int rand(void);
void srand(unsigned int seed);

char *getenv(const char *name);
int system(const char *command);

#endif
