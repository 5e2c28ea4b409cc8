"""How our C library compares with glibc on a printf-heavy and a malloc-heavy program.

Each program is built three ways per architecture:
  ours   our compiler (-O1) + our libc (crt1.o, libc.a), linked by our linker
  mixed  GCC -O1 compiles the program against our headers, our linker adds our libc:
         the program's own code is GCC's, so the difference from glibc is the library's
  glibc  GCC -O1 -static on glibc (the reference)
All three run in our emulator (glibc's static binaries run there too), which counts every
instruction executed (the whole run, however long: a count cut off after a time budget
would compare different amounts of work); on x86-64 they also run natively, counted by
`perf stat -e instructions` when the kernel allows it, else by valgrind's callgrind, else
timed. Prints the counts, the best wall time of N runs and the ratios ours/glibc and
mixed/glibc.

The programs: printf-heavy (formatting), malloc-heavy (random malloc/calloc/realloc/free
of small and large blocks over 1024 slots), alloc-patterns (the shapes real programs
have: a stack of small blocks freed in reverse, a list built and freed in order, a
buffer grown by realloc, many blocks of one size freed every other one and refilled).

    python benchmarks/bench_libc.py [--repeat N] [--arch x86_64|aarch64] [--scale K]
                                    [--program printf|malloc|patterns]
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from toolchain import driver  # noqa: E402
from toolchain.emulator import run  # noqa: E402
from toolchain.libc import INCLUDE_DIR  # noqa: E402
from toolchain.target import get_target  # noqa: E402

PRINTF_HEAVY = r"""
#include <stdio.h>
#include <string.h>
int main(void) {
    char buf[256];
    unsigned long sum = 0;
    double x = 0.5;
    for (int i = 0; i < SCALE * 2000; i++) {
        int n = snprintf(buf, sizeof buf, "%d|%-8u|%08x|%lld|%.3f|%e|%g|%10.4s|%c|%%",
                         i * 7919 - 50000, (unsigned)i * 2654435761u, i * 31u,
                         (long long)i * 1000003LL, x, x * 1e-7, x / 3.0, "abcdefgh", 'a' + i % 26);
        for (int k = 0; k < n; k++) sum = sum * 31 + (unsigned char)buf[k];
        if (i % 4 == 0) printf("%s %5.1f %ld\n", buf, x, (long)sum % 1000);
        x = x * 1.0001 + 0.37;
    }
    printf("checksum %lu\n", sum);
    return 0;
}
"""

MALLOC_HEAVY = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define SLOTS 1024
static unsigned long seed = 12345;
static unsigned long rnd(void) { seed = seed * 6364136223846793005UL + 1442695040888963407UL; return seed >> 33; }
int main(void) {
    static unsigned char *p[SLOTS];
    static size_t len[SLOTS];
    unsigned long sum = 0;
    for (long op = 0; op < SCALE * 20000L; op++) {
        int s = rnd() % SLOTS;
        if (p[s]) {
            for (size_t k = 0; k < len[s]; k += 16) sum += p[s][k] ^ (unsigned char)(s + k);
            if (rnd() % 4 == 0) {
                size_t n = 1 + rnd() % 2048;
                p[s] = realloc(p[s], n);
                if (n > len[s]) memset(p[s] + len[s], 0, n - len[s]);
                for (size_t k = 0; k < n; k += 16) p[s][k] = (unsigned char)(s + k);
                len[s] = n;
            } else { free(p[s]); p[s] = 0; }
        } else {
            size_t n = rnd() % 64 == 0 ? 65536 + rnd() % 200000 : 1 + rnd() % 512;
            p[s] = rnd() % 2 ? malloc(n) : calloc(n, 1);
            if (!p[s]) { printf("out of memory\n"); return 1; }
            for (size_t k = 0; k < n; k += 16) p[s][k] = (unsigned char)(s + k);
            len[s] = n;
        }
    }
    for (int s = 0; s < SLOTS; s++) free(p[s]);
    printf("checksum %lu\n", sum);
    return 0;
}
"""

