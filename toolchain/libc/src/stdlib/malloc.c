/* malloc, free, calloc, realloc, aligned_alloc: a first-fit allocator on top of sbrk.
 *
 * The heap is memory from the program break upwards, cut into blocks. Every block
 * begins with a 16-byte header holding its size; the caller gets the bytes after the
 * header, which are 16-byte aligned (what any C type needs on these machines).
 *
 *     | size | next | caller's bytes ........ | size | next | caller's bytes ...
 *     ^ block        ^ what malloc returns
 *
 * Free blocks are kept on a list sorted by address, so free() can see whether the
 * freed block touches its neighbours and merge them into one: otherwise the heap would
 * crumble into pieces too small to use. malloc takes the first free block big enough,
 * splitting off what it does not need; when none is, it moves the break up. Each piece
 * of memory got from sbrk ends with a "fence": a tiny block that is never free, so every
 * block has a real block after it.
 *
 * Mistakes with the heap are caught where they can be cheaply, and end the program
 * with a message in glibc's style, as glibc's allocator does:
 *   - a block in use carries a check mark in its `next` field (its own address mixed
 *     with a constant), which free() clears; freeing it again finds no mark, and finds
 *     the block among the free ones: "free(): double free detected";
 *   - a pointer malloc never returned has no mark: "free(): invalid pointer";
 *   - writing past the end of a block overwrites the next block's header, which free()
 *     checks: "free(): invalid next size (normal)"; malloc checks the free list it walks.
 * Memory is never given back to the kernel.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct block {
    size_t size;            /* the whole block in bytes, header included */
    struct block *next;     /* free: the next free block up the heap; in use: the mark */
};

#define ALIGN       16
#define HEADER      sizeof(struct block)    /* 16, so the caller's bytes stay aligned */
#define MIN_BLOCK   (2 * HEADER)            /* a header and room for something */
#define GROW_BY     (64 * 1024)             /* ask the kernel for at least this much */
#define MARK_KEY    ((uintptr_t)0x6d616c6c6f63UL)   /* "malloc" in ASCII */

static struct block *free_list;
static char *heap_lo;               /* every block lies in [heap_lo, heap_hi) */
static char *heap_hi;
static struct block *fence;         /* the fence at the end of the newest piece */

static void set_in_use(struct block *b)
{
    b->next = (struct block *)((uintptr_t)b ^ MARK_KEY);
}

static int in_use(const struct block *b)
{
    return (uintptr_t)b->next == ((uintptr_t)b ^ MARK_KEY);
}

/* The heap is damaged: carrying on would only spread the damage. Say so, without
 * stdio (whose buffers may be what got overwritten), and abort. */
static void heap_error(const char *message)
{
    write(2, message, strlen(message));
    write(2, "\n", 1);
    abort();
}

/* Could b be a block header? Aligned, inside the heap, with a size that stays inside. */
static int plausible(const struct block *b)
{
    return (uintptr_t)b % ALIGN == 0 && (const char *)b >= heap_lo && (const char *)b < heap_hi &&
           b->size % ALIGN == 0 && b->size >= HEADER && b->size <= (size_t)(heap_hi - (const char *)b);
}

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

    /* The block just after b is either the next free one or a block in use: anything
     * else means b's end was written over. */
    {
        struct block *after = (struct block *)((char *)b + b->size);
        if (after != next && (!plausible(after) || !in_use(after)))
            heap_error("free(): invalid next size (normal)");
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

/* Move the break up to make a free block of at least size bytes, and a new fence
 * after it. 0, or -1 if the kernel has no more memory. */
static int grow(size_t size)
{
    size_t need = size + HEADER;
    size_t amount = need > GROW_BY ? (need + 4095) & ~(size_t)4095 : GROW_BY;
    uintptr_t brk_now = (uintptr_t)sbrk(0);
    char *mem;
    struct block *b;

    /* The kernel's break need not be 16-byte aligned: step over the odd bytes. */
    if (brk_now % ALIGN != 0 && sbrk((intptr_t)(ALIGN - brk_now % ALIGN)) == (void *)-1)
        return -1;
    mem = sbrk((intptr_t)amount);
    if (mem == (char *)-1)
        return -1;
    if (fence != NULL && (char *)fence + HEADER == mem) {
        /* The new memory follows the old straight on: the old fence becomes the
         * start of the new block, so the two pieces can merge. */
        b = fence;
        b->size = amount;
    } else {
        b = (struct block *)mem;
        b->size = amount - HEADER;
        if (heap_lo == NULL || mem < heap_lo)
            heap_lo = mem;
    }
    if (mem + amount > heap_hi)
        heap_hi = mem + amount;
    fence = (struct block *)(mem + amount - HEADER);
    fence->size = HEADER;
    set_in_use(fence);
    b->next = NULL;
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
            if (!plausible(b) || b->size < MIN_BLOCK || (b->next != NULL && b->next <= b))
                heap_error("malloc(): corrupted free list");
            if (b->size >= size) {
                if (prev != NULL)
                    prev->next = b->next;
                else
                    free_list = b->next;
                set_in_use(b);
                trim(b, size);
                return payload(b);
            }
        }
        if (grow(size) < 0)
            return NULL;
    }
}

/* The block of a pointer the program hands back, after checking that malloc gave it
 * out and it is still in use; `who` names the function in the message. */
static struct block *check_in_use(void *p, const char *who)
{
    struct block *b = block_of(p);
    struct block *f;
    char message[64];

    if ((uintptr_t)p % ALIGN != 0 || (char *)p < heap_lo + HEADER || (char *)p >= heap_hi ||
        !in_use(b)) {
        const char *what = ": invalid pointer";
        /* Inside a free block: it was freed already. */
        for (f = free_list; f != NULL; f = f->next) {
            if (f <= b && (char *)b < (char *)f + f->size) {
                what = ": double free detected";
                break;
            }
        }
        strcpy(message, who);
        strcat(message, what);
        heap_error(message);
    }
    if (!plausible(b) || b->size < MIN_BLOCK) {
        strcpy(message, who);
        strcat(message, ": invalid size");
        heap_error(message);
    }
    return b;
}

void free(void *p)
{
    struct block *b;

    if (p == NULL)
        return;
    b = check_in_use(p, "free()");
    b->next = NULL;         /* no longer in use: a second free() will see that */
    release(b);
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

    b = check_in_use(p, "realloc()");
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

/* Memory at an address that is a multiple of alignment (a power of two). Get enough
 * for the request plus the worst misalignment, then cut the block at the aligned
 * address and free the part before it. */
void *aligned_alloc(size_t alignment, size_t size)
{
    char *p;
    char *q;

    if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
        errno = EINVAL;
        return NULL;
    }
    if (alignment <= ALIGN)
        return malloc(size);
    if (size > SIZE_MAX - alignment - MIN_BLOCK - HEADER) {
        errno = ENOMEM;
        return NULL;
    }
    p = malloc(size + alignment + MIN_BLOCK);
    if (p == NULL)
        return NULL;
    q = (char *)(((uintptr_t)p + alignment - 1) & ~(uintptr_t)(alignment - 1));
    /* The part before q must be big enough to be a block of its own. */
    if (q != p && (size_t)(q - p) < MIN_BLOCK)
        q += alignment;
    if (q != p) {
        struct block *b = block_of(p);
        struct block *aligned = block_of(q);
        aligned->size = b->size - (size_t)(q - p);
        set_in_use(aligned);
        b->size = (size_t)(q - p);
        b->next = NULL;
        release(b);
    }
    trim(block_of(q), block_size(size));
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
