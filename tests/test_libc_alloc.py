"""malloc, calloc, realloc, aligned_alloc and free of our C library, against glibc.

Each program runs three ways: on our libc as GCC builds it (test_libc.py's harness:
native on x86-64, qemu on AArch64), on glibc the same way, and built entirely by our own
toolchain (our compiler builds program and libc) in our emulator. The programs print
what does not depend on the allocator (checksums of the blocks' contents, counts of
misaligned or damaged blocks), so all three must print the same bytes.

The misuse tests (double free, overruns, damaged free lists) check our messages word for
word; glibc's differ and it misses some of these (its tcache checks less), so glibc is
only asked to abort too where it does.
"""
from __future__ import annotations

import pytest

from test_libc import _arch_params, _explain, _without_qemu_note, arch_libc, libc  # noqa: F401


def _emulated(libc, source: str, tmp_path, stdin: bytes = b""):
    """Build with our toolchain for libc's architecture and run in our emulator; the
    result in Built.run's shape (a signal as a negative status)."""
    from toolchain import driver
    from toolchain.emulator import run
    from toolchain.target import get_target
    src = tmp_path / f"prog{len(list(tmp_path.iterdir()))}.c"
    src.write_text(source)
    exe = driver.build([str(src)], driver.Options(target=get_target(libc.arch), opt_level=1)).executable
    r = run(exe, stdin=stdin, timeout=120, output_limit=1 << 24)
    status = -(r.status - 128) if r.signal else r.status
    return r.stdout, r.stderr, status


def _three_ways(libc, source: str, tmp_path):
    """Run source on our libc (GCC-built), on glibc, and on our toolchain in the
    emulator; all three must agree. Returns our output."""
    ours = libc.run(libc.build(source, True))
    theirs = libc.run(libc.build(source, False))
    emulated = _emulated(libc, source, tmp_path)
    for got in (ours, emulated):
        if got != theirs:
            _explain(got, theirs)
        assert got == theirs
    return ours[0]


STRESS = r"""
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define SLOTS 401
static unsigned char *ptr[SLOTS];
static size_t len[SLOTS];
static unsigned char tag[SLOTS];
static unsigned long state = SEED;
static unsigned long bad, misaligned, zeros_wrong;
static unsigned long next(void) { state = state * 6364136223846793005UL + 1442695040888963407UL; return state >> 33; }

/* Every byte of the first KiB of a block, and every 1021st byte beyond: the pattern
 * depends on the position, so a block moved or overlapped shows. Which bytes count
 * does not depend on the block's length, so realloc keeps them all. */
#define counts(k) ((k) < 1024 || (k) % 1021 == 0)
#define skip(k)   ((k) + 1 < 1024 ? (k) + 1 : (k) + 1021 - (k) % 1021)
#define want(i, k) ((unsigned char)(tag[i] + (k) * 7 + ((k) >> 8)))
static void fill(int i, size_t from) {
    size_t k;
    for (k = from; k < len[i]; k = skip(k)) if (counts(k)) ptr[i][k] = want(i, k);
}
static void check(int i, size_t upto) {
    size_t k;
    for (k = 0; k < upto; k = skip(k)) if (ptr[i][k] != want(i, k)) { bad++; return; }
}
static size_t pick_size(void) {
    switch (next() % 20) {
    case 0: return next() % 17;
    case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: return next() % 600;
    case 10: case 11: case 12: case 13: return 600 + next() % 5000;
    case 14: case 15: case 16: return 5000 + next() % 130000;     /* either side of the mmap threshold */
    case 17: case 18: return next() % 1100;
    default: return 130000 + next() % 1500000;
    }
}
int main(void) {
    unsigned long sum = 0, op, allocs = 0, reallocs = 0, frees = 0;
    int i;
    size_t k;
    for (op = 0; op < OPS; op++) {
        i = (int)(next() % SLOTS);
        if (ptr[i]) check(i, len[i]);
        switch (next() % 8) {
        case 0: case 1: case 2: {                /* a new block: malloc, calloc or aligned */
            size_t n = pick_size(), al = (size_t)16 << (next() % 9);
            unsigned kind = (unsigned)(next() % 5);
            free(ptr[i]);
            if (kind == 0) ptr[i] = calloc(1, n);
            else if (kind == 1) ptr[i] = calloc(n / 4 + 1, 4);
            else if (kind == 2) ptr[i] = aligned_alloc(al, n);
            else ptr[i] = malloc(n);
            allocs++;
            if (!ptr[i]) { bad++; len[i] = 0; break; }
            if (kind == 2 && ((uintptr_t)ptr[i] & (al - 1))) misaligned++;
            if (kind <= 1)
                for (k = 0; k < n; k = skip(k)) if (ptr[i][k]) { zeros_wrong++; break; }
            len[i] = n;
            tag[i] = (unsigned char)next();
            fill(i, 0);
            break;
        }
        case 3: case 4: {                        /* realloc: the common part must stay */
            size_t n = pick_size() + 1, keep;
            unsigned char *q;
            if (!ptr[i]) break;
            keep = n < len[i] ? n : len[i];
            q = realloc(ptr[i], n);
            reallocs++;
            if (!q) { bad++; break; }
            ptr[i] = q;
            len[i] = keep;
            check(i, keep);
            len[i] = n;
            fill(i, keep);
            break;
        }
        default:
            free(ptr[i]);
            frees++;
            ptr[i] = 0;
            len[i] = 0;
        }
        if (ptr[i] && ((uintptr_t)ptr[i] & 15)) misaligned++;
    }
    for (i = 0; i < SLOTS; i++) {
        if (ptr[i]) check(i, len[i]);
        for (k = 0; k < len[i]; k = skip(k)) sum = sum * 31 + ptr[i][k];
        free(ptr[i]);
    }
    printf("allocs %lu reallocs %lu frees %lu\n", allocs, reallocs, frees);
    printf("checksum %lu bad %lu misaligned %lu calloc-not-zero %lu\n", sum, bad, misaligned, zeros_wrong);
    return 0;
}
"""


