/* malloc, free, calloc, realloc: a first-fit allocator on top of sbrk.
 *
 * The heap is one run of memory from the program break upwards, cut into blocks. Every
 * block begins with a 16-byte header holding its size; the caller gets the bytes after
 * the header, which are 16-byte aligned (what any C type needs on these machines).
 *
 *     | size | next | caller's bytes ........ | size | next | caller's bytes ...
 *     ^ block        ^ what malloc returns
 *
 * Free blocks are kept on a list sorted by address, so free() can see whether the
 * freed block touches its neighbours and merge them into one: otherwise the heap would
 * crumble into pieces too small to use. malloc takes the first free block big enough,
 * splitting off what it does not need; when none is, it moves the break up.
 *
 * Memory is never given back to the kernel, and there are no checks for double frees
 * or overruns: glibc's allocator has both, at many times this length.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct block {
    size_t size;            /* the whole block in bytes, header included */
    struct block *next;     /* the next free block up the heap; used only while free */
};

#define ALIGN       16
#define HEADER      sizeof(struct block)    /* 16, so the caller's bytes stay aligned */
#define MIN_BLOCK   (2 * HEADER)            /* a header and room for something */
#define GROW_BY     (64 * 1024)             /* ask the kernel for at least this much */

static struct block *free_list;

static struct block *block_of(void *p)
{
    return (struct block *)((char *)p - HEADER);
}

static void *payload(struct block *b)
{
    return (char *)b + HEADER;
}

/* The block size that serves a request of n bytes; 0 if n is absurdly large. */
static size_t block_size(size_t n)
{
    size_t size;

    if (n > SIZE_MAX - HEADER - ALIGN)
        return 0;
    size = (n + HEADER + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    return size < MIN_BLOCK ? MIN_BLOCK : size;
}

/* Put b on the free list in address order, merging it with a free neighbour on
 * either side. */
static void release(struct block *b)
{
    struct block *prev = NULL;
    struct block *next = free_list;

    while (next != NULL && next < b) {
        prev = next;
        next = next->next;
    }

    if (next != NULL && (char *)b + b->size == (char *)next) {
        b->size += next->size;
        b->next = next->next;
    } else {
        b->next = next;
    }

    if (prev != NULL && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    } else if (prev != NULL) {
        prev->next = b;
    } else {
        free_list = b;
    }
}

/* Move the break up by at least need bytes and free the new memory. 0, or -1. */
static int grow(size_t need)
{
    uintptr_t brk_now = (uintptr_t)sbrk(0);
    size_t amount = need > GROW_BY ? (need + 4095) & ~(size_t)4095 : GROW_BY;
    struct block *b;

    /* The kernel's break need not be 16-byte aligned: step over the odd bytes. */
    if (brk_now % ALIGN != 0 && sbrk((intptr_t)(ALIGN - brk_now % ALIGN)) == (void *)-1)
        return -1;
    b = (struct block *)sbrk((intptr_t)amount);
    if (b == (struct block *)-1)
        return -1;
    b->size = amount;
    release(b);
    return 0;
}

/* Give the first size bytes of block b to the caller; if the rest is big enough to be
 * useful, make it a free block of its own. */
static void trim(struct block *b, size_t size)
{
    if (b->size - size >= MIN_BLOCK) {
        struct block *rest = (struct block *)((char *)b + size);
        rest->size = b->size - size;
        b->size = size;
        release(rest);
    }
}

void *malloc(size_t n)
{
    size_t size = block_size(n);

    if (size == 0) {
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        struct block *prev = NULL;
        struct block *b;

        for (b = free_list; b != NULL; prev = b, b = b->next) {
            if (b->size >= size) {
                if (prev != NULL)
                    prev->next = b->next;
                else
                    free_list = b->next;
                trim(b, size);
                return payload(b);
            }
        }
        if (grow(size) < 0)
            return NULL;
    }
}

void free(void *p)
{
    if (p != NULL)
        release(block_of(p));
}

void *calloc(size_t nmemb, size_t size)
{
    void *p;

    if (size != 0 && nmemb > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    p = malloc(nmemb * size);
    if (p != NULL)
        memset(p, 0, nmemb * size);
    return p;
}

/* Shrink in place; grow in place if the block just above is free and big enough;
 * otherwise move to a new block. realloc(p, 0) frees p and returns NULL, as glibc. */
void *realloc(void *p, size_t n)
{
    struct block *b;
    struct block *prev = NULL;
    struct block *next;
    size_t size = block_size(n);
    void *q;

    if (p == NULL)
        return malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }
    if (size == 0) {
        errno = ENOMEM;
        return NULL;
    }

    b = block_of(p);
    if (b->size >= size) {
        trim(b, size);
        return p;
    }

    for (next = free_list; next != NULL && next < b; next = next->next)
        prev = next;
    if (next != NULL && (char *)b + b->size == (char *)next && b->size + next->size >= size) {
        if (prev != NULL)
            prev->next = next->next;
        else
            free_list = next->next;
        b->size += next->size;
        trim(b, size);
        return p;
    }

    q = malloc(n);
    if (q == NULL)
        return NULL;
    memcpy(q, p, b->size - HEADER);
    free(p);
    return q;
}
