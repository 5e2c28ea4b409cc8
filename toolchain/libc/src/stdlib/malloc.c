/* malloc, free, calloc, realloc, aligned_alloc, posix_memalign: a boundary-tag
 * allocator with segregated free lists, built the way dlmalloc and glibc's ptmalloc are
 * (without their threads, arenas and caches).
 *
 * CHUNKS. The heap is memory from the program break upwards (sbrk), cut into chunks
 * that lie back to back. A chunk starts with two words; the caller's bytes follow, so
 * they are 16-byte aligned like the chunk itself:
 *
 *     chunk ->  +-------------------------------+
 *               | prev_size                     |  only meaningful when the chunk
 *               |                               |  before is free (its "footer")
 *               +-------------------------------+
 *               | size              |  M  |  P  |  this chunk's size in bytes, a
 *               +-------------------------------+  multiple of 16, and two flag bits
 *     mem   ->  | the caller's bytes ...        |  what malloc returns
 *               |                               |
 *     next  ->  | (next chunk's prev_size: the  |  an in-use chunk lends its last 8
 *               |  caller's last 8 bytes)       |  bytes from the next chunk's header
 *               +-------------------------------+
 *
 *   P (PREV_INUSE): the chunk just before this one is in use. Each chunk thus knows
 *     whether its neighbour below is free, and a free chunk's size is also written at
 *     its end (in the next chunk's prev_size): these are the boundary tags that let
 *     free() find and merge both neighbours in constant time.
 *   M (IS_MMAPPED): the chunk has a mapping of its own (see "large requests").
 *
 * So a request for n bytes takes a chunk of n + 8 bytes rounded up to 16, at least
 * 32 (a free chunk must hold its two list links).
 *
 * FREE CHUNKS sit in bins, doubly linked lists (fd forward, bk back) that start at
 * bins[i]: bins 2 .. 63 hold one size each (32, 48, ... 1008 bytes), the bins above
 * a range each (four per power of two). A bitmap says which bins are not empty, so
 * malloc finds the smallest suitable free chunk in a few steps, without walking the
 * heap. free() merges a chunk with free neighbours at once, so no two free chunks ever
 * touch, and a free chunk never touches the top chunk.
 *
 * THE TOP CHUNK is the free space at the end of the heap. What no bin can serve is
 * cut from its start; when it is too small, sbrk moves the break up and the top grows.
 * When it grows past TRIM_THRESHOLD, the end goes back to the kernel. Memory the kernel
 * has just handed over is zero, which calloc uses: `clean_from` marks where, inside the
 * top chunk, the bytes nobody has written yet begin.
 *
 * LARGE REQUESTS (MMAP_THRESHOLD and more) get a mapping of their own from mmap,
 * returned with munmap on free: a big block then never pins the heap.
 *
 * MISTAKES with the heap are caught where that is cheap, and end the program with a
 * message on stderr and abort(), as glibc's allocator does:
 *   free(): invalid pointer              not a pointer malloc returned (misaligned,
 *                                        or its header makes no sense)
 *   free(): double free detected         the chunk is free already (the next chunk's
 *                                        P bit is clear, or it lies in the top chunk)
 *   free(): invalid next size (normal)   the next chunk's header was overwritten:
 *                                        someone wrote past the end of this block
 *   corrupted size vs. prev_size         a footer and the header it belongs to differ
 *   corrupted double-linked list         a free chunk's links do not point back at it
 *   malloc(): corrupted free list        a chunk in a bin is not of that bin's size
 *   malloc(): corrupted top size         the top chunk's header was overwritten
 * (realloc says realloc() instead of free()). A block with a mapping of its own is
 * gone once freed: freeing it again faults (SIGSEGV) on its unmapped header, as in
 * glibc.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../internal/syscall.h"

/* internal/syscall.h does not list mmap and munmap yet; until it does, their numbers
 * live here (the #ifndef lets it take them over). */
