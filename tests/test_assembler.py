"""The assembler, differential against GNU as 2.40 (x86-64 and AArch64).

A corpus of small C programs goes through `gcc -S` (-O0/-O1, -g or not); each .s is
assembled by GNU as and by ours, and the objects are compared: section bytes, relocations
(offset, type, symbol, addend), symbol tables. Objects we make must read cleanly in
`readelf -a`, link with gcc, and run (AArch64 under qemu-aarch64).
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pytest
from elftools.elf.elffile import ELFFile
from elftools.elf.relocation import RelocationSection

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from toolchain.assembler import assemble  # noqa: E402
from toolchain.diagnostics import ToolError  # noqa: E402
from toolchain.target import AARCH64, X86_64  # noqa: E402

TOOLS = {
    "x86_64": {"gcc": "gcc", "as": "as", "readelf": "readelf", "objdump": "objdump",
               "run": []},
    "aarch64": {"gcc": "aarch64-linux-gnu-gcc", "as": "aarch64-linux-gnu-as",
                "readelf": "aarch64-linux-gnu-readelf", "objdump": "aarch64-linux-gnu-objdump",
                "run": ["qemu-aarch64"]},
}
TARGETS = {"x86_64": X86_64, "aarch64": AARCH64}

CORPUS = {
"sum": r'''
int sum(int a, int b) { return a + b; }
''',
"main_sum": r'''
int sum(int a, int b);
int main(void) { return sum(3, 5); }
''',
"hello": r'''
#include <stdio.h>
int main(void) {
    printf("hello %s %d %c %x\n", "world", -42, 65, 255);
    puts("bye");
    return 0;
}
''',
"loops": r'''
#include <stdio.h>
int main(void) {
    int s = 0;
    for (int i = 0; i < 100; i++) { if (i % 3 == 0) continue; s += i; }
    int j = 0;
    while (j < 10) j += 3;
    do { s -= j; } while (s > 4000);
    printf("%d %d\n", s, j);
    return 0;
}
''',
"switch": r'''
#include <stdio.h>
static const char *name(int x) {
    switch (x) {
    case 0: return "zero"; case 1: return "one"; case 2: return "two";
    case 3: return "three"; case 4: return "four"; case 5: return "five";
    case 7: return "seven"; default: return "many";
    }
}
int main(void) { for (int i = 0; i < 9; i++) printf("%s\n", name(i)); return 0; }
''',
"globals": r'''
#include <stdio.h>
int counter = 7;
static int hidden = 3;
long table[4] = {1, 2, 3, 4};
int *ptr = &counter;
const char *msg = "message";
static char buf[32];
int uninit;
int main(void) {
    buf[0] = 'x'; uninit = *ptr + hidden + (int)table[2];
    printf("%d %s %c %ld\n", uninit, msg, buf[0], table[3]);
    return 0;
}
''',
"arrays": r'''
#include <stdio.h>
int a[10];
int main(void) {
    int b[10];
    for (int i = 0; i < 10; i++) { a[i] = i * i; b[9 - i] = a[i]; }
    long s = 0;
    for (int i = 0; i < 10; i++) s += a[i] * b[i];
    printf("%ld\n", s);
    return 0;
}
''',
"strings": r'''
#include <stdio.h>
#include <string.h>
static int my_strlen(const char *s) { int n = 0; while (*s++) n++; return n; }
int main(void) {
    char buf[64];
    strcpy(buf, "tab\there \"quoted\" \\ end");
    printf("%d %d %s\n", my_strlen(buf), (int)strlen(buf), buf);
    return 0;
}
''',
"math": r'''
#include <stdio.h>
int main(void) {
    long a = 1234567890123L; int b = -77; short c = 300; char d = -5;
    unsigned u = 4000000000u; unsigned char e = 250;
    long r = a / b + a % 1000 + (c * d) - (u >> 3) + (e << 2);
    printf("%ld %u %d\n", r, u / 7, (int)(c ^ d));
    return (int)(r & 0);
}
''',
"pointers": r'''
#include <stdio.h>
struct node { int v; struct node *next; };
static void swap(int *x, int *y) { int t = *x; *x = *y; *y = t; }
int main(void) {
    struct node n3 = {3, 0}, n2 = {2, &n3}, n1 = {1, &n2};
    int s = 0;
    for (struct node *p = &n1; p; p = p->next) s += p->v;
    int x = 1, y = 2; swap(&x, &y);
    printf("%d %d %d\n", s, x, y);
    return 0;
}
''',
"recursion": r'''
#include <stdio.h>
long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
int main(void) { printf("%ld %ld\n", fib(20), fact(15)); return 0; }
''',
"funcptr": r'''
#include <stdio.h>
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
int (*ops[])(int, int) = {add, mul};
int apply(int (*f)(int, int), int a, int b) { return f(a, b); }
int main(void) { printf("%d %d\n", apply(ops[0], 6, 7), apply(ops[1], 6, 7)); return 0; }
''',
"structs": r'''
#include <stdio.h>
struct point { int x, y; };
struct rect { struct point a, b; char tag; };
static struct rect r = {{1, 2}, {10, 20}, 'r'};
int area(struct rect *p) { return (p->b.x - p->a.x) * (p->b.y - p->a.y); }
struct point mid(struct rect q) { struct point m = {(q.a.x + q.b.x) / 2, (q.a.y + q.b.y) / 2}; return m; }
int main(void) { struct point m = mid(r); printf("%d %d %d %c\n", area(&r), m.x, m.y, r.tag); return 0; }
''',
"bigswitch": r'''
#include <stdio.h>
int f(int x) {
    switch (x) {
    case 10: return 1; case 11: return 4; case 12: return 9; case 13: return 16;
    case 14: return 25; case 15: return 36; case 16: return 49; case 18: return 81;
    case 20: return 100; case 21: return 121;
    }
    return -1;
}
int main(void) { int s = 0; for (int i = 0; i < 30; i++) s += f(i); printf("%d\n", s); return 0; }
''',
"longjump": r'''
#include <stdio.h>
volatile int v;
int main(void) {
    int s = 0;
    for (int i = 0; i < 3; i++) {
        v = i; v = v + 1; v = v * 2; v = v - 3; v = v ^ 5; v = v | 8; v = v & 255; s += v;
        v = i; v = v + 1; v = v * 2; v = v - 3; v = v ^ 5; v = v | 8; v = v & 255; s += v;
        v = i; v = v + 1; v = v * 2; v = v - 3; v = v ^ 5; v = v | 8; v = v & 255; s += v;
        v = i; v = v + 1; v = v * 2; v = v - 3; v = v ^ 5; v = v | 8; v = v & 255; s += v;
        v = i; v = v + 1; v = v * 2; v = v - 3; v = v ^ 5; v = v | 8; v = v & 255; s += v;
    }
    printf("%d\n", s);
    return 0;
}
''',
"floats": r'''
#include <stdio.h>
double scale = 2.5;
float half(float x) { return x / 2.0f; }
int main(void) {
    double d = 0;
    for (int i = 1; i <= 10; i++) d += scale * i + half((float)i);
    printf("%.3f %d\n", d, (int)d);
    return 0;
}
''',
"chars": r'''
#include <stdio.h>
int count_vowels(const char *s) {
    int n = 0;
    for (; *s; s++) if (*s == 'a' || *s == 'e' || *s == 'i' || *s == 'o' || *s == 'u') n++;
    return n;
}
int main(void) {
    char up[16]; const char *w = "education";
    int i = 0; for (; w[i]; i++) up[i] = (char)(w[i] - 32); up[i] = 0;
    printf("%s %d\n", up, count_vowels(w));
    return 0;
}
''',
"statics": r'''
#include <stdio.h>
int next_id(void) { static int id = 100; return id++; }
static long acc;
static void add(long x) { acc += x; }
int main(void) { for (int i = 0; i < 5; i++) add(next_id()); printf("%ld\n", acc); return 0; }
''',
"bubble": r'''
#include <stdio.h>
static int data[] = {9, 3, 7, 1, 8, 2, 6, 4, 5, 0};
void sort(int *a, int n) {
    for (int i = 0; i < n - 1; i++)
        for (int j = 0; j < n - 1 - i; j++)
            if (a[j] > a[j + 1]) { int t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; }
}
int main(void) {
    sort(data, 10);
    for (int i = 0; i < 10; i++) printf("%d ", data[i]);
    printf("\n");
    return 0;
}
''',
"bits": r'''
#include <stdio.h>
unsigned popcount(unsigned long x) { unsigned n = 0; while (x) { n += x & 1; x >>= 1; } return n; }
int main(void) {
    unsigned long m = 0xF0F0F0F0F0F0F0F0ul;
    printf("%u %lx %lx\n", popcount(m), m >> 4, (m << 3) | 7);
    return 0;
}
''',
"matrix": r'''
#include <stdio.h>
#define N 4
int A[N][N], B[N][N], C[N][N];
int main(void) {
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { A[i][j] = i + j; B[i][j] = i - j; }
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) {
        int s = 0; for (int k = 0; k < N; k++) s += A[i][k] * B[k][j]; C[i][j] = s; }
    printf("%d %d\n", C[1][2], C[3][3]);
    return 0;
}
''',
"varargs": r'''
#include <stdio.h>
#include <stdarg.h>
int total(int n, ...) { va_list ap; va_start(ap, n); int s = 0; while (n--) s += va_arg(ap, int); va_end(ap); return s; }
int main(void) { printf("%d\n", total(4, 1, 2, 3, 4)); return 0; }
''',
"gotos": r'''
#include <stdio.h>
int main(void) {
    int i = 0, s = 0;
again:
    s += i;
    if (++i < 10) goto again;
    if (s > 40) goto done;
    s = -1;
done:
    printf("%d\n", s);
    return 0;
}
''',
"ternary": r'''
#include <stdio.h>
static int clamp(int x, int lo, int hi) { return x < lo ? lo : x > hi ? hi : x; }
int main(void) { int s = 0; for (int i = -5; i < 15; i++) s += clamp(i, 0, 9); printf("%d\n", s); return 0; }
''',
"unsigned_ops": r'''
#include <stdio.h>
unsigned short us = 65535; signed char sc = -128; unsigned long ul = 18446744073709551615ul;
int main(void) {
    unsigned short a = us + 1; signed char b = sc - 1; unsigned long c = ul + 2;
    printf("%u %d %lu %d\n", a, b, c, (unsigned char)sc);
    return 0;
}
''',
}


def _run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw)


# ---- comparing objects --------------------------------------------------------------
def _sym_name(elf, symtab, sym):
    if sym["st_info"]["type"] == "STT_SECTION":
        return elf.get_section(sym["st_shndx"]).name
    return sym.name


def _secname(elf, shndx):
    if isinstance(shndx, str):
        return shndx
    return elf.get_section(shndx).name


def describe(obj: bytes, skip_debug=True):
    """What must match GNU as: section bytes, relocations, symbols (as readable tuples)."""
    elf = ELFFile(io.BytesIO(obj))
    symtab = elf.get_section_by_name(".symtab")
    out = {"sections": [], "relocs": {}, "symbols": []}
    for sec in elf.iter_sections():
        if sec.name in ("", ".symtab", ".strtab", ".shstrtab") or isinstance(sec, RelocationSection):
            continue
        if skip_debug and sec.name.startswith(".debug"):
            continue
        data = sec.data() if sec["sh_type"] != "SHT_NOBITS" else sec["sh_size"]
        out["sections"].append((sec.name, sec["sh_type"], sec["sh_flags"], sec["sh_addralign"],
                                sec["sh_entsize"], data))
    for sec in elf.iter_sections():
        if isinstance(sec, RelocationSection):
            target = elf.get_section(sec["sh_info"]).name
            if skip_debug and target.startswith(".debug"):
                continue
            out["relocs"][target] = [
                (r["r_offset"], r["r_info_type"],
                 _sym_name(elf, symtab, symtab.get_symbol(r["r_info_sym"])), r["r_addend"])
                for r in sec.iter_relocations()]
    for sym in symtab.iter_symbols():
        name = _sym_name(elf, symtab, sym)
        if skip_debug and name.startswith(".debug"):
            continue
        out["symbols"].append((name, sym["st_info"]["bind"], sym["st_info"]["type"],
                               _secname(elf, sym["st_shndx"]), sym["st_value"], sym["st_size"],
                               sym["st_other"]["visibility"]))
    return out


def differences(ours: bytes, gnu: bytes, skip_debug=True):
    a, b = describe(ours, skip_debug), describe(gnu, skip_debug)
    diffs = []
    sa = {s[0]: s for s in a["sections"]}
    sb = {s[0]: s for s in b["sections"]}
    if [s[0] for s in a["sections"]] != [s[0] for s in b["sections"]]:
        diffs.append(f"section list: ours {[s[0] for s in a['sections']]} gnu {[s[0] for s in b['sections']]}")
    for name in sb:
        if name in sa and sa[name] != sb[name]:
            x, y = sa[name], sb[name]
            if x[5] != y[5]:
                d = x[5]
                e = y[5]
                if isinstance(d, bytes) and isinstance(e, bytes):
                    at = next((i for i in range(min(len(d), len(e))) if d[i] != e[i]), min(len(d), len(e)))
                    diffs.append(f"{name}: bytes differ at 0x{at:x} (ours {len(d)} bytes "
                                 f"{d[at:at + 8].hex()}, gnu {len(e)} bytes {e[at:at + 8].hex()})")
                else:
                    diffs.append(f"{name}: size ours {d} gnu {e}")
            if x[:5] != y[:5]:
                diffs.append(f"{name}: header ours {x[:5]} gnu {y[:5]}")
    for name in set(a["relocs"]) | set(b["relocs"]):
        ra, rb = a["relocs"].get(name, []), b["relocs"].get(name, [])
        if ra != rb:
            extra = [r for r in ra if r not in rb][:3]
            missing = [r for r in rb if r not in ra][:3]
            diffs.append(f".rela{name}: ours-only {extra} gnu-only {missing}"
                         + (" (order)" if not extra and not missing else ""))
    if a["symbols"] != b["symbols"]:
        extra = [s for s in a["symbols"] if s not in b["symbols"]][:4]
        missing = [s for s in b["symbols"] if s not in a["symbols"]][:4]
        diffs.append(f"symbols: ours-only {extra} gnu-only {missing}"
                     + (" (order)" if not extra and not missing else ""))
    return diffs


# ---- fixtures -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def workdir():
    d = tempfile.mkdtemp(prefix="asmtest")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def have(tool):
    return shutil.which(tool) is not None


def compile_s(workdir, name, src, arch, flags):
    tag = f"{name}-{arch}{''.join(flags).replace('-', '_')}"
    c = os.path.join(workdir, name + ".c")
    if not os.path.exists(c):
        with open(c, "w") as f:
            f.write(src)
    s = os.path.join(workdir, tag + ".s")
    r = _run([TOOLS[arch]["gcc"], "-S", *flags, "-o", s, c])
    assert r.returncode == 0, r.stderr
    with open(s) as f:
        return tag, f.read()


def gnu_as(workdir, arch, tag, text):
    s = os.path.join(workdir, tag + ".gnu.s")
    o = os.path.join(workdir, tag + ".gnu.o")
    with open(s, "w") as f:
        f.write(text)
    r = _run([TOOLS[arch]["as"], "-o", o, s])
    assert r.returncode == 0, r.stderr
    with open(o, "rb") as f:
        return f.read()


def corpus_cases():
    for arch in ("x86_64", "aarch64"):
        for flags in (("-O0",), ("-O1",), ("-O0", "-g"), ("-O1", "-g")):
            for name in CORPUS:
                yield arch, flags, name



FLAG_SETS = [("-O0",), ("-O1",), ("-O0", "-g"), ("-O1", "-g")]


def _need(arch):
    if not (have(TOOLS[arch]["gcc"]) and have(TOOLS[arch]["as"])):
        pytest.skip(f"GNU toolchain for {arch} not installed")


@pytest.fixture(scope="module")
def built(workdir):
    """(arch, flags, name) -> (tag, .s text, GNU's object, our object), made on demand."""
    cache = {}

    def get(arch, flags, name):
        key = (arch, flags, name)
        if key not in cache:
            tag, text = compile_s(workdir, name, CORPUS[name], arch, list(flags))
            gnu = gnu_as(workdir, arch, tag, text)
            ours = assemble(text, tag + ".s", target=TARGETS[arch]).object
            cache[key] = (tag, text, gnu, ours)
        return cache[key]
    return get


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
@pytest.mark.parametrize("flags", FLAG_SETS, ids=lambda f: "".join(f))
def test_corpus_identical_to_gnu_as(built, arch, flags):
    _need(arch)
    bad = {}
    for name in CORPUS:
        tag, text, gnu, ours = built(arch, flags, name)
        diffs = differences(ours, gnu, skip_debug=False)
        if diffs:
            bad[tag] = diffs[:3]
    assert not bad, f"{len(bad)}/{len(CORPUS)} differ: {bad}"


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_readelf_reads_our_objects_without_warnings(built, workdir, arch):
    _need(arch)
    for flags in (("-O0",), ("-O1", "-g")):
        for name in ("hello", "switch", "globals", "floats"):
            tag, _, _, ours = built(arch, flags, name)
            path = os.path.join(workdir, tag + ".ours.o")
            with open(path, "wb") as f:
                f.write(ours)
            r = _run([TOOLS[arch]["readelf"], "-a", "-w", path])
            assert r.returncode == 0 and "warning" not in r.stderr.lower() \
                and "error" not in r.stderr.lower(), r.stderr


RUN_PROGRAMS = ["hello", "switch", "globals", "strings", "math", "funcptr", "structs",
                "bubble", "varargs", "floats", "statics", "bigswitch"]


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_linked_programs_run_like_gcc_built_ones(built, workdir, arch):
    _need(arch)
    if arch == "aarch64" and not have("qemu-aarch64"):
        pytest.skip("qemu-aarch64 not installed")
    static = ["-static"] if arch == "aarch64" else []
    for i, name in enumerate(RUN_PROGRAMS):
        flags = ("-O0",) if i % 2 == 0 else ("-O1",)
        tag, _, gnu, ours = built(arch, flags, name)
        exes = []
        for kind, obj in (("ours", ours), ("gnu", gnu)):
            o = os.path.join(workdir, f"{tag}.{kind}.o")
            exe = os.path.join(workdir, f"{tag}.{kind}")
            with open(o, "wb") as f:
                f.write(obj)
            r = _run([TOOLS[arch]["gcc"], *static, "-o", exe, o])
            assert r.returncode == 0, f"{tag}: link failed: {r.stderr}"
            exes.append(exe)
        runs = [_run(TOOLS[arch]["run"] + [exe]) for exe in exes]
        assert (runs[0].returncode, runs[0].stdout) == (runs[1].returncode, runs[1].stdout), tag
        assert runs[0].stdout, tag


def test_seed_main_calls_sum_through_plt32(workdir):
    _need("x86_64")
    seed = os.path.join(os.path.dirname(__file__), "..", "examples", "seed")
    s = os.path.join(workdir, "seed_main.s")
    r = _run(["gcc", "-O0", "-S", "-I", seed, "-o", s, os.path.join(seed, "main.c")])
    assert r.returncode == 0, r.stderr
    with open(s) as f:
        text = f.read()
    obj = assemble(text, "main.s").object
    elf = ELFFile(io.BytesIO(obj))
    code = elf.get_section_by_name(".text").data()
    relocs = list(elf.get_section_by_name(".rela.text").iter_relocations())
    symtab = elf.get_section_by_name(".symtab")
    calls = [(r["r_offset"], r["r_info_type"], symtab.get_symbol(r["r_info_sym"]).name,
              r["r_addend"]) for r in relocs]
    assert (calls[0][1], calls[0][2], calls[0][3]) == (4, "sum", -4)   # R_X86_64_PLT32 sum-4
    at = calls[0][0]
    assert code[at - 1:at + 4] == bytes.fromhex("e800000000")
    assert differences(obj, gnu_as(workdir, "x86_64", "seed_main", text)) == []


HANDWRITTEN_X86 = r"""
# crt1-style start code and syscall stubs, as people write them
	.text
	.globl _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined rip
	xorl %ebp, %ebp
	movq (%rsp), %rdi          # argc
	leaq 8(%rsp), %rsi         /* argv */
	leaq 8(%rsi,%rdi,8), %rdx
	andq $-16, %rsp
	call main
	movl %eax, %edi
	movl $60, %eax
	syscall
	hlt
	.cfi_endproc
	.size _start, .-_start
	.globl __syscall3
	.type __syscall3, @function
__syscall3:
	movq %rdi, %rax; movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	syscall
	ret
1:	jmp 1b
	jmp 2f
2:	nop
	movq %fs:0, %rax
	movl 0x1000, %eax
	movabsq $0x123456789abcdef0, %rax
	movq $sym+8, %rax
	.equ SYS_write, 1
	movl $SYS_write, %eax
	rep stosq
	lock addl $1, (%rdi)
	cmpb $'a', %al
	leaq sym@GOTPCREL(%rip), %rax
	call *%rax
	jmp *.Ltab(,%rax,8)
	testq %rax, %rax
	jne __syscall3
	.p2align 4,,10
	ret
	.size __syscall3, .-__syscall3
	.section .rodata
	.p2align 3
.Ltab:	.quad 1b, 2b
	.data
	.quad sym, sym+16
	.byte 1, 2, 'x'
	.value 0x1234
	.ascii "ab\n\0"
	.balign 8
	.zero 3
	.weak wk
	.quad wk
	.hidden hid
	.globl hid
hid:	.long 0
	.comm common_buf, 64, 32
	.section .note.GNU-stack,"",@progbits
"""

HANDWRITTEN_AARCH64 = r"""
// crt1-style start code and syscall stubs
	.text
	.global _start
	.type _start, %function
_start:
	mov x29, #0
	mov x30, #0
	ldr x0, [sp]
	add x1, sp, #8
	add x2, x1, x0, lsl #3
	add x2, x2, #8
	bl main
	mov x8, #93
	svc #0
1:	b 1b
	.size _start, .-_start
	.global __syscall3
	.type __syscall3, %function
__syscall3:
	mov x8, x0
	mov x0, x1 ; mov x1, x2
	mov x2, x3
	svc #0
	ret
	cbz x0, 2f
	tbnz w0, #3, 2f
	b.ne 2f
	bne 1b
2:	adr x0, 1b
	adrp x0, :got:ext
	ldr x0, [x0, :got_lo12:ext]
	movz x0, #:abs_g1:ext
	movk x0, #:abs_g0_nc:ext
	adrp x0, ext
	ldr q0, [x0, #:lo12:ext]
	ldrb w0, [x0, #:lo12:ext]
	ldrh w0, [x0, #:lo12:ext+2]
	str d0, [x0, #:lo12:ext]
	b ext
	fmov d0, #1.0
	ldr w1, [x2, w3, uxtw #2]
	uxtw x0, w1
	.size __syscall3, .-__syscall3
	.data
	.align 3
	.xword ext, ext+8
	.word 1, 2
	.hword 3
	.byte 4
	.section .note.GNU-stack,"",@progbits
"""


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_handwritten_start_code_matches_gnu_as(workdir, arch):
    _need(arch)
    text = HANDWRITTEN_X86 if arch == "x86_64" else HANDWRITTEN_AARCH64
    ours = assemble(text, "crt1.s", target=TARGETS[arch]).object
    assert differences(ours, gnu_as(workdir, arch, "hand-" + arch, text), skip_debug=False) == []


def _errors(text, target=X86_64):
    with pytest.raises(ToolError) as e:
        assemble(text, "x.s", target=target)
    return str(e.value).splitlines()


def test_errors_are_reported_as_gnu_as_does():
    lines = _errors("\t.text\n\tfoo bar\nx:\tret\nx:\tret\n\t.bogus 4\n\t.long 1 2\n"
                    "\tmovl $1, %eax junk\n\taddq $1, %xyz\n")
    assert lines == [
        "x.s:2: Error: no such instruction: `foo bar'",
        "x.s:4: Error: symbol `x' is already defined",
        "x.s:5: Error: unknown pseudo-op: `.bogus'",
        "x.s:6: Error: junk at end of line, first unrecognized character is `2'",
        "x.s:7: Error: junk `junk' after register",
        "x.s:8: Error: bad register name `%xyz'",
    ]
    assert _errors("\tfoo x0, x1\n", AARCH64) == ["x.s:1: Error: unknown mnemonic `foo' -- `foo x0,x1'"]


@pytest.mark.parametrize("text", [
    "\tadd x0, x0, :lo12:foo\n\tldr x0, [x0, #:lo12:foo]\nfoo:\n",  # keystone would abort here
    "\tadd x0, x0, :lo12:\n", "\tb\n", "\tldr x0, =foo\n", "\tmov x0, #(1\n", "\tbl 1f\n",
    "\t.section\n", "\t.byte 'a\n", "\t.string \"abc\n", "\t.cfi_offset 6, -16\n",
    "\t.p2align 99\n", "\t.set\n", "\t.loc 9 9\n", "\t.uleb128 .Lx-.Ly\n", "\t.long 1/0\n",
    "\tmovq %rax, %rbx, %rcx\n", "\tjmp *\n", "\t.size f, .-g\n", "\tleaq (%rip, %rax), %rbx\n",
    "\x00\x01\x02\n", "\t" + "(" * 300 + "1" + ")" * 300 + "\n",
])
@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_bad_input_never_raises_anything_but_toolerror(text, arch):
    try:
        assemble(text, "bad.s", target=TARGETS[arch])
    except ToolError as e:
        assert str(e).startswith("bad.s:") and "internal" not in str(e)


def test_listing_maps_lines_to_bytes_and_c_lines():
    text = ('\t.file "s.c"\n\t.text\n\t.file 1 "s.c"\nf:\n\t.loc 1 3 5\n\tpushq %rbp\n'
            '\tmovq %rsp, %rbp\n\t.loc 1 4 1\n\tjmp 1f\n1:\tpopq %rbp\n\tret\n'
            '\t.data\nv:\t.long 7\n')
    res = assemble(text, "s.s")
    got = [(e.line, e.section, e.offset, e.data.hex(), e.c_file, e.c_line) for e in res.listing]
    assert got == [
        (6, ".text", 0, "55", "s.c", 3),
        (7, ".text", 1, "4889e5", "s.c", 3),
        (9, ".text", 4, "eb00", "s.c", 4),
        (10, ".text", 6, "5d", "s.c", 4),
        (11, ".text", 7, "c3", "s.c", 4),
        (13, ".data", 0, "07000000", "s.c", 4),
    ]


# ---- Intel syntax ---------------------------------------------------------------------
HANDWRITTEN_INTEL = r"""
	.intel_syntax noprefix
	.text
	.globl f
f:
	push rbp
	mov rbp, rsp
	mov DWORD PTR -4[rbp], edi
	mov DWORD PTR [rbp-8], 5
	mov eax, DWORD PTR [rbp-4]
	mov rax, QWORD PTR fs:40
	mov QWORD PTR -16[rbp], rax
	xor eax, eax
	mov eax, OFFSET FLAT:msg
	mov rax, OFFSET msg
	mov eax, var
	mov eax, var+4
	mov eax, DWORD PTR var
	.equ K, 12
	mov eax, K
	mov eax, K*2+1
	lea rax, .LC0[rip]
	lea rax, [rip+.LC0]
	lea rdx, [rax+rbx*8+16]
	lea rdx, 16[rax+rbx*8]
	lea rdx, [rbx*4]
	mov ecx, DWORD PTR a[0+rax*4]
	mov rax, QWORD PTR ext@GOTPCREL[rip]
	movsx eax, BYTE PTR [rax]
	movsx rax, WORD PTR [rax]
	movsxd rax, DWORD PTR [rax]
	movsx rdx, edx
	movzx eax, al
	movzx eax, WORD PTR [rdi]
	cdqe
	cqo
	cdq
	cwde
	idiv DWORD PTR -8[rbp]
	neg QWORD PTR [rdi]
	inc BYTE PTR [rdi]
	add QWORD PTR acc[rip], 1
	shl DWORD PTR [rdi], cl
	sar rax, 3
	sal eax
	imul eax, edx, 3
	push QWORD PTR [rdi]
	push 5
	pop rbx
	test BYTE PTR [rdi], 1
	cmp WORD PTR [rdi], 300
	sete al
	sete BYTE PTR [rdi]
	cmovle eax, edx
	movabs rax, 1234567890123
	mov rcx, 1000
	mov rcx, -1
	cvtsi2sd xmm0, eax
	cvtsi2sd xmm0, rax
	cvtsi2ss xmm1, DWORD PTR [rbp-12]
	cvtsi2sd xmm1, QWORD PTR [rbp-12]
	cvttsd2si eax, xmm0
	movsd xmm0, QWORD PTR [rbp-8]
	movss DWORD PTR [rbp-8], xmm0
	movq xmm0, rax
	movd eax, xmm1
	movaps XMMWORD PTR [rbp-32], xmm0
	pxor xmm0, xmm0
	fld TBYTE PTR [rbp-32]
	fld QWORD PTR [rbp-32]
	fld DWORD PTR [rbp-32]
	fstp TBYTE PTR [rbp-48]
	fild DWORD PTR [rbp-4]
	fild QWORD PTR [rbp-8]
	fistp WORD PTR [rbp-4]
	fnstcw WORD PTR [rbp-2]
	fldcw WORD PTR [rbp-2]
	fxch st(1)
	faddp st(1), st
	fmulp st(1), st
	fadd st, st(2)
	rep stosq
	rep stosq QWORD PTR es:[rdi], rax
	rep movsb
	lock add DWORD PTR [rdi], 1
	lock cmpxchg QWORD PTR [rdi], rcx
	xchg rax, rbx
	call g
	call sum@PLT
	call rax
	call QWORD PTR [rax+8]
	jmp rax
	notrack jmp rax
	jmp QWORD PTR .L4[0+rax*8]
	je .L2
	jmp .L2
	jrcxz .L2
.L2:
	nop
	nop DWORD PTR [rax+rax*1+0x0]
	nop WORD PTR cs:[rax+rax*1+0x0]
	xchg ax, ax
	leave
	ret
	.att_syntax
	movl $1, %eax
	movq %rsp, %rbp
	.intel_syntax noprefix
	mov eax, 2
	.att_syntax prefix
	ret
	.section .rodata
.LC0:	.string "hi"
.L4:	.quad .L2, f
	.data
msg:	.long 1
var:	.long 2, 3
a:	.long 4
acc:	.quad 0
	.intel_syntax noprefix
	.text
	fsub st(1), st
	fsubp st(1), st
	fdivrp st(1), st
	fsubr st(2), st
	fsub st, st(2)
	fsubp
	fdivp
	nop WORD PTR cs:[rax+rax*1+0x0]
	.att_syntax
	nopw %cs:0x0(%rax,%rax,1)
	nopl 0x0(%rax)
	nopl 8(%r8)
"""


def test_intel_syntax_handwritten_matches_gnu_as(workdir):
    _need("x86_64")
    ours = assemble(HANDWRITTEN_INTEL, "intel.s").object
    assert differences(ours, gnu_as(workdir, "x86_64", "hand-intel", HANDWRITTEN_INTEL),
                       skip_debug=False) == []


@pytest.mark.parametrize("flags", [("-O0",), ("-O1",), ("-O0", "-g")], ids=lambda f: "".join(f))
def test_gcc_masm_intel_corpus_identical_to_gnu_as(workdir, flags):
    _need("x86_64")
    bad = {}
    for name in CORPUS:
        tag, text = compile_s(workdir, name, CORPUS[name], "x86_64", [*flags, "-masm=intel"])
        assert ".intel_syntax noprefix" in text
        diffs = differences(assemble(text, tag + ".s").object,
                            gnu_as(workdir, "x86_64", tag, text), skip_debug=False)
        if diffs:
            bad[tag] = diffs[:3]
    assert not bad, bad


OUR_CC_PROGRAMS = ["main_sum", "loops", "switch", "globals", "pointers", "structs", "math",
                   "unsigned_ops"]


def test_our_compilers_masm_intel_output_matches_gnu_as_and_att(workdir):
    """`ccpipeline cc -masm=intel -S` output: GNU as's bytes, and the AT&T version's."""
    _need("x86_64")
    from toolchain import compiler, preprocessor
    inc = os.path.join(os.path.dirname(__file__), "..", "toolchain", "libc", "include")
    for i, name in enumerate(OUR_CC_PROGRAMS):
        path = os.path.join(workdir, name + ".c")
        with open(path, "w") as f:
            f.write(CORPUS[name])
        pre = preprocessor.preprocess(path, CORPUS[name], target=X86_64, include_dirs=[inc])
        opt = i % 2
        texts = {m: compiler.compile_c(pre.text, path, target=X86_64, opt_level=opt, masm=m).asm
                 for m in ("att", "intel")}
        tag = f"ours-{name}-O{opt}-intel"
        ours = assemble(texts["intel"], tag + ".s").object
        assert differences(ours, gnu_as(workdir, "x86_64", tag, texts["intel"]),
                           skip_debug=False) == [], tag
        att = assemble(texts["att"], tag + ".s").object
        assert describe(ours)["sections"] == describe(att)["sections"], tag


def test_unknown_mode_directive_gives_one_error_not_a_cascade():
    body = "\tmov eax, 1\n\tmov DWORD PTR [rbp-4], 2\n" * 30
    assert _errors("\t.intel_syntax noprefix\n" + body, AARCH64) == [
        "x.s:1: Error: unknown pseudo-op: `.intel_syntax' (the rest of the file is not assembled)"]
    assert _errors("\t.code16\n" + body) == [
        "x.s:1: Error: unknown pseudo-op: `.code16' (the rest of the file is not assembled)"]
    # and on x86-64, Intel syntax then AT&T again is simply assembled
    res = assemble("\t.intel_syntax noprefix\n" + body + "\t.att_syntax\n\tmovl $1, %eax\n")
    assert res.listing[-1].data == bytes.fromhex("b801000000")


# ---- GAS directives people write by hand -------------------------------------------------
HANDWRITTEN_MACROS = r"""
	.text
	.macro prologue frame=16
	pushq %rbp
	movq %rsp, %rbp
	subq $\frame, %rsp
	.endm
	.macro sys name, num:req
	.globl \name
\name:
	movl $\num, %eax
	syscall
	ret
	.endm
	.macro lbl n
L\n\()_x:	.long \n
	.endm
	.macro vsum first, rest:vararg
	.long \first
	.ifnb \rest
	vsum \rest
	.endif
	.endm
	.macro uniq
.Lu\@:	jmp .Lu\@
	.endm
f:	prologue
	prologue 32
	prologue frame=64
	sys my_write, 1
	sys my_exit 60
	uniq
	uniq
	.set K, 0
	.rept 3
	movl $K, %eax
	.set K, K+1
	.endr
	.irp reg, rax, rbx, rcx
	pushq %\reg
	.endr
	.irpc c, 123
	.byte \c
	.endr
	.equ DEBUG, 1
	.if DEBUG
	nop
	.elseif DEBUG == 2
	int3
	.else
	hlt
	.endif
	.ifdef DEBUG
	movl $1, %ecx
	.endif
	.ifndef NOPE
	movl $2, %ecx
	.endif
	.if 0
	.if 1
	bogus instruction
	.endif
	.else
	movl $3, %ecx
	.endif
	.ifc abc,abc
	movl $4, %ecx
	.endif
	.ifnc abc,abd
	movl $5, %ecx
	.endif
	.ifeq DEBUG-1
	movl $6, %ecx
	.endif
	.ifgt DEBUG
	movl $7, %ecx
	.endif
	.data
	lbl 3
	lbl 4
	vsum 1, 2, 3, 4
	x = 5
	y = x * 2
	.long x, y
	.rept 2
	.rept 2
	.byte 9
	.endr
	.endr
	.include "inc1.s"
	.incbin "blob.bin"
	.incbin "blob.bin", 2
	.incbin "blob.bin", 1, 3
	.purgem lbl
"""


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_macros_repeats_conditionals_includes_match_gnu_as(workdir, arch):
    _need(arch)
    d = os.path.join(workdir, "macros-" + arch)
    os.makedirs(os.path.join(d, "sub"), exist_ok=True)
    files = {"inc1.s": '\t.long 0x11223344\n\t.include "sub/inc2.s"\n',
             "sub/inc2.s": 'from_inc2:\t.quad from_inc2\n\t.incbin "sub/b2.bin"\n',
             "blob.bin": "ABCDEFGH", "sub/b2.bin": "zz"}
    for name, content in files.items():
        with open(os.path.join(d, name), "w") as f:
            f.write(content)
    text = HANDWRITTEN_MACROS
    if arch == "aarch64":
        text = (text.replace("pushq %rbp", "stp x29, x30, [sp, #-16]!")
                .replace("movq %rsp, %rbp", "mov x29, sp").replace("subq $\\frame, %rsp", "sub sp, sp, #\\frame")
                .replace("movl $\\num, %eax", "mov x8, #\\num").replace("syscall", "svc #0")
                .replace("movl $K, %eax", "mov w0, #K").replace("pushq %\\reg", "str \\reg, [sp, #-16]!")
                .replace(", rax, rbx, rcx", ", x0, x1, x2").replace("int3", "brk #0")
                .replace("movl $", "mov w1, #").replace(", %ecx", "").replace("jmp", "b")
                .replace(".irpc c, 123", ".irpc c, 1234"))   # keep the code after it aligned
    src = os.path.join(d, "m.s")
    with open(src, "w") as f:
        f.write(text)
    r = subprocess.run([TOOLS[arch]["as"], "-o", "m.gnu.o", "m.s"], cwd=d, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(os.path.join(d, "m.gnu.o"), "rb") as f:
        gnu = f.read()
    ours = assemble(text, src, target=TARGETS[arch]).object
    assert differences(ours, gnu, skip_debug=False) == []


def test_directive_errors_are_reported_as_gnu_as_does():
    assert _errors("\t.if 1\n\tnop\n") == [
        "x.s: Error: end of file inside conditional",
        "x.s:1: Error: here is the start of the unterminated conditional"]
    assert _errors(".macro m a b\n.long \\a\n") == [
        "x.s:1: Error: unexpected end of file in macro `m' definition"]
    assert _errors(".else\n.endif\n") == [
        "x.s:1: Error: \".else\" without matching \".if\"", "x.s:2: Error: \".endif\" without \".if\""]
    assert _errors('.include "nope.s"\n.incbin "nope.bin"\n') == [
        "x.s:1: Error: can't open nope.s for reading: No such file or directory",
        "x.s:2: Error: file not found: nope.bin"]
    # errors inside a repeat are reported once per copy, at the line in the body
    assert _errors(".rept 2\n\tfoo\n.endr\n") == ["x.s:2: Error: no such instruction: `foo'"] * 2


# ---- AArch64: names like registers, literal pools, data before code ----------------------
AARCH64_REGISTER_NAMES = r"""
	.text
	bl h4
	bl s1
	b d0
	b.ne b2
	cbz x0, q3
	tbz w0, #1, x9
	adr x0, w1
	adrp x0, v7
	add x0, x0, :lo12:v7
	adrp x1, s1
	ldr x1, [x1, #:lo12:s1]
	ldr x2, x9
	ldr w2, sp
	bl sp
	bl x30
	bl lr
	b wzr
h4:	ret
s1:	ret
	.data
	.quad s1
	.quad x0, w1+4, sp
"""

AARCH64_LITERAL_POOLS = r"""
	.text
	.global f
f:
	ldr x0, =sym
	ldr w1, =0x12345678
	ldr x2, =0x123456789abcdef0
	ldr x3, =5
	ldr x4, =-1
	ldr x7, =sym+8
	ldr x8, =loc
	ldr x0, =sym
	ldr w1, =0x12345678
	ldr q0, =-1
	ldr d1, =0x123456789
	ldr s2, =0x1234
	ldrsw x5, =7
	ret
	.ltorg
loc:
	ldr x9, =0xdeadbeefcafe
	ldr w9, =sym
	b 1f
	.pool
1:	ldr x1, =f
	ret
	.section .text.other,"ax"
	ldr x0, =0x8765432112345678
	ldr w0, =1b
	ret
	.data
	.quad 1
"""

AARCH64_DATA_THEN_CODE = r"""
	.text
f:	.byte 1
g:	nop
	.hword 2
	ret
	.byte 3, 4, 5
h:	ret
	.byte 1
	.p2align 3
	.byte 2
	nop
	.word 1
	.p2align 2, 0
	.byte 2
	nop
	.zero 3
	bl f
	.string "xy"
	b.ne f
	.section .text.x,"ax"
	.ascii "abc"
	nop
	.byte 1
	.p2align 2
	.data
	.byte 1
	nop
	.p2align 3
	.byte 3
"""


@pytest.mark.parametrize("name", ["AARCH64_REGISTER_NAMES", "AARCH64_LITERAL_POOLS",
                                  "AARCH64_DATA_THEN_CODE"])
def test_aarch64_labels_pools_and_padding_match_gnu_as(workdir, name):
    _need("aarch64")
    text = globals()[name]
    ours = assemble(text, name + ".s", target=AARCH64).object
    assert differences(ours, gnu_as(workdir, "aarch64", name, text), skip_debug=False) == []


def test_aarch64_literal_pool_errors_as_gnu_as():
    assert _errors("\t.data\n\t.byte 1\n\tldr x0, =5\n", AARCH64) == [
        "x.s:3: Error: pc-relative load offset not word aligned"]
    # a label before code that follows data marks the padding, as in GNU as
    assert _errors("\t.byte 1\ng:\tnop\n\tbl g\n\tcbz x0, g\n", AARCH64) == [
        "x.s:3: Error: branch target not word aligned",
        "x.s:4: Error: conditional branch target not word aligned"]
    assert _errors("\tadd x0, x1, =5\n", AARCH64) == [
        "x.s:1: Error: invalid use of \"=immediate\" -- `add x0,x1,=5'"]


def test_x86_att_names_like_registers_are_symbols(workdir):
    _need("x86_64")
    text = ("\t.text\n\tcall ax\n\tcall rax\n\tjmp eax\n\tjne rbx\n\tmovl ax, %eax\n"
            "\tmovq $rax, %rcx\n\tleaq rsp(%rip), %rdi\n\tcall xmm0\n\t.data\n\t.quad rax, eax+4\n")
    assert differences(assemble(text, "r.s").object, gnu_as(workdir, "x86_64", "regnames", text),
                       skip_debug=False) == []


@pytest.mark.parametrize("line,message", [
    ("mov %eax", "number of operands mismatch for `mov'"),
    ("movl %eax, %ebx, %ecx", "number of operands mismatch for `mov'"),
    ("inc", "number of operands mismatch for `inc'"),
    ("movl $1, $2", "operand type mismatch for `mov'"),
    ("pushl %eax", "invalid instruction suffix for `push'"),
    ("popl %eax", "invalid instruction suffix for `pop'"),
    ("addl %al, %ebx", "register type mismatch for `add'"),
    ("movq %eax, %rbx", "operand type mismatch for `movq'"),
    ("addq $1, %eax", "incorrect register `%eax' used with `q' suffix"),
    ("negl %rax", "incorrect register `%rax' used with `l' suffix"),
    ("movb $1, %ax", "`%ax' not allowed with `movb'"),
    ("shl %eax, %ebx", "operand type mismatch for `shl'"),
    ("leaq %rax, %rbx", "operand type mismatch for `lea'"),
    ("addl (%rax), (%rbx)", "operand size mismatch for `add'"),
    ("ret %eax", "operand size mismatch for `ret'"),
    ("cmpl %eax, $5", "operand type mismatch for `cmp'"),
])
def test_x86_operand_errors_use_gnu_as_words(line, message):
    assert _errors(f"\t{line}\n") == [f"x.s:1: Error: {message}"]


def test_speed_instructions_per_second(built, capsys):
    """Measured, not asserted (timing belongs in benchmarks); printed with -s."""
    for arch in ("x86_64", "aarch64"):
        _need(arch)
        texts = [built(arch, ("-O0",), name)[1] for name in CORPUS]
        n = sum(1 for t in texts for line in t.splitlines()
                if line.startswith("\t") and not line.lstrip().startswith("."))
        t0 = time.perf_counter()
        for t in texts:
            assemble(t, "x.s", target=TARGETS[arch])
        dt = time.perf_counter() - t0
        with capsys.disabled():
            print(f"\n[assembler {arch}] {n} instructions (gcc -O0 corpus) in {dt:.3f}s "
                  f"(keystone cache warm): {n / dt:,.0f} insn/s")


if __name__ == "__main__":
    # A report: match rate per architecture and option set, and the first differences.
    wd = tempfile.mkdtemp(prefix="asmrep")
    total = {}
    t_ours = 0.0
    n_insn = 0
    for arch, flags, name in corpus_cases():
        tag, text = compile_s(wd, name, CORPUS[name], arch, list(flags))
        gnu = gnu_as(wd, arch, tag, text)
        t0 = time.perf_counter()
        try:
            ours = assemble(text, tag + ".s", target=TARGETS[arch]).object
            diffs = differences(ours, gnu, skip_debug=False)
        except ToolError as e:
            diffs = [f"ToolError: {e}"]
        t_ours += time.perf_counter() - t0
        key = (arch, " ".join(flags))
        ok, n = total.get(key, (0, 0))
        total[key] = (ok + (not diffs), n + 1)
        if diffs:
            print(f"--- {tag}")
            for d in diffs[:4]:
                print("   ", d)
    for key, (ok, n) in total.items():
        print(f"{key}: {ok}/{n} identical")
    print(f"time in our assembler: {t_ours:.2f}s")