ALLOC_PATTERNS = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define N 2000
struct node { struct node *next; long value; char name[24]; };
static unsigned long seed = 777;
static unsigned long rnd(void) { seed = seed * 6364136223846793005UL + 1442695040888963407UL; return seed >> 33; }
int main(void) {
    static void *stack[N];
    static char *cells[N];
    unsigned long sum = 0;
    for (int round = 0; round < SCALE * 10; round++) {
        /* a stack: small blocks of mixed sizes, freed newest first */
        for (int i = 0; i < N; i++) { stack[i] = malloc(8 + rnd() % 120); ((char *)stack[i])[0] = (char)i; }
        for (int i = N - 1; i >= 0; i--) { sum += ((unsigned char *)stack[i])[0]; free(stack[i]); }
        /* a linked list built at the front, then freed from the front */
        struct node *head = 0;
        for (int i = 0; i < N; i++) {
            struct node *n = malloc(sizeof *n);
            n->value = i; n->next = head; head = n;
        }
        while (head) { struct node *n = head->next; sum += (unsigned long)head->value; free(head); head = n; }
        /* a buffer grown by realloc, as a string builder does */
        size_t cap = 16, len = 0;
        char *buf = malloc(cap);
        for (int i = 0; i < 4 * N; i++) {
            if (len + 8 > cap) { cap *= 2; buf = realloc(buf, cap); }
            memcpy(buf + len, "abcdefgh", 8); len += 8;
        }
        sum += (unsigned long)buf[len - 1] + len;
        free(buf);
        /* cells of one size: free every other one, then fill the holes again */
        for (int i = 0; i < N; i++) cells[i] = calloc(1, 40);
        for (int i = 0; i < N; i += 2) { free(cells[i]); cells[i] = 0; }
        for (int i = 0; i < N; i += 2) cells[i] = calloc(1, 40);
        for (int i = 0; i < N; i++) { sum += (unsigned long)cells[i][i % 40]; free(cells[i]); }
    }
    printf("checksum %lu\n", sum);
    return 0;
}
"""

PROGRAMS = {"printf": PRINTF_HEAVY, "malloc": MALLOC_HEAVY, "patterns": ALLOC_PATTERNS}
TITLES = {"printf": "printf-heavy", "malloc": "malloc-heavy", "patterns": "alloc-patterns"}
COMPILERS = {"x86_64": "gcc", "aarch64": "aarch64-linux-gnu-gcc"}
# What our preprocessor shows the library's headers: no GCC identity, no system headers.
MIXED_CFLAGS = ["-O1", "-nostdinc", "-fno-builtin", "-fno-stack-protector", "-fno-pie",
                "-D__CCPIPELINE__", "-U__GNUC__", "-I", str(INCLUDE_DIR)]


def build_all(name: str, arch: str, workdir: Path, scale: int) -> dict[str, Path]:
    src = workdir / f"{name}.c"
    src.write_text(PROGRAMS[name].replace("SCALE", str(scale)))
    target = get_target(arch)
    out = {}
    b = driver.build([str(src)], driver.Options(target=target, opt_level=1))
    out["ours"] = workdir / f"{name}-{arch}-ours"
    out["ours"].write_bytes(b.executable)
    obj = workdir / f"{name}-{arch}-mixed.o"
    subprocess.run([COMPILERS[arch], *MIXED_CFLAGS, "-c", str(src), "-o", str(obj)], check=True)
    b = driver.build([str(obj)], driver.Options(target=target))
    out["mixed"] = workdir / f"{name}-{arch}-mixed"
    out["mixed"].write_bytes(b.executable)
    out["glibc"] = workdir / f"{name}-{arch}-glibc"
    subprocess.run([COMPILERS[arch], "-O1", "-static", "-o", str(out["glibc"]), str(src)], check=True)
    for p in out.values():
        p.chmod(0o755)
    return out


def emulated(path: Path, repeat: int) -> tuple[int, float, bytes]:
    elf = path.read_bytes()
    counted = run(elf, timeout=1800, output_limit=1 << 26, count_instructions=True, count_budget=None)
    assert counted.status == 0, (path, counted.status, counted.message, counted.stderr[-300:])
    best = min(run(elf, timeout=600, output_limit=1 << 26).elapsed for _ in range(repeat))
    return counted.instructions, best, counted.stdout


def _perf_works() -> bool:
    if not shutil.which("perf"):
        return False
    r = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", "true"], capture_output=True, text=True)
    return r.returncode == 0 and re.search(r"^\d+,", r.stderr, re.M) is not None


def native_count(path: Path, how: str) -> int | None:
    if how == "perf":
        r = subprocess.run(["perf", "stat", "-x,", "-e", "instructions:u", str(path)],
                           capture_output=True, text=True)
        m = re.search(r"^(\d+),", r.stderr, re.M)
        return int(m.group(1)) if m else None
    if how == "callgrind":
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", str(path)],
                           capture_output=True, text=True)
        m = re.search(r"Collected : (\d+)", r.stderr)
        return int(m.group(1)) if m else None
    return None


def native_time(path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([str(path)], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", type=int, default=1, help="multiply the programs' work")
    ap.add_argument("--arch", choices=list(COMPILERS), action="append")
    ap.add_argument("--program", choices=list(PROGRAMS), action="append")
    opts = ap.parse_args()
    arches = opts.arch or [a for a in COMPILERS if shutil.which(COMPILERS[a])]
    how = "perf" if _perf_works() else "callgrind" if shutil.which("valgrind") else "time"
    with tempfile.TemporaryDirectory() as tmp:
        for arch in arches:
            for name in opts.program or PROGRAMS:
                paths = build_all(name, arch, Path(tmp), opts.scale)
                emu = {k: emulated(p, opts.repeat) for k, p in paths.items()}
                outs = {k: v[2] for k, v in emu.items()}
                same = "same output" if len(set(outs.values())) == 1 else "OUTPUTS DIFFER"
                print(f"== {TITLES[name]}, {arch} ({same})", flush=True)
                g_ins, g_t = emu["glibc"][0], emu["glibc"][1]
                for k in ("ours", "mixed", "glibc"):
                    ins, t, _ = emu[k]
                    print(f"  emulator {k:5s} {ins:12,d} instructions {t:7.3f} s"
                          f"   ratio to glibc: instructions {ins / g_ins:5.2f}  time {t / g_t:5.2f}")
                if arch == "x86_64":
                    counts = {k: native_count(p, how) for k, p in paths.items()}
                    times = {k: native_time(p, opts.repeat) for k, p in paths.items()}
                    for k in ("ours", "mixed", "glibc"):
                        c = counts[k]
                        cs = (f"{c:12,d} instructions ({how}) ratio {c / counts['glibc']:5.2f}"
                              if c and counts["glibc"] else "")
                        print(f"  native   {k:5s} {cs}  {times[k] * 1000:7.2f} ms"
                              f" ratio {times[k] / times['glibc']:5.2f}")


if __name__ == "__main__":
    main()