#ifndef SYS_mmap
#if defined(__x86_64__)
#define SYS_mmap    9
#define SYS_munmap  11
#elif defined(__aarch64__)
#define SYS_mmap    222
#define SYS_munmap  215
#endif
#endif
#define PROT_READ_WRITE         3           /* PROT_READ | PROT_WRITE */
#define MAP_PRIVATE_ANONYMOUS   0x22        /* MAP_PRIVATE | MAP_ANONYMOUS, on both */

struct chunk {
    size_t prev_size;       /* the size of the chunk before, if that one is free */
    size_t size;            /* this chunk's size | IS_MMAPPED | PREV_INUSE */
    struct chunk *fd;       /* free chunks only: the next chunk in the same bin */
    struct chunk *bk;       /* free chunks only: the one before it, NULL for the first */
};

#define ALIGN           16
#define HEADER          16                  /* from a chunk to the caller's bytes */
#define MIN_CHUNK       32                  /* the header and the two links */
#define PREV_INUSE      ((size_t)1)
#define IS_MMAPPED      ((size_t)2)
#define FLAGS           ((size_t)15)        /* sizes are multiples of 16: 4 bits spare */
#define PAGE            4096
#define GROW_UNIT       (64 * 1024)         /* the break moves by multiples of this */
#define MMAP_THRESHOLD  (128 * 1024)        /* chunks this big get their own mapping */
#define TRIM_THRESHOLD  (256 * 1024)        /* a top chunk this big gives memory back... */
#define TOP_KEEP        (128 * 1024)        /* ...keeping this much for what comes next */
/* Bigger requests than this fail: sizes stay far from wrapping around. */
#define MAX_REQUEST     (((size_t)-1 >> 1) - 2 * MMAP_THRESHOLD)

#define SMALL_BINS      64                  /* bins 0 .. 63: chunks below 1024 bytes */
#define SMALL_LIMIT     (SMALL_BINS * ALIGN)
#define NBINS           128
#define MAP_WORDS       (NBINS / 64)

#define chunk_size(c)       ((c)->size & ~FLAGS)
#define chunk_at(c, offset) ((struct chunk *)((char *)(c) + (offset)))
#define mem_of(c)           ((void *)((char *)(c) + HEADER))
#define chunk_of(p)         ((struct chunk *)((char *)(p) - HEADER))
/* Whether the chunk is in use is written in the next chunk's P bit. */
#define in_use(c)           (chunk_at(c, chunk_size(c))->size & PREV_INUSE)

static struct chunk *bins[NBINS];
static uint64_t binmap[MAP_WORDS];          /* bit i set: bins[i] is not empty */
static struct chunk *top;                   /* NULL until the first allocation */
static char *heap_lo;                       /* the chunks of the heap lie in [heap_lo, heap_hi); */
static char *heap_hi;                       /* heap_hi is where the top chunk ends */
/* Bytes at or above max(clean_from, top + HEADER), up to heap_hi, are all zero. */
static char *clean_from;
/* Set by heap_alloc for calloc: the new block's bytes from here on are already zero. */
static char *zero_from;

/* The heap is damaged: carrying on would only spread the damage. Say so, without
 * stdio (whose buffers may be what got overwritten), and abort. */
static void heap_error(const char *who, const char *what)
{
    if (who != NULL) {
        write(2, who, strlen(who));
        write(2, ": ", 2);
    }
    write(2, what, strlen(what));
    write(2, "\n", 1);
    abort();
}

/* The chunk size that serves a request of n bytes (n <= MAX_REQUEST): n and the 8
 * bytes of the size field, rounded up to 16, and at least MIN_CHUNK. (This and
 * bin_index are macros because they run on every call: as functions, the calls would
 * cost more than the work in them.) */
#define request_size(n) \
    ((n) + 8 + ALIGN - 1 < MIN_CHUNK ? MIN_CHUNK : ((n) + 8 + ALIGN - 1) & ~(size_t)(ALIGN - 1))

/* Which bin holds free chunks of this size: one bin per size below SMALL_LIMIT, then
 * four per power of two (1024-1279, 1280-1535, ..., 2048-2559, ...), and the last
 * bin for everything beyond. */