@arch_libc
@pytest.mark.parametrize("seed", [1, 2])
def test_stress_checksums(libc, tmp_path, seed):
    """Random malloc/calloc/aligned_alloc/realloc/free over 401 slots, sizes from 0 to
    1.6 MB (so mmap'd blocks too), every block's contents checked at every touch."""
    out = _three_ways(libc, STRESS.replace("SEED", str(seed * 7919)).replace("OPS", "3000"), tmp_path)
    assert b"bad 0 misaligned 0 calloc-not-zero 0" in out


ZEROING = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define N 300
static unsigned long state = 99;
static unsigned long next(void) { state = state * 6364136223846793005UL + 1442695040888963407UL; return state >> 33; }
/* A word at a time where it can (blocks are 16-byte aligned): the test is about
 * calloc, and byte loops in the emulator would make it slow. */
static void dirty_all(unsigned char *p, size_t n) {
    size_t k;
    for (k = 0; k + 8 <= n; k += 8) *(unsigned long *)(p + k) = 0xa5a5a5a5a5a5a5a5UL;
    for (; k < n; k++) p[k] = 0xa5;
}
static unsigned long count_nonzero(const unsigned char *p, size_t n) {
    size_t k;
    unsigned long count = 0;
    for (k = 0; k + 8 <= n; k += 8) count += *(const unsigned long *)(p + k) != 0;
    for (; k < n; k++) count += p[k] != 0;
    return count;
}
int main(void) {
    static unsigned char *p[N];
    static size_t n[N];
    unsigned long dirty = 0, total = 0;
    int round, i;
    /* Memory used and freed, given back by calloc: it must come back zeroed, whether it
     * comes from a free list, from the top of the heap after merging into it, or after
     * the heap shrank and grew again. */
    for (round = 0; round < 8; round++) {
        size_t most = round < 4 ? 3000 : 120000;
        for (i = 0; i < N / (round < 4 ? 1 : 10); i++) {
            n[i] = 1 + next() % most;
            p[i] = malloc(n[i]);
            dirty_all(p[i], n[i]);
        }
        for (i = N / (round < 4 ? 1 : 10) - 1; i >= 0; i--)
            if (round % 2 == 0 || i % 3 != 0) { free(p[i]); p[i] = 0; }
        for (i = 0; i < N / (round < 4 ? 1 : 10); i++) {
            if (p[i]) continue;
            p[i] = calloc(n[i], 1);
            dirty += count_nonzero(p[i], n[i]);
            total += n[i];
        }
        for (i = 0; i < N; i++) { free(p[i]); p[i] = 0; }
    }
    printf("calloc'd %s, %lu words not zero\n", total > 100000 ? "plenty" : "little", dirty);
    return 0;
}
"""


@arch_libc
def test_calloc_zeroes_reused_memory(libc, tmp_path):
    out = _three_ways(libc, ZEROING, tmp_path)
    assert out == b"calloc'd plenty, 0 words not zero\n"


ALIGNMENT = r"""
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* Write the first and last bytes of a block and one in every page between. */
static void touch(char *p, size_t n, int c) {
    size_t k;
    for (k = 0; k < n; k += k < 64 ? 1 : 4096) p[k] = (char)c;
    if (n) p[n - 1] = (char)c;
}
int main(void) {
    size_t sizes[] = { 0, 1, 7, 8, 9, 15, 16, 17, 24, 25, 100, 1000, 1023, 1024, 1025, 4096,
                       70000, 131072, 200000, 1 << 20 };
    size_t al;
    unsigned i, j, bad = 0;
    void *keep[64];
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (j = 0; j < 3; j++) {
            char *p = malloc(sizes[i]);
            if (!p || ((uintptr_t)p & 15)) bad++;
            touch(p, sizes[i], 0x5a);
            keep[j] = p;
        }
        for (j = 0; j < 3; j++) free(keep[j]);
    }
    for (al = 16; al <= 65536; al *= 2) {
        for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            char *p = aligned_alloc(al, sizes[i]);
            void *q = 0;
            if (!p || ((uintptr_t)p & (al - 1))) bad++;
            touch(p, sizes[i], 0x33);
            if (posix_memalign(&q, al, sizes[i] + 3) != 0 || ((uintptr_t)q & (al - 1))) bad++;
            touch(q, sizes[i] + 3, 0x44);
            keep[i] = p;
            if (i % 2) free(q); else { free(p); keep[i] = q; }
        }
        for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) free(keep[i]);
    }
    /* (aligned_alloc(3, 10) is left out: glibc 2.36 rounds the alignment up, later
     * ones and ours fail with EINVAL, as C17 allows.) */
    printf("posix_memalign(24) %d\n", posix_memalign(&keep[0], 24, 10));
    printf("bad %u\n", bad);
    return 0;
}
"""


@arch_libc
def test_alignment(libc, tmp_path):
    """Every block 16-byte aligned; aligned_alloc and posix_memalign up to 64 KiB, on
    small and mmap'd blocks."""
    out = _three_ways(libc, ALIGNMENT, tmp_path)
    assert out.endswith(b"bad 0\n")


