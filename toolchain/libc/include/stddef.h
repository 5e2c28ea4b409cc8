#ifndef _STDDEF_H
#define _STDDEF_H

#define __NEED_size_t
#define __NEED_ptrdiff_t
#define __NEED_wchar_t
#define __NEED_NULL
#include <bits/types.h>

/* The type with the strictest fundamental alignment (16 on both targets, long double's):
 * C11's, so not declared for -std=c99 or c89. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
typedef struct {
    long long __max_align_ll;
    long double __max_align_ld;
} max_align_t;
#endif

/* The byte offset of member m in struct type T: the address m would have if the struct
 * sat at address 0. Every C compiler of the 1990s folds this to a constant. */
#define offsetof(T, m) ((size_t)&((T *)0)->m)

#endif