#define bin_index(size) ((size) < SMALL_LIMIT ? (int)((size) >> 4) : large_bin_index(size))

static int large_bin_index(size_t size)
{
    int b = 10;                     /* size >= 2^10 here */
    int i;

    while (b < 40 && (size >> (b + 1)) != 0)
        b++;
    i = SMALL_BINS + (b - 10) * 4 + (int)((size >> (b - 2)) & 3);
    return i < NBINS ? i : NBINS - 1;
}

/* The lowest bit set in a word that is not zero, by halving. */
static int lowest_bit(uint64_t w)
{
    int i = 0;

    if ((w & 0xffffffffULL) == 0) { w >>= 32; i += 32; }
    if ((w & 0xffff) == 0) { w >>= 16; i += 16; }
    if ((w & 0xff) == 0) { w >>= 8; i += 8; }
    if ((w & 0xf) == 0) { w >>= 4; i += 4; }
    if ((w & 0x3) == 0) { w >>= 2; i += 2; }
    if ((w & 0x1) == 0)
        i += 1;
    return i;
}

/* The first bin at or after bin i that is not empty, or -1. */
static int next_nonempty_bin(int i)
{
    int w = i >> 6;
    uint64_t bits = binmap[w] & (~(uint64_t)0 << (i & 63));

    while (bits == 0) {
        if (++w == MAP_WORDS)
            return -1;
        bits = binmap[w];
    }
    return w * 64 + lowest_bit(bits);
}

/* Put free chunk c (of this size, its footer written) first in its bin. */
static void bin_insert(struct chunk *c, size_t size)
{
    int i = bin_index(size);
    struct chunk *first = bins[i];

    c->fd = first;
    c->bk = NULL;
    if (first != NULL)
        first->bk = c;
    else
        binmap[i >> 6] |= (uint64_t)1 << (i & 63);
    bins[i] = c;
}

/* Take free chunk c out of its bin, after checking that its neighbours in the list
 * point back at it (an overwritten link would otherwise let a write go anywhere). */
static void bin_remove(struct chunk *c)
{
    struct chunk *fd = c->fd;
    struct chunk *bk = c->bk;

    if ((fd != NULL && fd->bk != c) || (bk != NULL && bk->fd != c))
        heap_error(NULL, "corrupted double-linked list");
    if (bk != NULL) {
        bk->fd = fd;
    } else {
        int i = bin_index(chunk_size(c));
        if (bins[i] != c)
            heap_error(NULL, "corrupted double-linked list");
        bins[i] = fd;
        if (fd == NULL)
            binmap[i >> 6] &= ~((uint64_t)1 << (i & 63));
    }
    if (fd != NULL)
        fd->bk = bk;
}

/* c, a chunk of `total` bytes, is becoming a chunk in use of `size` bytes: the rest,
 * if big enough to be a chunk, becomes a free one. Only for a c with no free chunk
 * after it (a chunk just taken from a bin is such, since free chunks never touch). */
static void split_off_rest(struct chunk *c, size_t total, size_t size)
{
    size_t rest = total - size;

    if (rest >= MIN_CHUNK) {
        struct chunk *r = chunk_at(c, size);
        c->size = size | (c->size & PREV_INUSE);
        r->size = rest | PREV_INUSE;
        chunk_at(r, rest)->prev_size = rest;        /* P of the chunk after stays 0 */
        bin_insert(r, rest);
    } else {
        c->size = total | (c->size & PREV_INUSE);
        chunk_at(c, total)->size |= PREV_INUSE;
    }
}

/* A free chunk of at least size bytes, from the smallest bin that has one (the first
 * that fits, in a large bin), out of its bin and cut to size; NULL if there is none. */
static struct chunk *take_from_bins(size_t size)
{
    int i = bin_index(size);
    struct chunk *c = NULL;