LARGE = r"""
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    char *brk_before = sbrk(0);
    size_t mb = 1 << 20, k;
    unsigned long sum = 0;
    int i, zero = 1;
    /* A first big block comes from a mapping of its own: the break does not move. */
    char *big = malloc(8 * mb);
    printf("break moved: %d\n", (char *)sbrk(0) != brk_before);
    for (k = 0; k < 8 * mb; k += 4096) big[k] = (char)(k >> 12);
    big[8 * mb - 1] = 42;
    /* Grown and shrunk by realloc: the contents come along. */
    big = realloc(big, 12 * mb);
    for (k = 0; k < 8 * mb; k += 4096) sum += (unsigned char)big[k];
    sum += (unsigned char)big[8 * mb - 1];
    big[12 * mb - 1] = 7;
    big = realloc(big, 100000);
    for (k = 0; k < 100000; k += 4096) sum += (unsigned char)big[k];
    big = realloc(big, 3 * mb);
    for (k = 0; k < 100000; k += 4096) sum += (unsigned char)big[k];
    free(big);
    /* Big blocks made and freed, 4.4 GB in all: given back each time, or memory
     * would run out (the emulator allows 4 GB). */
    for (i = 0; i < 140; i++) {
        char *p = i % 2 ? malloc(32 * mb) : calloc(32, mb);
        if (!p) { printf("out of memory at %d\n", i); return 1; }
        if (i % 2 == 0 && (p[0] || p[32 * mb - 1] || p[5 * mb + 3])) zero = 0;
        p[0] = p[32 * mb - 1] = (char)i;
        sum += (unsigned char)p[0];
        free(p);
    }
    errno = 0;
    printf("huge %p %d\n", malloc((size_t)1 << 62), errno == ENOMEM);
    errno = 0;
    printf("calloc overflow %p %d\n", calloc((size_t)1 << 33, (size_t)1 << 33), errno == ENOMEM);
    printf("sum %lu zero %d\n", sum, zero);
    return 0;
}
"""


@arch_libc
def test_large_blocks(libc, tmp_path):
    out = _three_ways(libc, LARGE, tmp_path)
    assert out.startswith(b"break moved: 0\n") and b"zero 1" in out