    if (i >= SMALL_BINS) {
        /* A large bin holds a range of sizes, in no order: look for one that fits. */
        for (c = bins[i]; c != NULL; c = c->fd)
            if (chunk_size(c) >= size)
                break;
        i++;
    }
    if (c == NULL) {
        /* The first non-empty bin from here on: every chunk in it is big enough. */
        i = i < NBINS ? next_nonempty_bin(i) : -1;
        if (i < 0)
            return NULL;
        c = bins[i];
        if (bin_index(chunk_size(c)) != i || chunk_size(c) < size)
            heap_error(NULL, "malloc(): corrupted free list");
    }
    bin_remove(c);
    split_off_rest(c, chunk_size(c), size);
    return c;
}

/* The old top chunk, when the break has moved away from it (someone else called sbrk):
 * its end becomes a fence, two tiny chunks forever in use, so that no chunk in that
 * piece of heap has a "next chunk" outside it; the rest is an ordinary free chunk. */
static void retire_top(void)
{
    size_t size = chunk_size(top);
    char *end = (char *)top + size;
    struct chunk *fence = (struct chunk *)(end - 2 * HEADER);

    ((struct chunk *)(end - HEADER))->size = HEADER | PREV_INUSE;
    if (size - 2 * HEADER >= MIN_CHUNK) {
        top->size = (size - 2 * HEADER) | PREV_INUSE;
        fence->prev_size = size - 2 * HEADER;
        fence->size = HEADER;
        bin_insert(top, size - 2 * HEADER);
    } else {
        top->size = (size - HEADER) | PREV_INUSE;   /* the whole rest is the fence */
    }
}

/* Make the top chunk big enough to give out size bytes and still be a chunk.
 * 0, or -1 (errno ENOMEM) if the kernel has no more memory. */
static int grow_top(size_t size)
{
    char *brk_now = sbrk(0);
    size_t pad, amount;
    char *mem;

    if (top != NULL && brk_now == heap_hi) {
        /* The break is where our heap ends: the new memory just lengthens the top. */
        amount = (size + MIN_CHUNK - chunk_size(top) + GROW_UNIT - 1) & ~(size_t)(GROW_UNIT - 1);
        if (sbrk((intptr_t)amount) == (void *)-1)
            return -1;
        top->size += amount;
        heap_hi += amount;
        return 0;
    }
    /* The first piece of heap, or one that does not follow the last. The kernel's
     * break need not be 16-byte aligned: step over the odd bytes. */
    pad = (ALIGN - (uintptr_t)brk_now % ALIGN) % ALIGN;
    amount = (pad + size + MIN_CHUNK + GROW_UNIT - 1) & ~(size_t)(GROW_UNIT - 1);
    mem = sbrk((intptr_t)amount);
    if (mem == (char *)-1)
        return -1;
    if (top != NULL)
        retire_top();
    top = (struct chunk *)(mem + pad);
    top->prev_size = 0;
    top->size = (amount - pad) | PREV_INUSE;
    if (heap_lo == NULL || mem + pad < heap_lo)
        heap_lo = mem + pad;
    heap_hi = mem + amount;
    clean_from = mem + pad;
    return 0;
}

/* Cut a chunk of size bytes from the start of the top chunk. */
static struct chunk *take_from_top(size_t size)
{
    struct chunk *c;
    size_t top_size;

    if (top != NULL && (char *)top + chunk_size(top) != heap_hi)
        heap_error(NULL, "malloc(): corrupted top size");
    if ((top == NULL || chunk_size(top) < size + MIN_CHUNK) && grow_top(size) < 0)
        return NULL;
    c = top;
    top_size = chunk_size(c);
    top = chunk_at(c, size);
    top->size = (top_size - size) | PREV_INUSE;
    c->size = size | (c->size & PREV_INUSE);
    zero_from = clean_from > (char *)mem_of(c) ? clean_from : (char *)mem_of(c);
    return c;
}

/* Give the end of a large top chunk back to the kernel, if the break is still ours.
 * The new end is a page boundary: the kernel zeroes whole pages when the break moves
 * up again, but not the rest of a page it never took back. */
static void trim_top(void)
{
    uintptr_t new_hi;

    if (chunk_size(top) < TRIM_THRESHOLD || sbrk(0) != heap_hi)
        return;
    new_hi = ((uintptr_t)top + TOP_KEEP + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    if (sbrk(-(intptr_t)((uintptr_t)heap_hi - new_hi)) == (void *)-1)
        return;
    top->size = (new_hi - (uintptr_t)top) | PREV_INUSE;
    heap_hi = (char *)new_hi;
    if (clean_from > heap_hi)
        clean_from = heap_hi;
}

/* A chunk with a mapping of its own: prev_size is how far into the mapping it starts
 * (0, unless aligned_alloc moved it), size is the rest of the mapping. */
static struct chunk *mmap_chunk(size_t size)
{
    size_t length = (size + 8 + PAGE - 1) & ~(size_t)(PAGE - 1);
    long got = __syscall6(SYS_mmap, 0, (long)length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
    struct chunk *c;

    if (got < 0 && got > -4096) {
        errno = ENOMEM;
        return NULL;
    }
    c = (struct chunk *)got;
    c->prev_size = 0;
    c->size = length | IS_MMAPPED;
    return c;
}

static void munmap_chunk(struct chunk *c)
{
    __syscall2(SYS_munmap, (char *)c - c->prev_size, c->prev_size + chunk_size(c));
}

/* A chunk in use of the given size from the heap, or NULL with errno ENOMEM. */
static struct chunk *heap_alloc(size_t size)
{
    struct chunk *c;

    zero_from = (char *)UINTPTR_MAX;            /* used before: nothing known */
    if (size < SMALL_LIMIT && bins[size >> 4] != NULL) {
        /* The common case, made short: a free chunk of just this size, first in its
         * bin. Take it out (after the checks bin_remove would make), mark it in use. */
        int i = (int)(size >> 4);
        struct chunk *fd;
        c = bins[i];
        fd = c->fd;
        if (c->size != (size | PREV_INUSE))
            heap_error(NULL, "malloc(): corrupted free list");
        if (fd != NULL && fd->bk != c)
            heap_error(NULL, "corrupted double-linked list");
        bins[i] = fd;
        if (fd != NULL)
            fd->bk = NULL;
        else
            binmap[i >> 6] &= ~((uint64_t)1 << (i & 63));
        chunk_at(c, size)->size |= PREV_INUSE;
        return c;
    }
    c = take_from_bins(size);
    if (c != NULL)
        return c;
    c = take_from_top(size);
    if (c == NULL)
        errno = ENOMEM;
    return c;
}

void *malloc(size_t n)
{
    size_t size;
    struct chunk *c;

    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    size = request_size(n);
    c = size >= MMAP_THRESHOLD ? mmap_chunk(size) : heap_alloc(size);
    return c != NULL ? mem_of(c) : NULL;
}

/* Could next be the header of the chunk after a chunk in use? A size that keeps it
 * inside the heap (a fence is 16 bytes: that is the smallest). */
static int plausible_next(const struct chunk *next)
{
    size_t size = chunk_size(next);
    return size >= HEADER && size % ALIGN == 0 && size <= (size_t)(heap_hi - (const char *)next);
}

/* The chunk of a pointer the program hands back, after checking that it looks like
 * one malloc gave out and that it is still in use; `who` names the function in the
 * message. */
static struct chunk *check_in_use(void *p, const char *who)
{
    struct chunk *c = chunk_of(p);
    struct chunk *next;
    size_t size;

    if ((uintptr_t)p % ALIGN != 0)
        heap_error(who, "invalid pointer");
    if ((char *)c < heap_lo || (char *)c >= heap_hi) {
        /* Outside the heap: only a chunk with its own mapping can be there, and it
         * must span whole pages. */
        if ((c->size & IS_MMAPPED) == 0 || chunk_size(c) == 0 ||
            ((uintptr_t)c - c->prev_size) % PAGE != 0 || (c->prev_size + chunk_size(c)) % PAGE != 0)
            heap_error(who, "invalid pointer");
        return c;
    }
    if (c >= top)
        heap_error(who, "double free detected");    /* inside the top chunk: free memory */
    size = chunk_size(c);
    if ((c->size & IS_MMAPPED) != 0 || size < MIN_CHUNK || size > (size_t)((char *)top - (char *)c))
        heap_error(who, "invalid pointer");
    next = chunk_at(c, size);
    if (next != top && !plausible_next(next))
        heap_error(who, "invalid next size (normal)");
    if ((next->size & PREV_INUSE) == 0)
        heap_error(who, "double free detected");
    return c;
}

/* Free chunk c (checked, in use): merge it with the free chunks on either side, then
 * put the result in its bin, or into the top chunk if it touches it. */
static void release(struct chunk *c)
{
    size_t size = chunk_size(c);
    struct chunk *next;

    if (c->size & IS_MMAPPED) {
        munmap_chunk(c);
        return;
    }
    next = chunk_at(c, size);
    if ((c->size & PREV_INUSE) == 0) {
        size_t prev_size = c->prev_size;
        struct chunk *prev = (struct chunk *)((char *)c - prev_size);
        if (prev_size < MIN_CHUNK || prev_size % ALIGN != 0 ||
            prev_size > (size_t)((char *)c - heap_lo) || chunk_size(prev) != prev_size)
            heap_error(NULL, "corrupted size vs. prev_size");
        bin_remove(prev);
        c = prev;
        size += prev_size;
    }
    if (next == top) {
        /* The old top's header is now inside the top chunk, and no longer zero. */
        if (clean_from < (char *)top + HEADER)
            clean_from = (char *)top + HEADER;
        c->size = (size + chunk_size(top)) | PREV_INUSE;
        top = c;
        trim_top();
        return;
    }
    if (!in_use(next)) {
        bin_remove(next);
        size += chunk_size(next);
    }
    c->size = size | PREV_INUSE;        /* the chunk before a free chunk is in use */
    next = chunk_at(c, size);
    next->prev_size = size;
    next->size &= ~PREV_INUSE;
    bin_insert(c, size);
}

void free(void *p)
{
    if (p != NULL)
        release(check_in_use(p, "free()"));
}

/* Zero n bytes (a multiple of 8) at p (8-byte aligned), a word at a time. */
static void clear_words(void *p, size_t n)
{
    uint64_t *w = p;
    uint64_t *end = (uint64_t *)((char *)p + n);

    while (w + 4 <= end) {
        w[0] = 0;
        w[1] = 0;
        w[2] = 0;
        w[3] = 0;
        w += 4;
    }
    while (w < end)
        *w++ = 0;
}

/* Copy n bytes (a multiple of 8) between 8-byte aligned blocks that do not overlap. */
static void copy_words(void *dst, const void *src, size_t n)
{
    uint64_t *d = dst;
    const uint64_t *s = src;
    uint64_t *end = (uint64_t *)((char *)dst + n);

    while (d + 4 <= end) {
        d[0] = s[0];
        d[1] = s[1];
        d[2] = s[2];
        d[3] = s[3];
        d += 4;
        s += 4;
    }
    while (d < end)
        *d++ = *s++;
}

/* Memory from mmap, or from the top chunk beyond clean_from, is zero already: only
 * what was in use before needs clearing. */
void *calloc(size_t nmemb, size_t size)
{
    size_t n, csize, clear;
    struct chunk *c;
    char *p;

    if (size != 0 && nmemb > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    n = nmemb * size;
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    csize = request_size(n);
    if (csize >= MMAP_THRESHOLD) {
        c = mmap_chunk(csize);
        return c != NULL ? mem_of(c) : NULL;
    }
    c = heap_alloc(csize);
    if (c == NULL)
        return NULL;
    p = mem_of(c);
    clear = (n + 7) & ~(size_t)7;       /* the chunk has room: its size is n + 8 or more */
    if (zero_from <= p)
        clear = 0;
    else if ((size_t)(zero_from - p) < clear)
        clear = (size_t)(zero_from - p);
    clear_words(p, clear);
    return p;
}

/* Keep the first size bytes of chunk c (in use) and free the rest, if it is big
 * enough to be a chunk. */
static void shrink_in_place(struct chunk *c, size_t size)
{
    size_t total = chunk_size(c);
    struct chunk *rest;

    if (total - size < MIN_CHUNK)
        return;
    rest = chunk_at(c, size);
    c->size = size | (c->size & PREV_INUSE);
    rest->size = (total - size) | PREV_INUSE;   /* "in use" until release() frees it */
    release(rest);
}

/* Shrink in place; grow in place into the top chunk or a free chunk just above; else
 * move to a new block. realloc(p, 0) frees p and returns NULL, as glibc. */
void *realloc(void *p, size_t n)
{
    struct chunk *c;
    struct chunk *next;
    size_t size, old, usable, keep;
    void *q;

    if (p == NULL)
        return malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }
    if (n > MAX_REQUEST) {
        errno = ENOMEM;
        return NULL;
    }
    c = check_in_use(p, "realloc()");
    size = request_size(n);
    old = chunk_size(c);
    if (c->size & IS_MMAPPED) {
        usable = old - HEADER;
        if (n <= usable && size >= MMAP_THRESHOLD)
            return p;                   /* still fits, and still worth a mapping */
    } else {
        usable = old - 8;
        if (size <= old) {
            shrink_in_place(c, size);
            return p;
        }
        next = chunk_at(c, old);
        if (next == top && old + chunk_size(top) >= size + MIN_CHUNK) {
            size_t top_size = chunk_size(top);
            top = chunk_at(c, size);
            top->size = (old + top_size - size) | PREV_INUSE;
            c->size = size | (c->size & PREV_INUSE);
            return p;
        }
        if (next != top && !in_use(next) && old + chunk_size(next) >= size) {
            bin_remove(next);
            split_off_rest(c, old + chunk_size(next), size);
            return p;
        }
    }
    q = malloc(n);
    if (q == NULL)
        return NULL;
    keep = (n + 7) & ~(size_t)7;
    copy_words(q, p, keep < usable ? keep : usable);
    release(c);
    return q;
}

/* Memory at an address that is a multiple of alignment (a power of two). Get enough
 * for the request plus the worst misalignment, then cut the chunk at the aligned
 * address, freeing the part before it (big enough to be a chunk) and the tail. */
void *aligned_alloc(size_t alignment, size_t n)
{
    size_t size;
    char *p;
    char *q;
    struct chunk *c;

    if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
        errno = EINVAL;
        return NULL;
    }
    if (alignment <= ALIGN)
        return malloc(n);
    if (alignment > MAX_REQUEST || n > MAX_REQUEST - alignment - MIN_CHUNK) {
        errno = ENOMEM;
        return NULL;
    }
    size = request_size(n);
    p = malloc(size + alignment + MIN_CHUNK);
    if (p == NULL)
        return NULL;
    c = chunk_of(p);
    q = (char *)(((uintptr_t)p + alignment - 1) & ~(uintptr_t)(alignment - 1));
    if (q != p && (size_t)(q - p) < MIN_CHUNK)
        q += alignment;
    if (q != p) {
        size_t lead = (size_t)(q - p);
        struct chunk *aligned = chunk_of(q);
        if (c->size & IS_MMAPPED) {
            /* Nothing to free before it: the mapping just starts further in. */
            aligned->prev_size = c->prev_size + lead;
            aligned->size = (chunk_size(c) - lead) | IS_MMAPPED;
            return q;
        }
        aligned->size = (chunk_size(c) - lead) | PREV_INUSE;
        c->size = lead | (c->size & PREV_INUSE);
        release(c);
        c = aligned;
    }
    if ((c->size & IS_MMAPPED) == 0)
        shrink_in_place(c, size);
    return q;
}

/* POSIX's version: the alignment must also be a multiple of sizeof(void *), and the
 * error comes back as the result instead of in errno. */
int posix_memalign(void **memptr, size_t alignment, size_t size)
{
    void *p;
    int saved = errno;

    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0)
        return EINVAL;
    p = aligned_alloc(alignment, size);
    if (p == NULL) {
        errno = saved;
        return ENOMEM;
    }
    *memptr = p;
    return 0;
}