BREAK = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define N 200
static void fill(char *p, size_t n, int seed) { size_t k; for (k = 0; k < n; k++) p[k] = (char)(seed + k * 13); }
static int intact(const char *p, size_t n, int seed) {
    size_t k;
    for (k = 0; k < n; k++) if (p[k] != (char)(seed + k * 13)) return 0;
    return 1;
}
int main(void) {
    static char *a[N];
    static size_t n[N];
    char *mine, *peak;
    int i, bad = 0;
    size_t k;
    for (i = 0; i < N / 2; i++) { n[i] = 1000 + i * 37; a[i] = malloc(n[i]); fill(a[i], n[i], i); }
    /* The program takes memory from the break itself: the heap must go on elsewhere
     * and never touch it. */
    mine = sbrk(100000);
    memset(mine, 0x77, 100000);
    for (i = N / 2; i < N; i++) { n[i] = 2000 + i * 50; a[i] = malloc(n[i]); fill(a[i], n[i], i); }
    for (i = 1; i < N; i += 2) { free(a[i]); a[i] = 0; }
    for (i = 1; i < N; i += 2) { n[i] = 500 + i * 71; a[i] = malloc(n[i]); fill(a[i], n[i], -i); }
    for (i = 0; i < N; i++) if (!intact(a[i], n[i], i % 2 ? -i : i)) bad++;
    for (k = 0; k < 100000; k++) if (mine[k] != 0x77) { bad++; break; }
    for (i = 0; i < N; i++) free(a[i]);
    printf("after someone else's sbrk: bad %d\n", bad);
    /* A big heap freed again: the top of it goes back to the kernel. */
    for (i = 0; i < 40; i++) a[i] = malloc(20000);
    peak = sbrk(0);
    for (i = 39; i >= 0; i--) free(a[i]);
    printf("break went down: %d\n", (char *)sbrk(0) < peak);
    return 0;
}
"""


@arch_libc
def test_heap_with_the_break_moved_by_the_program(libc, tmp_path):
    """sbrk by the program between mallocs (the heap goes on in a new piece, the old top
    chunk fenced off and freed), and the top given back when it grows large."""
    out = _three_ways(libc, BREAK, tmp_path)
    assert out == b"after someone else's sbrk: bad 0\nbreak went down: 1\n"


# name -> (body of main, our message, whether glibc aborts too)
MISUSE = {
    "double free of the last block": (
        "char *p = malloc(24), *q = malloc(24);\n    free(p);\n    free(q);\n    free(p);",
        b"free(): double free detected", True),
    "double free in the middle": (
        "char *a = malloc(100), *b = malloc(100), *c = malloc(100);\n    free(b);\n    free(b);\n    free(a); free(c);",
        b"free(): double free detected", True),
    "double free after merging": (
        "char *a = malloc(300), *b = malloc(300), *c = malloc(300), *d = malloc(300);\n"
        "    free(b);\n    free(c);\n    free(c);\n    free(a); free(d);",
        b"free(): double free detected", True),
    "double free of a big block's neighbour": (
        "char *a = malloc(5000), *b = malloc(5000), *c = malloc(5000);\n    free(a);\n    free(b);\n    free(a); free(c);",
        b"free(): double free detected", True),
    "pointer into a block": (
        "char *p = malloc(10);\n    free(p + 16);",
        b"free(): invalid pointer", True),
    "misaligned pointer": (
        "char *p = malloc(64);\n    free(p + 8);",
        b"free(): invalid pointer", True),
    "pointer to the stack": (
        "long x[8] = {0};\n    malloc(10);\n    free(&x[4]);",
        b"free(): invalid pointer", True),
    "realloc of a freed block": (
        "char *p = malloc(40), *q = malloc(40);\n    free(p);\n    p = realloc(p, 400);\n    free(q);",
        b"realloc(): double free detected", False),
    "overrun into the next header": (
        "char *a = malloc(32), *b = malloc(32);\n    memset(a, 'x', 48 + 8);\n    free(a);\n    free(b);",
        b"free(): invalid next size (normal)", False),
    "overrun into the top chunk": (
        "char *a = malloc(100);\n    memset(a, 0xff, 112);\n    a = malloc(300);",
        b"malloc(): corrupted top size", True),
    "free-list link overwritten": (
        "char *a = malloc(200), *b = malloc(200), *c = malloc(200), *d = malloc(200);\n"
        "    free(a);\n    free(c);\n    *(char **)c = b - 16;\n    a = malloc(200);",
        b"corrupted double-linked list", False),
    "footer overwritten": (
        "char *a = malloc(200), *b = malloc(200), *c = malloc(200);\n"
        "    free(a);\n    ((size_t *)b)[-2] = 64;\n    free(b);\n    free(c);",
        b"corrupted size vs. prev_size", False),
    "free chunk's size overwritten": (
        "char *a = malloc(200), *b = malloc(200), *c = malloc(200);\n"
        "    free(b);\n    ((size_t *)b)[-1] = 0x401;\n    b = malloc(200);\n    free(a); free(c);",
        b"malloc(): corrupted free list", False),
}

MISUSE_SOURCE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    printf("before\n");
    fflush(stdout);
    %s
    printf("after\n");
    return 0;
}
"""


@arch_libc
@pytest.mark.parametrize("misuse", sorted(MISUSE))
def test_misuse_aborts_with_a_message(libc, tmp_path, misuse):
    body, message, glibc_aborts = MISUSE[misuse]
    source = MISUSE_SOURCE % body
    expected = (b"before\n", message + b"\n", -6)
    ours = libc.run(libc.build(source, True))
    assert (ours[0], _without_qemu_note(ours[1]), ours[2]) == expected
    assert _emulated(libc, source, tmp_path) == expected
    if glibc_aborts:
        theirs = libc.run(libc.build(source, False))
        assert theirs[0] == b"before\n" and theirs[2] == -6
